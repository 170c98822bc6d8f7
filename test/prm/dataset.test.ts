import { describe, expect, it } from 'vitest';
import { buildExamples, firstErrorIndex } from '../../src/prm/dataset.js';
import { episodePrompt, stepCompletion } from '../../src/prm/step-text.js';
import { fixtureRows } from './fixture/examples.js';

describe('buildExamples', () => {
  const rows = fixtureRows({ datasets: 6, questionsPerDataset: 3 });

  it('builds prompts and step texts with the shared step-text functions', () => {
    const { examples } = buildExamples(rows.episodes, rows.steps, { dedup: false });
    const gold = rows.episodes.find((e) => e.kind === 'gold')!;
    const ex = examples.find((e) => e.id === gold.episode_id)!;
    expect(ex.prompt).toBe(episodePrompt({ question: gold.question, dataset: gold.dataset }));
    const first = rows.steps.find((s) => s.episode_id === gold.episode_id && s.step_index === 0)!;
    expect(ex.steps[0]?.text).toBe(stepCompletion({ name: first.name, code: first.code, value: first.value, value_type: first.value_type }));
  });

  it('puts mutants and traces in their gold episode\'s split and best-of-N group', () => {
    const { examples } = buildExamples(rows.episodes, rows.steps, { dedup: false });
    const byId = new Map(examples.map((e) => [e.id, e]));
    for (const e of examples.filter((x) => x.kind !== 'gold')) {
      const gold = byId.get(e.group)!;
      expect(gold.kind).toBe('gold');
      expect(e.split).toBe(gold.split);
    }
  });

  it('never puts one dataset in two splits', () => {
    const { examples } = buildExamples(rows.episodes, rows.steps);
    const datasetOf = new Map(rows.episodes.map((e) => [e.episode_id, e.dataset]));
    const splits = new Map<string, Set<string>>();
    for (const e of examples) {
      if (e.split === 'heldout') continue;
      const d = datasetOf.get(e.id)!;
      splits.set(d, (splits.get(d) ?? new Set()).add(e.split));
    }
    for (const s of splits.values()) expect(s.size).toBe(1);
  });

  it('keeps one gold episode per dedup cluster (the export\'s choice); mutants in their gold episode\'s cluster stay or go with it', () => {
    // two gold episodes in one cluster, each with its mutants carrying that cluster (as the label stage stores them)
    const golds = rows.episodes.filter((e) => e.kind === 'gold').slice(0, 2);
    const family = rows.episodes.filter((e) => golds.some((g) => e.episode_id === g.episode_id || e.gold_episode_id === g.episode_id));
    const episodes = family.map((e) => ({ ...e, dedup_cluster: 'same' }));
    const { examples, skipped } = buildExamples(episodes, rows.steps);
    // the export's representative: the most steps, then the smallest id
    const steps = (id: string) => rows.steps.filter((s) => s.episode_id === id).length;
    const [kept, dropped] = [...golds].sort((a, b) => steps(b.episode_id) - steps(a.episode_id) || (a.episode_id < b.episode_id ? -1 : 1));
    const keptFamily = family.filter((e) => e.episode_id === kept!.episode_id || e.gold_episode_id === kept!.episode_id);
    expect(examples.map((e) => e.id).sort()).toEqual(keptFamily.map((e) => e.episode_id).sort());
    expect(examples.some((e) => e.kind === 'mutant')).toBe(true);
    expect(skipped).toContainEqual(expect.objectContaining({ episode_id: dropped!.episode_id, reason: 'duplicate' }));
    expect(skipped.filter((s) => s.reason === 'duplicate_group')).toHaveLength(family.length - keptFamily.length - 1);
  });

  it('moves a validation variant (gold, mutants, traces) from train to validation and marks it unseen; nothing else moves', () => {
    const variant = rows.episodes.find((e) => e.kind === 'gold' && !e.heldout && e.source === 'synthetic' && e.template_family === 'chain')!;
    const key = `${variant.template_family}/${variant.template_variant}`;
    const plain = buildExamples(rows.episodes, rows.steps, { dedup: false }).examples;
    const { examples } = buildExamples(rows.episodes, rows.steps, { dedup: false, split: { validationVariants: new Set([key]) } });
    const familyOf = new Map(rows.episodes.map((e) => [e.episode_id, `${e.template_family}/${e.template_variant}`]));
    const splitOfPlain = new Map(plain.map((e) => [e.id, e.split]));
    const marked = examples.filter((e) => familyOf.get(e.id) === key && e.source !== 'kaggle'); // Kaggle episodes stay `real`
    const moved = marked.filter((e) => splitOfPlain.get(e.id) === 'train');
    expect(moved.length).toBeGreaterThan(1);
    for (const e of moved) expect([e.split, e.unseenVariant], e.id).toEqual(['validation', true]);
    for (const e of marked.filter((x) => splitOfPlain.get(x.id) !== 'train')) expect([e.split, e.unseenVariant], e.id).toEqual([splitOfPlain.get(e.id), e.split === 'validation']);
    for (const e of examples.filter((x) => familyOf.get(x.id) !== key)) {
      expect(e.split).toBe(splitOfPlain.get(e.id));
      expect(e.unseenVariant).toBe(false);
    }
  });

  it('skips an episode without steps with its reason and keeps the rest', () => {
    const lonely = { ...rows.episodes[0]!, episode_id: 'no-steps', dedup_cluster: null };
    const { examples, skipped } = buildExamples([lonely, ...rows.episodes], rows.steps);
    expect(skipped).toContainEqual({ episode_id: 'no-steps', reason: 'no_steps', message: 'the episode has no steps' });
    expect(examples.length).toBeGreaterThan(10);
  });

  it('firstErrorIndex is the earliest wrong step, -1 when none', () => {
    expect(firstErrorIndex([true, null, false, false])).toBe(2);
    expect(firstErrorIndex([true, null, true])).toBe(-1);
  });
});
