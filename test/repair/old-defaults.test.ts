// The old-defaults second attempt end to end: notebooks written for these tests, the real sandbox
// and installed scikit-learn, the real corpus. One notebook's recorded outputs are what
// scikit-learn printed before 0.22 (3 folds, 10 trees); the other's match today's defaults and
// differ elsewhere, so pinning the old defaults must be tried and rejected.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import { repairsOfExecution } from '../../corpus/repairs.js';
import { executeNotebooks } from '../../src/execute/execute.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { repairNotebooks } from '../../src/repair/repair.js';
import { localSandbox, NO_SANDBOX } from '../execute/sandbox-helper.js';
import { withCorpus } from '../helpers/tmp.js';

const NOTEBOOKS = fileURLToPath(new URL('../fixtures/repairs/defaults', import.meta.url));
const DATA_ROOT = fileURLToPath(new URL('../fixtures/execute/data', import.meta.url));
const LIMITS = { wallMs: 60_000, memoryMb: 2048 };
const TOL = { rtol: 1e-5, atol: 1e-8 };

async function prepare(corpus: Corpus): Promise<Record<string, string>> {
  await ingestPaths(corpus, [NOTEBOOKS], { maxBytes: 1 << 20 });
  await executeNotebooks(corpus, { sandbox: await localSandbox(), dataRoot: DATA_ROOT, limits: LIMITS, tolerance: TOL, jobs: 2 });
  const rows = await corpus.query<{ title: string; notebook_id: string }>('SELECT title, notebook_id FROM notebooks');
  return Object.fromEntries(rows.map((r) => [r.title, r.notebook_id]));
}

describe.skipIf(NO_SANDBOX)(`old defaults as a second attempt${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('keeps pinned old defaults only when the run then reproduces, and records the rejected attempt otherwise', async () => {
    await withCorpus(async (corpus) => {
      const ids = await prepare(corpus);
      const summary = await repairNotebooks(corpus, { sandbox: await localSandbox(), dataRoot: DATA_ROOT, limits: LIMITS, budgetMs: 300_000, tolerance: TOL, jobs: 1, llm: null, llmAttempts: 0, runId: null });
      const by = Object.fromEntries(summary.results.map((r) => [r.title, r]));
      expect(summary.oldDefaults).toEqual({ tried: 2, kept: 1 });
      expect(summary.newlyReproduced).toBe(1);

      // recorded with scikit-learn's old defaults: the pinned run reproduces and is kept
      const old = by['old-defaults'];
      expect(old).toMatchObject({ before: { outcome: 'failed', reason: 'output_mismatch' }, status: 'reproduced', after: { outcome: 'reproduced' }, rules: ['sklearn-old-defaults'], runs: 1 });
      expect(old?.after.detail).toMatch(/reproduced with old defaults pinned \(sklearn-old-defaults: 3 call\(s\)\)/);
      const rows = await repairsOfExecution(corpus, old?.execution_id as string);
      expect(rows.map((r) => [r.rule, r.cell_index, r.after, r.accepted])).toEqual([
        ['sklearn-old-defaults', 2, 'print(KFold(n_splits=3).get_n_splits())', true],
        ['sklearn-old-defaults', 3, 'forest = RandomForestClassifier(random_state=0, n_estimators=10).fit(X, y)', true],
        ['sklearn-old-defaults', 4, 'print(len(cross_val_score(forest, X, y, cv=3)))', true],
      ]);
      const [status] = await corpus.query<{ reproduced: boolean }>('SELECT reproduced FROM v_notebook_status WHERE notebook_id = $1', [ids['old-defaults'] as string]);
      expect(status?.reproduced).toBe(true);

      // written for today's defaults: pinning the old ones is tried, does not reproduce, is rejected
      const drift = by['new-defaults-drift'];
      expect(drift).toMatchObject({ status: 'failed', rules: [], execution_id: null, after: { reason: 'output_mismatch' } });
      expect(drift?.after.detail).toMatch(/old defaults pinned \(sklearn-old-defaults: 1 call\(s\)\) and rejected: .*cell 2/);
      const runs = await corpus.query<{ execution_id: string; purpose: string }>('SELECT execution_id, purpose FROM executions WHERE notebook_id = $1 ORDER BY started_at', [ids['new-defaults-drift'] as string]);
      expect(runs.map((r) => r.purpose)).toEqual(['reference', 'repair_attempt', 'stability']);
      const rejected = await repairsOfExecution(corpus, runs[1]?.execution_id as string);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ rule: 'sklearn-old-defaults', cell_index: 2, before: 'print(KFold().get_n_splits())', after: 'print(KFold(n_splits=3).get_n_splits())', accepted: false });
      expect(rejected[0]?.reason).toMatch(/^rejected \(old defaults must reproduce Kaggle's record to be kept\): /);
      const [notebook] = await corpus.query<{ reproduced: boolean; failure_reason: string }>('SELECT reproduced, failure_reason FROM v_notebook_status WHERE notebook_id = $1', [ids['new-defaults-drift'] as string]);
      expect(notebook).toEqual({ reproduced: false, failure_reason: 'output_mismatch' });
    });
  }, 180_000);
});
