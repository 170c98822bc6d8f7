// hookmine repair through the built CLI, as a user runs it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runHookmine, runHookmineAsync } from '../helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/openai-server.js';
import { tempDir } from '../helpers/tmp.js';
import { NO_SANDBOX } from '../execute/sandbox-helper.js';

const NOTEBOOKS = fileURLToPath(new URL('../fixtures/repairs/notebooks/toy-competition', import.meta.url));
const DATA_ROOT = fileURLToPath(new URL('../fixtures/execute/data', import.meta.url));

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('hookmine repair --help', () => {
  it('documents the options, what is recorded and examples', () => {
    const r = runHookmine(['repair', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['--budget <seconds>', '--timeout <seconds>', '--llm-attempts <n>', '--no-llm', '--jobs <n>', 'HOOKMINE_REPAIR_BUDGET', 'repair_sessions', "purpose 'repair'", 'Examples:']) expect(r.stdout).toContain(text);
  });

  it('refuses bad numbers and unknown notebooks with exit code 2', () => {
    const db = join(tempDir(), 'c.duckdb');
    expect(runHookmine(['--db', db, 'repair', '--budget', 'soon']).stderr).toMatch(/invalid repairBudgetSeconds from --repair-budget-seconds|invalid repairBudgetSeconds/);
    expect(runHookmine(['--db', db, 'repair', '--limit', '-1']).code).toBe(2);
    const unknown = runHookmine(['--db', db, 'repair', '--notebook', 'nb_0000000000000000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown notebook id\(s\): nb_0000000000000000/);
  });
});

describe.skipIf(NO_SANDBOX)(`hookmine repair${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('prints the before/after table and the rules applied; --json gives the summary', () => {
    const db = join(tempDir(), 'c.duckdb');
    expect(runHookmine(['--db', db, 'ingest', join(NOTEBOOKS, 'old-apis.ipynb'), join(NOTEBOOKS, 'missing-module.ipynb')]).code).toBe(0);
    expect(runHookmine(['--db', db, '--data-root', DATA_ROOT, 'execute', '--timeout', '60', '--jobs', '2']).code).toBe(1);
    const r = runHookmine(['--db', db, '--data-root', DATA_ROOT, 'repair', '--timeout', '60', '--jobs', '2'], { env: { OPENAI_BASE_URL: '', OPENAI_API_KEY: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^repair: 2 notebooks: 1 reproduced \(1 newly\), 0 ran to the end without reproducing, 0 still stop before the end, 1 skipped \(nothing to try\)\n {2}rules applied: .*py2-print \(1\)/);
    expect(r.stdout).toContain('LLM repair off');
    expect(r.stdout).toContain('| notebook | before | after | ran | reproduced | rules applied | LLM | why not reproduced |');
    expect(r.stdout).toMatch(/\| toy-competition\/old-apis \| failed \(missing_module\) \| reproduced \| yes \| yes \| [^|]*sklearn-moved-modules[^|]*keyword-only-args[^|]* \| 0 \| {2}\|/);
    expect(r.stdout).toMatch(/\| toy-competition\/missing-module \| failed \(missing_module\) \| skipped \| no \| no \| {2}\| 0 \| no rule applies; missing_module: lightgbm \(cell 2\)/);
    const again = runHookmine(['--db', db, '--data-root', DATA_ROOT, '--json', 'repair']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ notebooks: 0, byStatus: { reproduced: 0, skipped: 0 } });
    const sessions = runHookmine(['--db', db, 'sql', '--format', 'json', 'select status, before_outcome, after_outcome, rule_repairs > 0 as ruled from repair_sessions order by status']);
    expect(JSON.parse(sessions.stdout)).toEqual([
      { status: 'reproduced', before_outcome: 'failed', after_outcome: 'reproduced', ruled: true },
      { status: 'skipped', before_outcome: 'failed', after_outcome: 'failed', ruled: false },
    ]);
  }, 180_000);

  it('uses the configured OpenAI-compatible server for the LLM loop and never prints its key', async () => {
    server = await startFakeOpenAI([{ content: JSON.stringify({ start_line: 2, end_line: 2, replacement: 'from sklearn.metrics import jaccard_score as jaccard_similarity_score', explanation: 'renamed' }) }]);
    const db = join(tempDir(), 'c.duckdb');
    runHookmine(['--db', db, 'ingest', join(NOTEBOOKS, 'needs-llm.ipynb')]);
    runHookmine(['--db', db, '--data-root', DATA_ROOT, 'execute', '--timeout', '60']);
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-cli-secret-987654', HOOKMINE_MODEL: 'repair-model' };
    const r = await runHookmineAsync(['--db', db, '--data-root', DATA_ROOT, '--json', 'repair', '--timeout', '60'], { env });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ notebooks: 1, newlyReproduced: 1, llm: { attempts: 1 }, results: [{ title: 'needs-llm', status: 'reproduced', llm_attempts: 1 }] });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-cli-secret-987654');
    expect(server.requests[0]?.body.model).toBe('repair-model');
    expect(r.stdout + r.stderr).not.toContain('sk-cli-secret-987654');
    const rows = runHookmine(['--db', db, 'sql', '--format', 'json', "select method, rule, attempt, accepted from repairs"]);
    expect(JSON.parse(rows.stdout)).toEqual([{ method: 'llm', rule: 'repair-model', attempt: 1, accepted: true }]);
  }, 180_000);
});
