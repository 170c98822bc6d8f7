import { describe, expect, it } from 'vitest';
import { insertEpisodes, updateEpisodes, updateStepLabels, type EpisodeRow, type StepRow } from '../../corpus/episodes.js';
import { withCorpus } from '../helpers/tmp.js';

const episode = (id: string, extra: Partial<EpisodeRow> = {}): EpisodeRow => ({
  episode_id: id, source: 'synthetic', kind: 'gold', dataset: 'sklearn:iris', question: 'q?', answer: { value: 5.8 }, created_at: new Date(), ...extra,
});
const step = (episode_id: string, step_index: number, extra: Partial<StepRow> = {}): StepRow => ({
  episode_id, step_index, name: `s${step_index}`, code: 'x = 1', is_final: false, depends_on: step_index ? [`s${step_index - 1}`] : [], value: { a: 1 }, ...extra,
});

describe('episodes', () => {
  it('stores episodes with steps once; storing again adds nothing', async () => {
    await withCorpus(async (corpus) => {
      const items = [{ episode: episode('e1'), steps: [step('e1', 0), step('e1', 1, { is_final: true })] }];
      expect(await insertEpisodes(corpus, items)).toEqual(['e1']);
      expect(await insertEpisodes(corpus, items)).toEqual([]);
      expect(await corpus.query('SELECT count(*)::INT AS n FROM steps')).toEqual([{ n: 2 }]);
      const [row] = await corpus.query<{ answer: string; depends_on: string[] }>('SELECT e.answer, s.depends_on FROM episodes e JOIN steps s USING (episode_id) WHERE step_index = 1');
      expect(JSON.parse(row?.answer as string)).toEqual({ value: 5.8 });
      expect(row?.depends_on).toEqual(['s0']);
    });
  });

  it('updates labels and consensus of existing steps', async () => {
    await withCorpus(async (corpus) => {
      await insertEpisodes(corpus, [{ episode: episode('e1'), steps: [step('e1', 0), step('e1', 1)] }]);
      await updateStepLabels(corpus, [
        { episode_id: 'e1', step_index: 0, label: true, label_source: 'gold', step_confidence: 1, is_consensus_correct: true },
        { episode_id: 'e1', step_index: 1, label: false, label_source: 'execution', step_confidence: 0.25, is_consensus_correct: false },
      ]);
      expect(await corpus.query('SELECT step_index, label, label_source, step_confidence FROM steps ORDER BY 1')).toEqual([
        { step_index: 0, label: true, label_source: 'gold', step_confidence: 1 },
        { step_index: 1, label: false, label_source: 'execution', step_confidence: 0.25 },
      ]);
    });
  });

  it('updates only the named episode columns', async () => {
    await withCorpus(async (corpus) => {
      await insertEpisodes(corpus, [{ episode: episode('e1', { dedup_key: 'k' }), steps: [] }, { episode: episode('e2'), steps: [] }]);
      await updateEpisodes(corpus, [{ episode_id: 'e1', split: 'test' }, { episode_id: 'e2', split: 'train' }], ['split']);
      expect(await corpus.query('SELECT episode_id, split, dedup_key, question FROM episodes ORDER BY 1')).toEqual([
        { episode_id: 'e1', split: 'test', dedup_key: 'k', question: 'q?' },
        { episode_id: 'e2', split: 'train', dedup_key: null, question: 'q?' },
      ]);
    });
  });
});
