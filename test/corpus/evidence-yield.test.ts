// scripts/evidence-yield.sql, the per-notebook yield that e2e:evidence and devset-measure.sh sum:
// one row per notebook with its best gold episode, the checks that must be 0, and why the others
// have no episode, in classes free of notebook specifics.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import { withCorpus } from '../helpers/tmp.js';

const SQL = readFileSync(fileURLToPath(new URL('../../scripts/evidence-yield.sql', import.meta.url)), 'utf8');

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

async function notebooks(corpus: Corpus, ids: string[]) {
  await corpus.append(
    'notebooks',
    ids.map((id) => ({
      notebook_id: id, competition: 'titanic', title: id, origin: 'file', source_path: `/d/titanic/${id}.ipynb`, language: 'python', kind: 'ipynb',
      has_kaggle_metadata: false, source: '{}', sha256: id, size_bytes: 1, cell_count: 1, code_cell_count: 1, has_outputs: true, ingested_at: t(0),
    })),
  );
}

const run = (id: string, notebook: string, purpose: string, s: number, extra: Record<string, unknown> = {}) => ({
  execution_id: id, notebook_id: notebook, purpose, sandbox: 'local', status: 'completed', outcome: 'reproduced', started_at: t(s), ...extra,
});

async function rows(corpus: Corpus) {
  const r = await corpus.runUserSql(`select * from (${SQL}) order by notebook_id`);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}

describe('scripts/evidence-yield.sql', () => {
  it('gives each notebook its best episode, the must-be-0 checks, and a class for why it has none', async () => {
    await withCorpus(async (corpus) => {
      await notebooks(corpus, ['a', 'b', 'c', 'd', 'e']);
      await corpus.append('executions', [
        run('ra', 'a', 'reference', 1),
        run('ha', 'a', 'hooked', 2),
        run('sa', 'a', 'stability', 3),
        run('sa2', 'a', 'stability', 4),
        run('rb', 'b', 'reference', 1, { status: 'failed', outcome: 'failed', reason: 'missing_module', failed_cell: 0 }),
        run('rc', 'c', 'reference', 1, { outcome: 'ran' }),
        run('rd', 'd', 'reference', 1, { status: 'failed', outcome: 'failed', reason: 'timeout', failed_cell: 7 }),
      ]);
      await corpus.append('hook_proposals', [
        { proposal_id: 'pa', notebook_id: 'a', proposer: 'static', status: 'verified', created_at: t(2) },
        { proposal_id: 'pc', notebook_id: 'c', proposer: 'static', status: 'rejected', reason: 'no subset of the hooks kept the final output: the hooked run failed in cell 12: error: x', created_at: t(2) },
        { proposal_id: 'pd', notebook_id: 'd', proposer: 'static', status: 'verified', created_at: t(2) },
      ]);
      await corpus.append('hooks', [
        { hook_id: 'a0', proposal_id: 'pa', notebook_id: 'a', ordinal: 0, name: 'x', is_final: false, status: 'verified', execution_id: 'ha' },
        { hook_id: 'a1', proposal_id: 'pa', notebook_id: 'a', ordinal: 1, name: 'y', is_final: true, status: 'verified', execution_id: 'ha' },
        { hook_id: 'c0', proposal_id: 'pc', notebook_id: 'c', ordinal: 0, name: 'z', is_final: false, status: 'rejected', reject_reason: 'nondeterministic: a second run differed' },
      ]);
      // x differs in the first stability run after the hooked run: counted; y only in a later one: not
      await corpus.append('hook_captures', [
        { execution_id: 'ha', seq: 0, name: 'x', value_hash: 'h1' },
        { execution_id: 'sa', seq: 0, name: 'x', value_hash: 'h2' },
        { execution_id: 'ha', seq: 1, name: 'y', value_hash: 'h3' },
        { execution_id: 'sa', seq: 1, name: 'y', value_hash: 'h3' },
        { execution_id: 'sa2', seq: 1, name: 'y', value_hash: 'h4' },
      ]);
      await corpus.append('episodes', [
        { episode_id: 'ea1', source: 'kaggle', kind: 'gold', notebook_id: 'a', evidence: 'local_deterministic', created_at: t(5) },
        { episode_id: 'ea2', source: 'kaggle', kind: 'gold', notebook_id: 'a', evidence: 'kaggle_reproduced', created_at: t(3) },
        { episode_id: 'ea2m', source: 'kaggle', kind: 'mutant', gold_episode_id: 'ea2', notebook_id: 'a', evidence: 'kaggle_reproduced', created_at: t(3) },
        { episode_id: 'ed', source: 'kaggle', kind: 'gold', notebook_id: 'd', evidence: 'prefix', stop_cell: 7, stop_reason: 'timeout: cell 7', created_at: t(3) },
      ]);
      const step = (episode_id: string, step_index: number, cell_index: number) => ({ episode_id, step_index, name: `s${step_index}`, code: 'x', is_final: false, cell_index });
      await corpus.append('steps', [step('ea1', 0, 0), step('ea2', 0, 0), step('ea2', 1, 1), step('ea2m', 0, 0), step('ea2m', 1, 1), step('ea2m', 2, 2), step('ed', 0, 3), step('ed', 1, 7)]);

      const got = await rows(corpus);
      const pick = (r: Record<string, unknown>) => [r.tier, r.verified_hooks, r.nondeterministic, r.differing_verified_hooks, r.prefix_steps_at_or_after_stop, r.why_none];
      expect(got.map(pick)).toEqual([
        ['kaggle_reproduced', 2, 0, 1, 0, null],
        [null, 0, 0, 0, 0, 'no proposal: nothing to salvage before the stop cell (missing_module)'],
        [null, 0, 1, 0, 0, 'rejected: no subset of the hooks kept the final output'],
        ['prefix', 2, 0, 0, 1, null],
        [null, 0, 0, 0, 0, 'not executed'],
      ]);
      expect(got[2]?.proposal).toBe('rejected: no subset of the hooks kept the final output: the hooked run failed in cell 12: error: x');
      expect(got[3]?.stop_reason).toBe('timeout: cell 7');
    });
  });

  it('says a corpus extract has not run on is not extracted, and verify not run is not verified', async () => {
    await withCorpus(async (corpus) => {
      await notebooks(corpus, ['a', 'b']);
      await corpus.append('executions', [run('ra', 'a', 'reference', 1), run('rb', 'b', 'reference', 1, { status: 'failed', outcome: 'failed', reason: 'error', failed_cell: 3 })]);
      expect((await rows(corpus)).map((r) => r.why_none)).toEqual(['no proposal: not extracted', 'no proposal: not extracted']);
      await corpus.append('hook_proposals', [{ proposal_id: 'pa', notebook_id: 'a', proposer: 'static', status: 'proposed', created_at: t(2) }]);
      expect((await rows(corpus)).map((r) => r.why_none)).toEqual(['proposed: not verified', 'no proposal: nothing to salvage before the stop cell (error)']);
    });
  });
});
