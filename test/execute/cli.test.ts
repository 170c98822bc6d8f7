import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { NO_SANDBOX } from './sandbox-helper.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/execute', import.meta.url));
const NOTEBOOKS = join(FIXTURES, 'notebooks', 'toy-competition');
const DATA_ROOT = join(FIXTURES, 'data');

describe('hookmine execute --help', () => {
  it('documents the options, the outcomes and examples', () => {
    const r = runHookmine(['execute', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['--competition <slug>', '--notebook <id...>', '--sandbox <kind>', '--timeout <seconds>', '--jobs <n>', 'HOOKMINE_TIMEOUT', 'output_mismatch', 'Examples:']) expect(r.stdout).toContain(text);
  });

  it('refuses a bad --sandbox, --limit or competition slug with exit code 2', () => {
    expect(runHookmine(['execute', '--sandbox', 'vm']).code).toBe(2);
    expect(runHookmine(['--db', join(tempDir(), 'c.duckdb'), 'execute', '--limit', 'many']).stderr).toMatch(/--limit must be a whole number/);
    expect(runHookmine(['--db', join(tempDir(), 'c.duckdb'), 'execute', '--competition', 'Not A Slug']).code).toBe(2);
  });
});

describe.skipIf(NO_SANDBOX)(`hookmine execute${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('runs the selected notebooks, prints a summary by outcome and reason, and exits 1 when one failed', () => {
    const db = join(tempDir(), 'c.duckdb');
    expect(runHookmine(['--db', db, 'ingest', join(NOTEBOOKS, 'reproduces.ipynb'), join(NOTEBOOKS, 'missing-module.ipynb')]).code).toBe(0);
    const r = runHookmine(['--db', db, '--data-root', DATA_ROOT, 'execute', '--timeout', '60', '--jobs', '2']);
    expect(r.stderr).toMatch(/missing-module \(nb_[0-9a-f]+\): missing_module: lightgbm \(cell 2\)/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^execute: 2 notebooks: 1 reproduced, 0 ran, 1 failed\n {2}missing_module: 1\n/);
    expect(r.stdout).toMatch(/failed \(missing_module\) .* toy-competition\/missing-module: lightgbm \(cell 2\)/);
    expect(r.stdout).toMatch(/reproduced .* toy-competition\/reproduces/);
    const again = runHookmine(['--db', db, '--data-root', DATA_ROOT, '--json', 'execute']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ notebooks: 0, byOutcome: { reproduced: 0, ran: 0, failed: 0 } });
    const runs = runHookmine(['--db', db, 'sql', '--format', 'json', "select command, status from pipeline_runs where command = 'execute' order by started_at"]);
    expect(JSON.parse(runs.stdout)).toEqual([
      { command: 'execute', status: 'partial' },
      { command: 'execute', status: 'ok' },
    ]);
  }, 120_000);

  it('--json prints the summary with every notebook; an unknown notebook id is a usage error', () => {
    const db = join(tempDir(), 'c.duckdb');
    runHookmine(['--db', db, 'ingest', join(NOTEBOOKS, 'flat-layout.ipynb')]);
    const r = runHookmine(['--db', db, '--data-root', DATA_ROOT, '--json', 'execute', '--competition', 'toy-competition']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ notebooks: 1, sandbox: 'local', byOutcome: { reproduced: 1 }, results: [{ title: 'flat-layout', outcome: 'reproduced', reason: null }] });
    expect(summary.run_id).toMatch(/^execute-/);
    const unknown = runHookmine(['--db', db, 'execute', '--notebook', 'nb_0000000000000000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown notebook id\(s\): nb_0000000000000000/);
  }, 120_000);

  it('says clearly when the docker sandbox cannot run, with exit code 2', () => {
    const db = join(tempDir(), 'c.duckdb');
    const r = runHookmine(['--db', db, 'execute', '--sandbox', 'docker'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the docker sandbox cannot run: no Docker engine reachable/);
  });
});
