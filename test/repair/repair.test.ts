// The repair stage end to end on notebooks written for the project: the real sandbox, the real
// corpus, the installed libraries introspected, and (for the LLM loop) a real OpenAI-compatible
// HTTP server started by the test.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import { corpusLlmCache } from '../../corpus/llm-cache.js';
import { repairsOfExecution } from '../../corpus/repairs.js';
import { joinScript, notebookToScript, splitScript } from '../../extractors/notebook-script.js';
import { applyPatches } from '../../extractors/repairs/patch.js';
import { executeNotebooks } from '../../src/execute/execute.js';
import { dataFileNames } from '../../src/execute/job.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { LlmClient } from '../../src/llm/client.js';
import { repairNotebooks, type RepairSummary } from '../../src/repair/repair.js';
import { localSandbox, NO_SANDBOX } from '../execute/sandbox-helper.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/openai-server.js';
import { withCorpus } from '../helpers/tmp.js';

const NOTEBOOKS = fileURLToPath(new URL('../fixtures/repairs/notebooks', import.meta.url));
const DATA_ROOT = fileURLToPath(new URL('../fixtures/execute/data', import.meta.url));
const LIMITS = { wallMs: 60_000, memoryMb: 2048 };

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function prepare(corpus: Corpus): Promise<Record<string, string>> {
  await ingestPaths(corpus, [NOTEBOOKS], { maxBytes: 1 << 20 });
  const sandbox = await localSandbox();
  await executeNotebooks(corpus, { sandbox, dataRoot: DATA_ROOT, limits: LIMITS, tolerance: { rtol: 1e-5, atol: 1e-8 }, jobs: 2 });
  const rows = await corpus.query<{ title: string; notebook_id: string }>('SELECT title, notebook_id FROM notebooks');
  return Object.fromEntries(rows.map((r) => [r.title, r.notebook_id]));
}

async function repair(corpus: Corpus, extra: { llm?: LlmClient | null; notebookIds?: string[]; llmAttempts?: number; rerun?: boolean } = {}): Promise<RepairSummary> {
  return repairNotebooks(corpus, {
    sandbox: await localSandbox(),
    dataRoot: DATA_ROOT,
    limits: LIMITS,
    budgetMs: 600_000,
    tolerance: { rtol: 1e-5, atol: 1e-8 },
    jobs: 2,
    llm: extra.llm ?? null,
    llmAttempts: extra.llmAttempts ?? 3,
    notebookIds: extra.notebookIds,
    rerun: extra.rerun,
    runId: null,
  });
}

/** The cells of a notebook's original source, by index. */
async function originalCells(corpus: Corpus, notebookId: string): Promise<Map<number, string>> {
  const rows = await corpus.query<{ cell_index: number; source: string }>("SELECT cell_index, source FROM cells WHERE notebook_id = $1 AND cell_type = 'code'", [notebookId]);
  return new Map(rows.map((r) => [r.cell_index, r.source]));
}

async function scriptOf(corpus: Corpus, executionId: string): Promise<string> {
  const [row] = await corpus.query<{ script: string }>('SELECT script FROM executions WHERE execution_id = $1', [executionId]);
  return row?.script ?? '';
}

describe.skipIf(NO_SANDBOX)(`repairNotebooks${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('repairs with rules alone until the run reproduces, and records every rewrite as accepted', async () => {
    await withCorpus(async (corpus) => {
      const ids = await prepare(corpus);
      const summary = await repair(corpus);
      // the notebook that reproduces is not selected; the others each get a session
      expect(summary.results.map((r) => r.title).sort()).toEqual(['missing-module', 'needs-llm', 'old-apis', 'only-random', 'random-and-drift']);
      const by = Object.fromEntries(summary.results.map((r) => [r.title, r]));
      expect(by['old-apis']).toMatchObject({ before: { outcome: 'failed', reason: 'missing_module' }, after: { outcome: 'reproduced', reason: null }, status: 'reproduced', llm_attempts: 0, runs: 1 });
      expect(by['old-apis']?.rules.sort()).toEqual(['keyword-only-args', 'pandas-removed-methods', 'py2-dict-methods', 'py2-print', 'sklearn-moved-modules']);
      expect(by['missing-module']).toMatchObject({ status: 'skipped', runs: 0, after: { detail: expect.stringMatching(/no rule applies; missing_module: lightgbm/) } });
      expect(by['needs-llm']).toMatchObject({ status: 'skipped', after: { detail: expect.stringMatching(/no LLM server is configured/) } });
      expect(summary.newlyReproduced).toBe(1);

      const executionId = by['old-apis']?.execution_id as string;
      const [run] = await corpus.query<{ purpose: string; outcome: string }>('SELECT purpose, outcome FROM executions WHERE execution_id = $1', [executionId]);
      expect(run).toEqual({ purpose: 'repair', outcome: 'reproduced' });
      const rows = await repairsOfExecution(corpus, executionId, { acceptedOnly: true });
      expect(rows.length).toBeGreaterThanOrEqual(6);
      expect(rows.every((r) => r.method === 'rule' && r.accepted && r.reason === null)).toBe(true);
      const [status] = await corpus.query<{ reproduced: boolean }>('SELECT reproduced FROM v_notebook_status WHERE notebook_id = $1', [ids['old-apis'] as string]);
      expect(status?.reproduced).toBe(true);

      // a second run has nothing left to do for these notebooks
      expect((await repair(corpus)).notebooks).toBe(0);
    });
  }, 180_000);

  it('explains a run that completes without reproducing: outputs that change with the seed are told apart from drift', async () => {
    await withCorpus(async (corpus) => {
      const ids = await prepare(corpus);
      const id = ids['random-and-drift'] as string;
      const summary = await repair(corpus, { notebookIds: [id, ids['only-random'] as string] });
      const random = summary.results.find((r) => r.title === 'only-random');
      expect(random?.after.detail).toMatch(/every differing output changes with the random seed \(cell 1\): unseeded randomness/);
      expect(summary.onlyRandomDifferences).toBe(1);
      summary.results = summary.results.filter((r) => r.title === 'random-and-drift');
      expect(summary.results[0]).toMatchObject({ status: 'failed', rules: [], runs: 1, before: { reason: 'output_mismatch' }, after: { reason: 'output_mismatch' } });
      expect(summary.results[0]?.after.detail).toMatch(/differing outputs that change with the random seed: cell 1; that stayed the same with another seed \(drift\): cell 2$/);
      const [session] = await corpus.query<{ seed_dependent: string[]; execution_id: string | null }>('SELECT seed_dependent, execution_id FROM repair_sessions WHERE notebook_id = $1', [id]);
      expect(session).toEqual({ seed_dependent: ['cell 1'], execution_id: null });
      // the second-seed run is stored as a stability run; the notebook's state is still its reference run
      const purposes = await corpus.query<{ purpose: string; seed: number }>("SELECT purpose, (environment->>'seed')::INTEGER AS seed FROM executions WHERE notebook_id = $1 ORDER BY started_at", [id]);
      expect(purposes).toEqual([{ purpose: 'reference', seed: 0 }, { purpose: 'stability', seed: 1 }]);
    });
  }, 180_000);

  it('stores repairs that apply cleanly to the original source and rebuild exactly the script that ran; other cells are untouched', async () => {
    await withCorpus(async (corpus) => {
      const ids = await prepare(corpus);
      const summary = await repair(corpus, { notebookIds: [ids['old-apis'] as string] });
      const executionId = summary.results[0]?.execution_id as string;
      const rows = await repairsOfExecution(corpus, executionId);
      const original = await originalCells(corpus, ids['old-apis'] as string);
      const repaired = applyPatches(original, rows.map((r) => ({ cellIndex: r.cell_index, line: r.line as number, before: r.before as string, after: r.after as string })));
      const cells = [...repaired].map(([cellIndex, source]) => ({ cellIndex, cellType: 'code', source })).sort((a, b) => a.cellIndex - b.cellIndex);
      const script = notebookToScript(cells, { competition: 'toy-competition', dataFiles: dataFileNames(join(DATA_ROOT, 'toy-competition')) }).script;
      expect(await scriptOf(corpus, executionId)).toBe(script);

      // the reference run and the repaired run differ only in the cells a rule matched
      const [ref] = await corpus.query<{ script: string }>("SELECT script FROM executions WHERE notebook_id = $1 AND purpose = 'reference'", [ids['old-apis'] as string]);
      const before = new Map(splitScript(ref?.script ?? '').map((c) => [c.cellIndex, c.code]));
      const after = new Map(splitScript(script).map((c) => [c.cellIndex, c.code]));
      const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
      expect(changed.sort()).toEqual([...new Set(rows.map((r) => r.cell_index))].sort());
      expect(after.get(6)).toBe(before.get(6)); // round(float(X.sum()), 2): no rule matched
      expect(joinScript(cells.map((c) => ({ cellIndex: c.cellIndex, code: c.source })))).not.toBe(joinScript([...original].map(([cellIndex, code]) => ({ cellIndex, code }))));
    });
  }, 180_000);

  it('runs the LLM loop on the failing cell: refused and failed patches are recorded, the patch that reproduces is kept', async () => {
    const patch = (start: number, replacement: string) => JSON.stringify({ start_line: start, end_line: start, replacement, explanation: 'jaccard_similarity_score was removed' });
    server = await startFakeOpenAI([
      { content: JSON.stringify({ start_line: 7, end_line: 9, replacement: 'x = 1', explanation: 'out of the cell' }) },
      { content: patch(2, 'from sklearn.metrics import no_such_score as jaccard_similarity_score') },
      { content: patch(2, 'from sklearn.metrics import jaccard_score as jaccard_similarity_score') },
    ]);
    await withCorpus(async (corpus) => {
      const ids = await prepare(corpus);
      const id = ids['needs-llm'] as string;
      const llm = new LlmClient({ apiKey: 'sk-test-repair-123456', baseURL: server?.baseURL, model: 'test-model', timeoutMs: 10_000, maxRetries: 0, cache: corpusLlmCache(corpus) });
      const summary = await repair(corpus, { llm, notebookIds: [id] });
      expect(summary.results[0]).toMatchObject({ status: 'reproduced', llm_attempts: 3, runs: 2, rules: [] });
      expect(summary.llm).toMatchObject({ attempts: 3 });

      // what the model was asked: the failing cell with line numbers, the exception, the versions, and the earlier attempts
      expect(server?.requests).toHaveLength(3);
      const first = server?.requests[0]?.body.messages?.[1]?.content ?? '';
      expect(first).toContain('The failing cell (cell 1), with line numbers:\n1 | import pandas as pd\n2 | from sklearn.metrics import jaccard_similarity_score');
      expect(first).toContain("ImportError: cannot import name 'jaccard_similarity_score'");
      expect(first).toMatch(/- scikit-learn \d/);
      expect(server?.requests[2]?.body.messages?.[1]?.content).toMatch(/Attempt 1 gave no usable patch\nResult: refused: lines 7-9 are outside the failing cell[\s\S]*Attempt 2 replaced lines 2-2 with:\nfrom sklearn.metrics import no_such_score/);

      const rows = await corpus.query<{ attempt: number; execution_id: string | null; accepted: boolean; reason: string | null; purpose: string | null; after: string | null }>(
        "SELECT r.attempt, r.execution_id, r.accepted, r.reason, e.purpose, r.after FROM repairs r LEFT JOIN executions e USING (execution_id) WHERE r.notebook_id = $1 AND r.method = 'llm' ORDER BY r.attempt",
        [id],
      );
      expect(rows.map((r) => [r.attempt, r.purpose, r.accepted])).toEqual([
        [1, null, false],
        [2, 'repair_attempt', false],
        [3, 'repair', true],
      ]);
      expect(rows[0]?.reason).toMatch(/^patch refused: lines 7-9 are outside the failing cell/);
      expect(rows[1]?.reason).toMatch(/^discarded \(did not get further\): failed \(error\): cell 1: ImportError/);
      expect(rows[2]?.after).toBe('from sklearn.metrics import jaccard_score as jaccard_similarity_score');
      // the session's detail names the run that did not get further
      const [session] = await corpus.query<{ after_detail: string }>('SELECT after_detail FROM repair_sessions WHERE notebook_id = $1', [id]);
      expect(session?.after_detail).toMatch(/discarded repaired run \(did not get further\): failed \(error\): cell 1: ImportError/);

      // the kept patch touches only the failing cell
      const final = summary.results[0]?.execution_id as string;
      const [ref] = await corpus.query<{ script: string }>("SELECT script FROM executions WHERE notebook_id = $1 AND purpose = 'reference'", [id]);
      const before = splitScript(ref?.script ?? '');
      const after = splitScript(await scriptOf(corpus, final));
      expect(after.filter((c, i) => c.code !== before[i]?.code).map((c) => c.cellIndex)).toEqual([1]);
      const [status] = await corpus.query<{ reproduced: boolean }>('SELECT reproduced FROM v_notebook_status WHERE notebook_id = $1', [id]);
      expect(status?.reproduced).toBe(true);
    });
  }, 180_000);
});
