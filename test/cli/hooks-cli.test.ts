// `hookmine execute`, `extract --proposer llm` (against a real local OpenAI-compatible server) and
// `verify` as a user runs them.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHookmine, runHookmineAsync } from '../helpers/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/openai-server.js';
import { tempDir } from '../helpers/tmp.js';

let root: string;
let server: FakeOpenAI;

beforeAll(async () => {
  root = tempDir();
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'data', 'toy'), { recursive: true });
  writeFileSync(join(root, 'data', 'toy', 'sales.csv'), 'temp,sales\n20,50\n26,70\n30,80\n');
  mkdirSync(join(root, 'nb', 'toy'), { recursive: true });
  const cells = ["import pandas as pd\nsales = pd.read_csv('/kaggle/input/toy/sales.csv')", "hot = sales[sales.temp > 25]\ntotal = hot.sales.sum()", 'print(total)'];
  writeFileSync(
    join(root, 'nb', 'toy', 'toy.ipynb'),
    JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source })), metadata: {}, nbformat: 4, nbformat_minor: 4 }),
  );
  server = await startFakeOpenAI([
    {
      content: JSON.stringify({
        hooks: [
          { cell: 0, line: 2, variable: 'sales', name: 'sales_loaded', depends_on: [] },
          { cell: 1, line: 1, variable: 'hot', name: 'hot_days', depends_on: ['sales_loaded'] },
          { cell: 1, line: 2, variable: 'total', name: 'hot_sales_total', depends_on: ['hot_days'] },
          { cell: 1, line: 7, variable: 'total', name: 'hallucinated', depends_on: [] },
        ],
        final_depends_on: ['hot_sales_total'],
      }),
      usage: { prompt_tokens: 321, completion_tokens: 45 },
    },
  ]);
});
afterAll(() => server.close());

describe('hookmine extract --proposer llm, then verify', () => {
  it('proposes through the server, refuses the hallucinated line, and verifies the rest', async () => {
    const env = { HOOKMINE_DB: join(root, 'c.duckdb'), HOOKMINE_DATA_ROOT: join(root, 'data'), OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-cli-test-000000', HOOKMINE_MODEL: 'tiny-coder' };
    expect(runHookmine(['ingest', join(root, 'nb')], { env }).code).toBe(0);
    expect(runHookmine(['execute'], { env }).code).toBe(0);
    const extract = await runHookmineAsync(['--json', 'extract', '--proposer', 'llm', '--include-ran'], { env });
    expect(extract.code).toBe(0);
    const summary = JSON.parse(extract.stdout);
    expect(summary).toMatchObject({ proposed: 1, hooks: 4, rejected: 1, tokensIn: 321, tokensOut: 45 });
    expect(extract.stderr).not.toContain('sk-cli-test-000000');
    const verify = runHookmine(['verify'], { env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/1 verified/);
    const rows = JSON.parse(runHookmine(['sql', '--format', 'json', 'select name, status, reject_reason from hooks order by ordinal'], { env }).stdout);
    expect(rows.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ['sales_loaded', 'verified'],
      ['hot_days', 'verified'],
      ['hot_sales_total', 'verified'],
      ['output:print', 'verified'],
      ['hallucinated', 'rejected'],
    ]);
    expect(rows.at(-1).reject_reason).toMatch(/^proposal: line 7 is not in cell 1/);
    const again = JSON.parse((await runHookmineAsync(['--json', 'extract', '--proposer', 'llm', '--include-ran'], { env })).stdout);
    expect(again).toMatchObject({ proposed: 0, skipped: 1 });
    expect(server.requests).toHaveLength(1);
  }, 180_000);

  it('without a server, --proposer llm is a usage error', () => {
    const r = runHookmine(['extract', '--proposer', 'llm'], { env: { HOOKMINE_DB: join(root, 'other.duckdb'), OPENAI_BASE_URL: '', OPENAI_API_KEY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OPENAI_BASE_URL/);
  });

  it.each(['extract', 'verify', 'report'])('%s --help', (cmd) => {
    const r = runHookmine([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
  });
});
