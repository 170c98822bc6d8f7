import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, describeOption, loadConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig({}, {});
    expect(config.db).toBe('./hookmine.duckdb');
    expect(config.python).toBe('/usr/bin/python3');
    expect(config.rtol).toBe(1e-5);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { HOOKMINE_DB: '/env.duckdb', HOOKMINE_JOBS: '3' };
    expect(loadConfig({}, env)).toMatchObject({ db: '/env.duckdb', jobs: 3 });
    expect(loadConfig({ db: '/flag.duckdb' }, env).db).toBe('/flag.duckdb');
  });

  it('names the option and its origin when a value is invalid', () => {
    expect(() => loadConfig({}, { HOOKMINE_JOBS: 'many' })).toThrow(UsageError);
    expect(() => loadConfig({}, { HOOKMINE_JOBS: 'many' })).toThrow(/jobs from HOOKMINE_JOBS/);
    expect(() => loadConfig({ timeoutSeconds: '-1' }, {})).toThrow(/--timeout-seconds/);
  });

  it('never prints a secret value in an error', () => {
    expect(CONFIG_FIELDS.openaiApiKey.secret).toBe(true);
    expect(describeOption('openaiApiKey')).not.toMatch(/default/);
  });
});

describe('README configuration table', () => {
  it('lists every environment variable of the config table', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const spec of Object.values(CONFIG_FIELDS)) expect(readme).toContain(spec.env);
  });
});
