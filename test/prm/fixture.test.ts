import { describe, expect, it } from 'vitest';
import { generateFixture } from './fixture/episodes.js';

// The fixture stands in for the labelled corpus until the label stage lands; these tests pin down
// that it follows the labelling rules the real stage follows.
describe('the PRM fixture corpus', () => {
  const { episodes, steps } = generateFixture({ datasets: 6, questionsPerDataset: 4 });
  const stepsOf = (id: string) => steps.filter((s) => s.episode_id === id).sort((a, b) => a.step_index - b.step_index);

  it('is deterministic for a seed', () => {
    const again = generateFixture({ datasets: 6, questionsPerDataset: 4 });
    expect(again.steps.map((s) => s.value_hash)).toEqual(steps.map((s) => s.value_hash));
    expect(generateFixture({ datasets: 6, questionsPerDataset: 4, seed: 8 }).steps.map((s) => s.value_hash)).not.toEqual(steps.map((s) => s.value_hash));
  });

  it('labels every gold step right and links mutants and traces to their gold episode', () => {
    for (const e of episodes.filter((x) => x.kind === 'gold')) expect(stepsOf(e.episode_id).every((s) => s.label)).toBe(true);
    const golds = new Set(episodes.filter((x) => x.kind === 'gold').map((x) => x.episode_id));
    for (const e of episodes.filter((x) => x.kind !== 'gold')) expect(golds.has(e.gold_episode_id as string)).toBe(true);
  });

  it('labels a step wrong exactly when its value differs from the gold value at that step', () => {
    for (const e of episodes.filter((x) => x.kind !== 'gold')) {
      const gold = stepsOf(e.gold_episode_id as string);
      for (const s of stepsOf(e.episode_id)) expect(s.label).toBe(s.value_hash === gold[s.step_index]?.value_hash);
    }
  });

  it('in a mutant, nothing before the mutated step is wrong', () => {
    for (const e of episodes.filter((x) => x.kind === 'mutant')) {
      const at = (e.mutation as { step: number }).step;
      expect(stepsOf(e.episode_id).slice(0, at).every((s) => s.label)).toBe(true);
    }
  });

  it('holds flawed and clean trajectories, correct and wrong final answers, and a held-out variant', () => {
    const flawed = new Set(steps.filter((s) => !s.label).map((s) => s.episode_id));
    expect(flawed.size).toBeGreaterThan(episodes.length / 4);
    expect(episodes.some((e) => e.kind !== 'gold' && e.final_correct)).toBe(true);
    expect(episodes.some((e) => !e.final_correct)).toBe(true);
    expect(generateFixture({ datasets: 12, questionsPerDataset: 6 }).episodes.some((e) => e.heldout)).toBe(true);
  });

  it('marks exactly the last step of each episode final, and answers are never in the question', () => {
    for (const e of episodes) {
      const list = stepsOf(e.episode_id);
      expect(list.filter((s) => s.is_final).map((s) => s.step_index)).toEqual([list.length - 1]);
    }
    for (const e of episodes.filter((x) => x.kind === 'gold' && typeof x.answer === 'number')) {
      expect(new RegExp(`(^|[^\\d.])${String(e.answer).replace('.', '\\.')}([^\\d]|$)`).test(e.question)).toBe(false);
    }
  });
});
