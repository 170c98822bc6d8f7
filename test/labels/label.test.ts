// Mutation labels on a Kaggle episode, against the real sandbox.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import { answersMatch } from '../../src/compare/values.js';
import { labelEpisodes } from '../../src/labels/label.js';
import { parseValue } from '../../src/labels/mutants.js';
import { kaggleEpisodeFixture, SHOP_CELLS, shopRoot, TOL } from '../helpers/toy-notebook.js';
import { withCorpus } from '../helpers/tmp.js';

let root: string;
beforeAll(() => {
  root = shopRoot();
});

const label = (corpus: Corpus, extra = {}) => labelEpisodes(corpus, { dataRoot: join(root, 'data'), tolerance: TOL, mutants: 4, seed: 3, jobs: 2, ...extra });

interface StepLabel {
  episode_id: string;
  name: string;
  label: boolean | null;
  value: string | null;
  gold_value: string | null;
  value_hash: string | null;
  gold_hash: string | null;
}

async function mutantSteps(corpus: Corpus): Promise<StepLabel[]> {
  return corpus.query<StepLabel & Record<string, unknown>>(`
    SELECT m.episode_id, s.name, s.label, s.value, g.value AS gold_value, s.value_hash, g.value_hash AS gold_hash
    FROM episodes m JOIN steps s USING (episode_id)
    JOIN steps g ON g.episode_id = m.gold_episode_id AND g.name = s.name
    WHERE m.kind = 'mutant' ORDER BY m.episode_id, s.step_index`);
}

describe('hookmine label', () => {
  it('stores mutants linked to their gold episode, with the mutation and execution labels', async () => {
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, root);
      const summary = await label(corpus);
      expect(summary.labelled).toBe(1);
      expect(summary.stored).toBeGreaterThanOrEqual(3);
      const mutants = await corpus.query<{ gold: string; kind: string; final_correct: boolean }>(
        `SELECT gold_episode_id AS gold, mutation->>'kind' AS kind, final_correct FROM episodes WHERE kind = 'mutant'`,
      );
      const [gold] = await corpus.query<{ episode_id: string }>(`SELECT episode_id FROM episodes WHERE kind = 'gold'`);
      expect(new Set(mutants.map((m) => m.gold))).toEqual(new Set([gold?.episode_id]));
      expect(new Set(mutants.map((m) => m.kind)).size).toBeGreaterThanOrEqual(3);
      const steps = await mutantSteps(corpus);
      expect(steps.some((s) => s.label === false)).toBe(true);
      // every mutant trajectory starts right (the data is loaded the same way) and has a first wrong step
      for (const id of new Set(steps.map((s) => s.episode_id))) {
        const labels = steps.filter((s) => s.episode_id === id).map((s) => s.label);
        expect(labels[0], id).toBe(true);
      }
    });
  }, 300_000);

  it('never labels negative a step whose value matches gold', async () => {
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, root);
      await label(corpus);
      const negatives = (await mutantSteps(corpus)).filter((s) => s.label === false);
      expect(negatives.length).toBeGreaterThan(0);
      for (const s of negatives) {
        expect(s.value_hash, s.name).not.toBe(s.gold_hash);
        // read as the label stage reads stored values: a string capture (NaN is the string "NaN") is stored as its text
        expect(answersMatch(parseValue(s.gold_value), parseValue(s.value), TOL).match, s.name).toBe(false);
      }
    });
  }, 300_000);

  it('labels agree with a re-execution of the same mutants, and consensus is stored on every trace', async () => {
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, root);
      await label(corpus);
      const first = await mutantSteps(corpus);
      await corpus.run(`DELETE FROM steps WHERE episode_id IN (SELECT episode_id FROM episodes WHERE kind = 'mutant')`);
      await corpus.run(`DELETE FROM episodes WHERE kind = 'mutant'`);
      await label(corpus);
      const second = await mutantSteps(corpus);
      expect(second.map((s) => [s.episode_id, s.name, s.label, s.value_hash])).toEqual(first.map((s) => [s.episode_id, s.name, s.label, s.value_hash]));
      const consensus = await corpus.query<{ kind: string; confidence: number | null }>(
        `SELECT e.kind, s.step_confidence AS confidence FROM steps s JOIN episodes e USING (episode_id)`,
      );
      expect(consensus.every((c) => c.confidence !== null && c.confidence >= 0 && c.confidence <= 1)).toBe(true);
      const [goldFirst] = await corpus.query<{ c: number }>(`SELECT s.step_confidence AS c FROM steps s JOIN episodes e USING (episode_id) WHERE e.kind = 'gold' AND s.step_index = 0`);
      expect(goldFirst?.c).toBe(1);
    });
  }, 400_000);
  it('ends a crashed mutant with the step it crashed in, labelled wrong and carrying the error', async () => {
    // Dropping the dropna leaves a NaN for LinearRegression, which raises: the mutant crashes at `model`.
    const crashRoot = shopRoot([
      SHOP_CELLS[0] as string,
      "clean = sales.dropna()\nn_clean = len(clean)",
      "from sklearn.linear_model import LinearRegression\nmodel = LinearRegression().fit(clean[features], clean['sales'])\npreds = model.predict(clean[features])",
      "pd.DataFrame({'id': clean['id'], 'sales': preds.round(2)}).to_csv('submission.csv', index=False)",
    ]);
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, crashRoot);
      await labelEpisodes(corpus, { dataRoot: join(crashRoot, 'data'), tolerance: TOL, mutants: 8, seed: 3, jobs: 2 });
      const crashed = await corpus.query<{ episode_id: string; final_correct: boolean; failure: string }>(
        `SELECT episode_id, final_correct, (mutation->>'failure') AS failure FROM episodes WHERE kind = 'mutant' AND (mutation->>'run_status') = 'failed'`,
      );
      expect(crashed.length).toBeGreaterThan(0);
      for (const m of crashed) {
        const steps = await corpus.query<{ label: boolean | null; value_type: string | null; value: string; value_hash: string | null }>(
          `SELECT label, value_type, value, value_hash FROM steps WHERE episode_id = $1 ORDER BY step_index`,
          [m.episode_id],
        );
        const last = steps.at(-1);
        expect(m.final_correct).toBe(false);
        expect(last?.value_type, m.episode_id).toBe('error');
        expect(last?.label).toBe(false);
        expect(last?.value_hash).toBeNull();
        expect(JSON.parse(last?.value as string)).toBe(m.failure.slice(0, 300));
        // only the last step carries an error
        expect(steps.slice(0, -1).every((s) => s.value_type !== 'error')).toBe(true);
      }
    });
  }, 300_000);
  it('stores counterfactual positives only when every step equals gold, in their gold episode\'s group', async () => {
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, root);
      const summary = await label(corpus, { counterfactuals: 4 });
      expect(summary.counterfactuals.run).toBeGreaterThan(0);
      const rows = await corpus.query<{ episode_id: string; same_data: boolean; final_correct: boolean; cf: string; labels: (boolean | null)[]; equal: boolean[] }>(`
        SELECT e.episode_id, e.competition IS NOT DISTINCT FROM g.competition AND e.dataset IS NOT DISTINCT FROM g.dataset AS same_data,
               e.final_correct, e.mutation->>'counterfactual' AS cf,
               list(s.label ORDER BY s.step_index) AS labels,
               list(s.value_hash IS NOT DISTINCT FROM gs.value_hash OR s.value::VARCHAR = gs.value::VARCHAR ORDER BY s.step_index) AS equal
        FROM episodes e JOIN episodes g ON g.episode_id = e.gold_episode_id
        JOIN steps s ON s.episode_id = e.episode_id JOIN steps gs ON gs.episode_id = g.episode_id AND gs.step_index = s.step_index
        WHERE e.kind = 'counterfactual' GROUP BY ALL`);
      expect(rows.length).toBe(summary.counterfactuals.stored);
      expect(rows.length).toBeGreaterThan(0);
      const goldSteps = await corpus.query<{ n: number }>(`SELECT count(*)::INT AS n FROM steps JOIN episodes USING (episode_id) WHERE kind = 'gold'`);
      for (const r of rows) {
        expect(r.same_data, r.episode_id).toBe(true);
        expect(r.final_correct, r.episode_id).toBe(true);
        expect(r.cf).toBe('true');
        expect(r.labels, r.episode_id).toEqual(r.labels.map(() => true));
        expect(r.labels.length, r.episode_id).toBe(goldSteps[0]?.n);
      }
    });
  }, 300_000);

  it('--relabel replaces the stored mutants with freshly labelled ones', async () => {
    await withCorpus(async (corpus) => {
      await kaggleEpisodeFixture(corpus, root);
      await label(corpus);
      const fresh = await mutantSteps(corpus);
      // rows as an older labelling left them: labels gone, a last step missing
      await corpus.run(`UPDATE steps SET label = NULL WHERE episode_id IN (SELECT episode_id FROM episodes WHERE kind = 'mutant')`);
      const first = fresh[0] as StepLabel;
      await corpus.run(`DELETE FROM steps WHERE episode_id = $1 AND step_index = (SELECT max(step_index) FROM steps WHERE episode_id = $1)`, [first.episode_id]);
      await label(corpus);
      expect((await mutantSteps(corpus)).some((s) => s.label === null && fresh.some((f) => f.episode_id === s.episode_id && f.name === s.name && f.label !== null))).toBe(true);
      await label(corpus, { relabel: true });
      expect(await mutantSteps(corpus)).toEqual(fresh);
    });
  }, 400_000);
});
