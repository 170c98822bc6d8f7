// Extract and verify against the real sandbox: hooks are kept only from runs whose final output
// is the reference run's; hooks that would change the program are found and dropped.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import type { HookRow } from '../../corpus/hooks.js';
import { executeNotebooks } from '../../src/execute/execute.js';
import { extractHooks } from '../../src/hooks/extract.js';
import { verifyProposals } from '../../src/hooks/verify.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { openSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';

const TOL = { rtol: 1e-5, atol: 1e-8 };
let sandbox: Sandbox;
let root: string;

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: 'python3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 4,
  });
}

const CELLS = [
  "import pandas as pd\nsales = pd.read_csv('/kaggle/input/toy/sales.csv')\nrows = list(sales.itertuples(index=False))",
  "it = iter(rows)\nfirst = next(it)\nhot = sales[sales['temp'] > 25]\nlabels = [1, 2]\nlabels.append(3)",
  "mean_hot = hot['sales'].mean()\nrest = sum(r.sales for r in it)\nlabels.append(4)",
  "pd.DataFrame({'mean_hot': [mean_hot], 'rest': [rest], 'n': [len(labels)]}).to_csv('submission.csv', index=False)",
];

beforeAll(async () => {
  root = tempDir();
  // the sandbox runs as an unprivileged uid when hookmine runs as root: the data must be readable
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'data', 'toy'), { recursive: true });
  writeFileSync(join(root, 'data', 'toy', 'sales.csv'), 'temp,sales\n20,50\n26,70\n30,80\n22,55\n28,75\n');
  mkdirSync(join(root, 'nb', 'toy'), { recursive: true });
  writeFileSync(join(root, 'nb', 'toy', 'toy-sales.ipynb'), notebook(CELLS));
  sandbox = await openSandbox({ kind: 'local', python: '/usr/bin/python3', image: '' });
});

async function prepare(corpus: Corpus) {
  await ingestPaths(corpus, [join(root, 'nb')], { maxBytes: 1 << 20 });
  const executed = await executeNotebooks(corpus, { sandbox, dataRoot: join(root, 'data'), limits: { wallMs: 120_000 }, tolerance: TOL, jobs: 1 });
  expect(executed.byOutcome.ran).toBe(1);
  const extracted = await extractHooks(corpus, { proposer: 'static', includeRan: true });
  expect(extracted.proposed).toBe(1);
}

const verify = (corpus: Corpus) => verifyProposals(corpus, { dataRoot: join(root, 'data'), tolerance: TOL, jobs: 1 });

describe('extract + verify', () => {
  it('verifies the static hooks, stores the hooked runs, and builds a Kaggle episode whose DAG ends at the final output', async () => {
    await withCorpus(async (corpus) => {
      await prepare(corpus);
      const summary = await verify(corpus);
      expect(summary.byStatus.verified).toBe(1);
      const hooks = await corpus.query<{ name: string; status: string; is_stable: boolean }>('SELECT name, status, is_stable FROM hooks ORDER BY ordinal');
      expect(hooks.every((h) => h.status === 'verified' && h.is_stable)).toBe(true);
      expect(hooks.map((h) => h.name)).toContain('output:file');
      const runs = await corpus.query('SELECT purpose, status FROM executions ORDER BY started_at');
      expect(runs).toEqual([
        { purpose: 'reference', status: 'completed' },
        { purpose: 'hooked', status: 'completed' },
        { purpose: 'stability', status: 'completed' },
      ]);
      const files = await corpus.query<{ purpose: string; sha256: string }>(
        `SELECT e.purpose, f.sha256 FROM execution_files f JOIN executions e USING (execution_id) WHERE f.path = 'submission.csv'`,
      );
      expect(new Set(files.map((f) => f.sha256)).size).toBe(1);
      const steps = await corpus.query<{ name: string; depends_on: string[]; is_final: boolean; label: boolean }>(
        `SELECT name, depends_on, is_final, label FROM v_steps WHERE source = 'kaggle' ORDER BY step_index`,
      );
      expect(steps.at(-1)?.is_final).toBe(true);
      expect(steps.every((s) => s.label)).toBe(true);
      // every step reaches the final output through depends_on
      const deps = new Map(steps.map((s) => [s.name, s.depends_on]));
      const reached = new Set<string>();
      const stack = [steps.at(-1)?.name as string];
      while (stack.length) {
        const n = stack.pop() as string;
        if (!reached.has(n)) {
          reached.add(n);
          stack.push(...(deps.get(n) ?? []));
        }
      }
      expect(reached.size).toBe(steps.length);
    });
  });

  it('captures a value as it was when hooked, even when the program changes it afterwards', async () => {
    await withCorpus(async (corpus) => {
      await prepare(corpus);
      await verify(corpus);
      // labels = [1, 2]; labels.append(3); ... labels.append(4): each capture keeps its moment
      const labels = await corpus.query<{ value: string }>(`SELECT value FROM hooks WHERE variable_name = 'labels' ORDER BY ordinal`);
      expect(labels.map((l) => JSON.parse(l.value))).toEqual([[1, 2], [1, 2, 3], [1, 2, 3, 4]]);
    });
  });

  it('never keeps a hook from a run whose final output differs: a consumed iterator, a mutated value and a wrong line are dropped', async () => {
    await withCorpus(async (corpus) => {
      await prepare(corpus);
      const [proposal] = await corpus.query<{ proposal_id: string; notebook_id: string }>('SELECT proposal_id, notebook_id FROM hook_proposals');
      const base = { proposal_id: proposal!.proposal_id, notebook_id: proposal!.notebook_id, depends_on: [], is_final: false, status: 'proposed' as const, reject_reason: null };
      // Proposals no validator would let through, written straight into the corpus: verification is the last line of defence.
      const bad: HookRow[] = [
        { ...base, hook_id: 'bad-1', ordinal: 100, name: 'consumes_iterator', variable_name: 'list(it)', code_line: 'first = next(it)', cell_index: 1, line: 2 },
        { ...base, hook_id: 'bad-2', ordinal: 101, name: 'mutates_value', variable_name: "labels.append(99) or labels", code_line: 'labels.append(3)', cell_index: 1, line: 5 },
        { ...base, hook_id: 'bad-3', ordinal: 102, name: 'wrong_line', variable_name: 'mean_hot', code_line: "hot = sales[sales['temp'] > 25]", cell_index: 1, line: 3 },
        { ...base, hook_id: 'bad-4', ordinal: 103, name: 'not_a_statement', variable_name: 'hot', code_line: 'hot = sales', cell_index: 1, line: 9 },
      ];
      await corpus.append('hooks', bad.map((b) => ({ ...b })));
      const summary = await verify(corpus);
      expect(summary.byStatus.partial).toBe(1);
      const rows = await corpus.query<{ name: string; status: string; reject_reason: string | null; execution_id: string | null }>('SELECT name, status, reject_reason, execution_id FROM hooks ORDER BY ordinal');
      const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
      for (const name of ['consumes_iterator', 'mutates_value', 'wrong_line']) {
        expect(byName[name]?.status, name).toBe('rejected');
        expect(byName[name]?.reject_reason, name).toMatch(/final output changed/);
      }
      expect(byName.not_a_statement?.reject_reason).toMatch(/no statement ends at cell 1 line 9/);
      const verified = rows.filter((r) => r.status === 'verified');
      expect(verified.length).toBeGreaterThan(5);
      // the verified hooks all come from one run, and that run wrote the reference run's submission
      const [run] = new Set(verified.map((r) => r.execution_id));
      const files = await corpus.query<{ purpose: string; sha256: string; execution_id: string }>(
        `SELECT e.purpose, f.sha256, e.execution_id FROM execution_files f JOIN executions e USING (execution_id) WHERE f.path = 'submission.csv' AND e.purpose IN ('reference', 'hooked')`,
      );
      const reference = files.find((f) => f.purpose === 'reference');
      expect(files.find((f) => f.execution_id === run)?.sha256).toBe(reference?.sha256);
      const captured = await corpus.query<{ name: string }>('SELECT DISTINCT name FROM hook_captures WHERE execution_id = $1', [run as string]);
      expect(captured.map((c) => c.name)).not.toContain('consumes_iterator');
    });
  }, 240_000);
});
