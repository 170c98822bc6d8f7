// `hookmine synth` as a user runs it: help, the library listing, a run with --json, exit codes.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { NO_SANDBOX } from '../execute/sandbox-helper.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/synth', import.meta.url));
const DATA = join(FIXTURES, 'data');
const NO_LLM = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };

describe('hookmine synth (no sandbox needed)', () => {
  it('--help documents the options and gives examples', () => {
    const r = runHookmine(['synth', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: hookmine synth/);
    for (const flag of ['--csv', '--templates', '--per-csv', '--seed', '--jobs', '--paraphrase', '--list']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/HOOKMINE_SYNTH_JOBS/);
    expect(r.stdout).toMatch(/Examples:/);
  });

  it('--list prints the library, and --json gives it as data', () => {
    const text = runHookmine(['synth', '--list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\d+ template families/);
    expect(text.stdout).toContain('skewness-median*');
    const json = JSON.parse(runHookmine(['--json', 'synth', '--list']).stdout) as { id: string; variants: { heldout?: boolean }[] }[];
    expect(json.length).toBeGreaterThanOrEqual(30);
    expect(json.some((f) => f.variants.some((v) => v.heldout))).toBe(true);
  });

  it('refuses unknown templates, a bad --per-csv, and --paraphrase without an LLM server (exit 2)', () => {
    const db = join(tempDir(), 'c.duckdb');
    const unknown = runHookmine(['--db', db, 'synth', '--csv', DATA, '--templates', 'no-such-family']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no family or category matches "no-such-family"/);
    expect(runHookmine(['--db', db, 'synth', '--csv', DATA, '--per-csv', 'many']).code).toBe(2);
    const llm = runHookmine(['--db', db, 'synth', '--csv', DATA, '--paraphrase'], { env: NO_LLM });
    expect(llm.code).toBe(2);
    expect(llm.stderr).toMatch(/--paraphrase needs an OpenAI-compatible server/);
  });
});

describe.skipIf(NO_SANDBOX)(`hookmine synth runs${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('stores episodes, prints the summary as JSON, and records the run', () => {
    const db = join(tempDir(), 'c.duckdb');
    const r = runHookmine(['--db', db, '--data-root', DATA, '--json', 'synth', '--csv', join(DATA, 'shop/orders.csv'), '--templates', 'quantile', 'filter-count', '--per-csv', '4', '--jobs', '2'], { env: NO_LLM });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ tables: 1, failed: 0, poolSize: 2 });
    expect(summary.stored).toBe(4);
    expect(Object.keys(summary.byFamily).sort()).toEqual(['filter-count', 'quantile']);
    const runs = JSON.parse(runHookmine(['--db', db, 'sql', '--format', 'json', 'select command, status from pipeline_runs']).stdout);
    expect(runs).toEqual([{ command: 'synth', status: 'ok' }]);
    const text = runHookmine(['--db', db, '--data-root', DATA, 'synth', '--csv', join(DATA, 'shop/orders.csv'), '--templates', 'quantile', 'filter-count', '--per-csv', '4']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/0 episodes stored, 4 already stored/);
    expect(text.stdout).toMatch(/episodes\/s with a pool of/);
  });

  it('names a missing path (exit 2) and an unreadable table (exit 1), and stores the rest', () => {
    const db = join(tempDir(), 'c.duckdb');
    const missing = runHookmine(['--db', db, '--data-root', DATA, 'synth', '--csv', '/no/such.csv', join(DATA, 'shop/orders.csv'), '--templates', 'quantile', '--per-csv', '2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/no\/such\.csv: no such file or folder/);
    expect(missing.stdout).toMatch(/2 episodes stored/);
    const broken = runHookmine(['--db', db, '--data-root', DATA, 'synth', '--csv', join(FIXTURES, 'broken'), join(DATA, 'shop/customers.csv'), '--templates', 'quantile', '--per-csv', '2']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\/empty\.csv: unreadable_table: cannot load the table: EmptyDataError/);
    expect(broken.stdout).toMatch(/1 unreadable/);
    expect(broken.stdout).toMatch(/2 episodes stored/);
  });
});
