import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCredentials, requireCredentials } from '../../crawlers/kaggle-auth.js';
import { UsageError } from '../../src/errors.js';
import { redact } from '../../src/secrets.js';
import { tempDir } from '../helpers/tmp.js';

function home(files: Record<string, string> = {}): string {
  const dir = tempDir();
  mkdirSync(join(dir, '.kaggle'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, '.kaggle', name), text);
  return dir;
}

describe('loadCredentials', () => {
  it('prefers KAGGLE_API_TOKEN (Bearer) over everything else', () => {
    const creds = loadCredentials({ KAGGLE_API_TOKEN: 'KGAT_token_value_1', KAGGLE_USERNAME: 'u', KAGGLE_KEY: 'key_value_1' }, home({ access_token: 'file_token_1' }));
    expect(creds).toMatchObject({ kind: 'bearer', header: 'Bearer KGAT_token_value_1', source: 'KAGGLE_API_TOKEN' });
  });

  it('accepts KAGGLE_API_TOKEN as the path of a file that holds the token', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), 'token_in_a_file_2\n');
    expect(loadCredentials({ KAGGLE_API_TOKEN: join(dir, 'token') }, home())?.header).toBe('Bearer token_in_a_file_2');
  });

  it('reads ~/.kaggle/access_token, then KAGGLE_USERNAME/KAGGLE_KEY, then ~/.kaggle/kaggle.json (Basic)', () => {
    expect(loadCredentials({}, home({ access_token: 'file_token_3\n' }))).toMatchObject({ kind: 'bearer', header: 'Bearer file_token_3' });
    expect(loadCredentials({ KAGGLE_USERNAME: 'ana', KAGGLE_KEY: 'env_key_value_4' }, home({ 'kaggle.json': '{"username":"x","key":"y1234567"}' }))).toMatchObject({
      kind: 'basic',
      header: `Basic ${Buffer.from('ana:env_key_value_4').toString('base64')}`,
    });
    expect(loadCredentials({}, home({ 'kaggle.json': '{"username":"ben","key":"json_key_value_5"}' }))).toMatchObject({ kind: 'basic', source: expect.stringMatching(/kaggle\.json$/) });
    expect(loadCredentials({ KAGGLE_CONFIG_DIR: join(home({ access_token: 'elsewhere_6' }), '.kaggle') }, '/nonexistent')?.header).toBe('Bearer elsewhere_6');
  });

  it('registers every secret it reads, so logs and errors redact it', () => {
    const creds = loadCredentials({ KAGGLE_USERNAME: 'ana', KAGGLE_KEY: 'secret_key_value_7' }, home());
    const text = `key secret_key_value_7 header ${creds?.header}`;
    expect(redact(text)).not.toContain('secret_key_value_7');
    expect(redact(text)).not.toContain(Buffer.from('ana:secret_key_value_7').toString('base64'));
  });

  it('no credentials: null, and a usage error that says where to put them; a broken kaggle.json is named', () => {
    expect(loadCredentials({}, home())).toBeNull();
    expect(() => requireCredentials({}, home())).toThrow(/set KAGGLE_API_TOKEN/);
    expect(() => loadCredentials({}, home({ 'kaggle.json': '{"username": "x"' }))).toThrow(UsageError);
    expect(() => loadCredentials({}, home({ 'kaggle.json': '{"username": "x", "key_value": "leaky_value_8"}' }))).toThrow(/must hold \{"username"/);
  });
});
