import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/notebooks', import.meta.url));

describe('hookmine --help', () => {
  it('lists the commands and the exit codes', () => {
    const r = runHookmine(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ingest/);
    expect(r.stdout).toMatch(/sql/);
    expect(r.stdout).toMatch(/Exit codes: 0/);
  });

  it.each(['ingest', 'sql'])('%s --help documents the command and the global options', (cmd) => {
    const r = runHookmine([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: hookmine ${cmd}`));
    expect(r.stdout).toMatch(/--db <file>.*HOOKMINE_DB/s);
  });

  it('an unknown command or option is a usage error (2)', () => {
    expect(runHookmine(['frobnicate']).code).toBe(2);
    expect(runHookmine(['ingest', '--no-such-flag', 'x']).code).toBe(2);
    expect(runHookmine(['ingest']).code).toBe(2);
  });
});

describe('hookmine ingest', () => {
  it('exits 0 when everything ingests, 1 when some files fail, and --json reports both', () => {
    const db = join(tempDir(), 'c.duckdb');
    const ok = runHookmine(['--db', db, 'ingest', join(FIXTURES, 'good')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/4 ingested/);
    const mixed = runHookmine(['--db', db, '--json', 'ingest', FIXTURES]);
    expect(mixed.code).toBe(1);
    const summary = JSON.parse(mixed.stdout);
    expect(summary).toMatchObject({ ingested: 0, unchanged: 4 });
    expect(summary.failed).toBeGreaterThan(10);
    expect(summary.byReason.invalid_json).toBe(1);
    expect(mixed.stderr).toMatch(/invalid-json\.ipynb: invalid_json/);
  });

  it('reads the corpus path from HOOKMINE_DB', () => {
    const db = join(tempDir(), 'env.duckdb');
    const r = runHookmine(['ingest', join(FIXTURES, 'good/titanic/plain-script.py')], { env: { HOOKMINE_DB: db } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(db);
  });

  it('a path that does not exist is named, the rest are ingested, and the exit code is 2', () => {
    const db = join(tempDir(), 'c.duckdb');
    const r = runHookmine(['--db', db, 'ingest', '/no/such/notebook.ipynb', join(FIXTURES, 'good/titanic/plain-script.py')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/no\/such\/notebook\.ipynb: no such file/);
    expect(r.stdout).toMatch(/1 ingested/);
  });

  it('a bad --competition is a usage error and stores nothing', () => {
    const db = join(tempDir(), 'c.duckdb');
    const r = runHookmine(['--db', db, 'ingest', '--competition', 'Not A Slug', FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--competition must be a Kaggle slug/);
  });
});

describe('hookmine sql', () => {
  const db = join(tempDir(), 'sql.duckdb');
  runHookmine(['--db', db, 'ingest', join(FIXTURES, 'good')]);

  it('prints a table by default', () => {
    const r = runHookmine(['--db', db, 'sql', 'select competition, count(*) as n from notebooks group by 1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/competition \| +n\n/);
    expect(r.stdout).toMatch(/titanic +\| +4/);
  });

  it.each([
    ['json', (out: string) => expect(JSON.parse(out)).toEqual([{ kind: 'ipynb', n: 2 }, { kind: 'script', n: 2 }])],
    ['jsonl', (out: string) => expect(out.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ kind: 'ipynb', n: 2 }, { kind: 'script', n: 2 }])],
    ['csv', (out: string) => expect(out).toBe('kind,n\nipynb,2\nscript,2\n')],
  ])('--format %s', (format, check) => {
    const r = runHookmine(['--db', db, 'sql', '--format', format, 'select kind, count(*)::INT as n from notebooks group by 1 order by 1']);
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  it('embeds JSON columns as JSON in the json formats', () => {
    const r = runHookmine(['--db', db, 'sql', '--format', 'json', "select kaggle_metadata from notebooks where kaggle_metadata is not null"]);
    expect(JSON.parse(r.stdout)[0].kaggle_metadata.kaggle.dockerImageVersionId).toBe(30646);
  });

  it('reads the query from stdin', () => {
    const r = runHookmine(['--db', db, 'sql', '--format', 'csv'], { input: 'select 40 + 2 as answer' });
    expect(r.stdout).toBe('answer\n42\n');
  });

  it("a syntax error prints DuckDB's message and exits 2", () => {
    const r = runHookmine(['--db', db, 'sql', 'selec * form notebooks']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Parser Error: syntax error at or near "selec"/);
  });

  it('is read-only unless --write', () => {
    const del = 'delete from notebooks';
    const r = runHookmine(['--db', db, 'sql', del]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only.*--write/s);
    const w = runHookmine(['--db', db, 'sql', '--write', "update notebooks set title = 'x' where false"]);
    expect(w.code).toBe(0);
  });

  it('a missing corpus file is unusable input (2)', () => {
    const r = runHookmine(['--db', join(tempDir(), 'missing.duckdb'), 'sql', 'select 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/corpus file not found/);
  });

  it('v_funnel counts ingested notebooks per competition', () => {
    const r = runHookmine(['--db', db, 'sql', '--format', 'json', 'select competition, ingested, executed from v_funnel']);
    expect(JSON.parse(r.stdout)).toEqual([{ competition: 'titanic', ingested: 4, executed: 0 }]);
  });
});
