// Evidence tiers against the real sandbox, on notebooks written for the project
// (test/fixtures/evidence): a prefix salvaged from a notebook that needs a module Debian lacks, a
// value from an unseeded generator rejected as nondeterministic, and a notebook that fails in its
// first cell yielding nothing while keeping its failure reason.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeNotebooks } from '../../src/execute/execute.js';
import { extractHooks } from '../../src/hooks/extract.js';
import { verifyProposals } from '../../src/hooks/verify.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { labelEpisodes } from '../../src/labels/label.js';
import { openSandbox } from '../../src/sandbox/index.js';
import { shopRoot, TOL } from '../helpers/toy-notebook.js';
import { withCorpus } from '../helpers/tmp.js';

const FIXTURES = new URL('../fixtures/evidence/', import.meta.url).pathname;
let root: string;

beforeAll(() => {
  root = shopRoot([]);
  mkdirSync(join(root, 'nb', 'shop'), { recursive: true });
  for (const name of ['shop-lightgbm.ipynb', 'shop-unseeded.ipynb', 'shop-first-cell.ipynb']) copyFileSync(join(FIXTURES, name), join(root, 'nb', 'shop', name));
});

describe('evidence tiers', () => {
  it('salvages a prefix, rejects nondeterministic values, and yields nothing from a first-cell failure', async () => {
    await withCorpus(async (corpus) => {
      const sandbox = await openSandbox({ kind: 'local', python: '/usr/bin/python3', image: '' });
      await ingestPaths(corpus, [join(root, 'nb')], { maxBytes: 1 << 20 });
      // the fixture root also holds the helper's own notebook (no cells): leave it out
      const ids = Object.fromEntries(
        (await corpus.query<{ notebook_id: string; title: string; source_path: string }>('SELECT notebook_id, title, source_path FROM notebooks')).map((n) => [
          /shop-(\w+(?:-\w+)?)\.ipynb$/.exec(n.source_path)?.[1] ?? n.title,
          n.notebook_id,
        ]),
      ) as Record<string, string>;
      const mine = [ids.lightgbm, ids.unseeded, ids['first-cell']] as string[];
      await executeNotebooks(corpus, { sandbox, dataRoot: join(root, 'data'), limits: { wallMs: 120_000 }, tolerance: TOL, jobs: 1, notebookIds: mine });

      // the placeholder lets cells 0-3 run; lightgbm's first use (cell 4) raises ModuleNotFoundError
      const [ref] = await corpus.query<{ status: string; reason: string; failed_cell: number; deviations: string }>(
        `SELECT status, reason, failed_cell, deviations::VARCHAR AS deviations FROM executions WHERE notebook_id = $1 AND purpose = 'reference'`,
        [ids.lightgbm as string],
      );
      expect(ref).toMatchObject({ status: 'failed', reason: 'missing_module', failed_cell: 4 });
      expect(JSON.parse(ref!.deviations)).toContainEqual(expect.objectContaining({ kind: 'module_placeholder', cell: 0, before: 'import lightgbm' }));

      // --evidence narrows: no notebook here reproduces Kaggle's outputs
      expect((await extractHooks(corpus, { proposer: 'static', notebookIds: mine, evidence: ['kaggle_reproduced'] })).notebooks).toBe(0);
      const extracted = await extractHooks(corpus, { proposer: 'static', notebookIds: mine });
      const byId = new Map(extracted.results.map((r) => [r.notebook_id, r]));
      expect(byId.get(ids.lightgbm as string)).toMatchObject({ status: 'proposed', evidence: 'prefix' });
      expect(byId.get(ids.unseeded as string)).toMatchObject({ status: 'proposed', evidence: 'local_deterministic' });
      expect(byId.get(ids['first-cell'] as string)).toMatchObject({ status: 'nothing', evidence: 'prefix' });
      expect(byId.get(ids['first-cell'] as string)?.reason).toMatch(/nothing to salvage: the run stopped in cell 0 \(missing_module\)/);

      const verified = await verifyProposals(corpus, { dataRoot: join(root, 'data'), tolerance: TOL, jobs: 1, notebookIds: mine });
      expect(verified.proposals).toBe(2);

      // prefix: steps only from the cells before the stop cell; the final step is the last value of cell 3
      const [prefix] = await corpus.query<{ episode_id: string; evidence: string; stop_cell: number; stop_reason: string; question: string }>(
        `SELECT episode_id, evidence, stop_cell, stop_reason, question FROM episodes WHERE notebook_id = $1 AND kind = 'gold'`,
        [ids.lightgbm as string],
      );
      expect(prefix).toMatchObject({ evidence: 'prefix', stop_cell: 4 });
      expect(prefix!.stop_reason).toMatch(/^missing_module: lightgbm/);
      const steps = await corpus.query<{ cell_index: number; is_final: boolean; code_line: string; value_type: string }>(
        'SELECT cell_index, is_final, code_line, value_type FROM steps WHERE episode_id = $1 ORDER BY step_index',
        [prefix!.episode_id],
      );
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.every((s) => s.cell_index < 4)).toBe(true);
      expect(steps.at(-1)).toMatchObject({ is_final: true, cell_index: 3, code_line: "y = sales['sales'] * 2" });
      // the hooked prefix run is stored with the check that the cells before the stop cell still match
      const checks = await corpus.query<{ target_kind: string; target: string; matched: boolean }>(
        `SELECT c.target_kind, c.target, c.matched FROM output_checks c JOIN executions e USING (execution_id) WHERE e.notebook_id = $1 AND e.purpose = 'hooked'`,
        [ids.lightgbm as string],
      );
      expect(checks).toEqual([{ target_kind: 'final_output', target: 'cells before 4', matched: true }]);

      // mutants and step labels work on a prefix: they run the cells before the stop cell, and carry its tier
      const labelled = await labelEpisodes(corpus, { dataRoot: join(root, 'data'), tolerance: TOL, mutants: 2, seed: 1, jobs: 1, episodeIds: [prefix!.episode_id] });
      expect(labelled.skipped).toEqual([]);
      expect(labelled.stored).toBeGreaterThanOrEqual(1);
      const mutants = await corpus.query<{ episode_id: string; evidence: string; stop_cell: number; steps: number; late: number }>(
        `SELECT e.episode_id, e.evidence, e.stop_cell, count(s.step_index)::INT AS steps, count(*) FILTER (WHERE s.cell_index >= 4)::INT AS late
         FROM episodes e JOIN steps s USING (episode_id) WHERE e.gold_episode_id = $1 AND e.kind = 'mutant' GROUP BY ALL`,
        [prefix!.episode_id],
      );
      expect(mutants.length).toBe(labelled.stored);
      for (const m of mutants) expect(m).toMatchObject({ evidence: 'prefix', stop_cell: 4, late: 0 });

      // nondeterminism: the unseeded generator's draw is rejected; the deterministic final output makes an episode
      const hooks = await corpus.query<{ variable_name: string; status: string; reject_reason: string | null }>(
        'SELECT variable_name, status, reject_reason FROM hooks WHERE notebook_id = $1 ORDER BY ordinal',
        [ids.unseeded as string],
      );
      const noise = hooks.find((h) => h.variable_name === 'noise');
      expect(noise).toMatchObject({ status: 'rejected' });
      expect(noise?.reject_reason).toMatch(/^nondeterministic: the value differs between two runs/);
      expect(hooks.some((h) => h.status === 'verified')).toBe(true);
      const [local] = await corpus.query<{ evidence: string; evidence_detail: string }>(
        `SELECT evidence, evidence_detail FROM episodes WHERE notebook_id = $1 AND kind = 'gold'`,
        [ids.unseeded as string],
      );
      expect(local?.evidence).toBe('local_deterministic');
      expect(local?.evidence_detail).toMatch(/^nothing recorded to compare/);
      // no verified hook anywhere has a value that differs between its hooked and stability runs
      const differing = await corpus.query(
        `SELECT h.name FROM hooks h
         JOIN executions hooked ON hooked.execution_id = h.execution_id
         JOIN executions stab ON stab.notebook_id = hooked.notebook_id AND stab.purpose = 'stability'
         JOIN hook_captures a ON a.execution_id = hooked.execution_id AND a.name = h.name
         JOIN hook_captures b ON b.execution_id = stab.execution_id AND b.name = h.name AND b.seq = a.seq
         WHERE h.status = 'verified' AND a.value_hash IS DISTINCT FROM b.value_hash`,
      );
      expect(differing).toEqual([]);

      // the first-cell failure: no proposal, no episode, its failure reason kept
      const [status] = await corpus.query<{ failure_reason: string; episodes: number; evidence: string | null }>(
        'SELECT failure_reason, episodes::INT AS episodes, evidence FROM v_notebook_status WHERE notebook_id = $1',
        [ids['first-cell'] as string],
      );
      expect(status).toEqual({ failure_reason: 'missing_module', episodes: 0, evidence: null });
      const funnel = await corpus.query<{ prefix: number; local_deterministic: number; kaggle_reproduced: number }>(
        `SELECT prefix::INT AS prefix, local_deterministic::INT AS local_deterministic, kaggle_reproduced::INT AS kaggle_reproduced FROM v_funnel WHERE competition = 'shop'`,
      );
      expect(funnel).toEqual([{ prefix: 1, local_deterministic: 1, kaggle_reproduced: 0 }]);
    });
  }, 300_000);
});
