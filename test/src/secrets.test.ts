import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTest, redact, registerSecretsFromEnv } from '../../src/secrets.js';

afterEach(() => clearSecretsForTest());

describe('redact', () => {
  it('removes registered secret values wherever they appear', () => {
    registerSecretsFromEnv({ KAGGLE_KEY: 'abcdef123456', OPENAI_API_KEY: 'sk-test-999999', HOME: '/root' });
    expect(redact('key=abcdef123456 and sk-test-999999 in /root')).toBe('key=*** and *** in /root');
  });
  it('removes auth headers and URL credentials of any value', () => {
    expect(redact('Authorization: Bearer xyz.abc-123')).toBe('Authorization: Bearer ***');
    expect(redact('"authorization":"Basic dXNlcjprZXk="')).toBe('"authorization":"Basic ***"');
    expect(redact('https://user:pa55word@host/x')).toBe('https://user:***@host/x');
  });
});
