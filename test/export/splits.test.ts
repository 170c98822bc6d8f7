import { describe, expect, it } from 'vitest';
import { assignSplits, groupKey, type SplitEpisode } from '../../src/export/splits.js';

function episodes(): SplitEpisode[] {
  const out: SplitEpisode[] = [];
  const comps = ['titanic', 'house-prices', 'bikes', 'spaceship', 's3e1', 's3e5', 'lemonade', 'iris'];
  comps.forEach((c, i) => {
    for (let k = 0; k < 10 + i * 5; k++) {
      out.push({ episode_id: `${c}-${k}`, gold_episode_id: null, competition: c, dataset: c, heldout: false });
      out.push({ episode_id: `${c}-${k}-m`, gold_episode_id: `${c}-${k}`, competition: c, dataset: c, heldout: false });
    }
  });
  out.push({ episode_id: 'h1', gold_episode_id: null, competition: null, dataset: 'sklearn:iris', heldout: true });
  return out;
}

describe('assignSplits', () => {
  it('puts every competition in exactly one split, with something in each', () => {
    const all = episodes();
    const { byEpisode } = assignSplits(all, { seed: 1, validation: 0.1, test: 0.1, splitBy: 'competition' });
    const splitsOf = new Map<string, Set<string>>();
    for (const e of all) {
      const set = splitsOf.get(groupKey(e, 'competition')) ?? new Set<string>();
      set.add(byEpisode.get(e.episode_id) as string);
      splitsOf.set(groupKey(e, 'competition'), set);
    }
    for (const [group, splits] of splitsOf) if (group !== 'dataset:sklearn:iris') expect(splits.size, group).toBe(1);
    const used = new Set(byEpisode.values());
    expect(used).toEqual(new Set(['train', 'validation', 'test', 'heldout']));
    expect(byEpisode.get('h1')).toBe('heldout');
  });

  it('split by episode (one competition): mutants follow their gold episode, the competition spans the splits', () => {
    const one = episodes().filter((e) => e.competition === 'lemonade');
    const { byEpisode } = assignSplits(one, { seed: 0, validation: 0.1, test: 0.1, splitBy: 'episode' });
    for (const e of one) if (e.gold_episode_id) expect(byEpisode.get(e.episode_id)).toBe(byEpisode.get(e.gold_episode_id));
    expect(new Set(byEpisode.values())).toEqual(new Set(['train', 'validation', 'test']));
    // by competition, the same corpus cannot be split: everything is train
    const byCompetition = assignSplits(one, { seed: 0, validation: 0.1, test: 0.1, splitBy: 'competition' });
    expect(new Set(byCompetition.byEpisode.values())).toEqual(new Set(['train']));
  });

  it('keeps mutants with their gold episode and is deterministic for a seed', () => {
    const all = episodes();
    const a = assignSplits(all, { seed: 7, validation: 0.1, test: 0.1, splitBy: 'competition' });
    const b = assignSplits(all, { seed: 7, validation: 0.1, test: 0.1, splitBy: 'competition' });
    expect([...a.byEpisode]).toEqual([...b.byEpisode]);
    for (const e of all) if (e.gold_episode_id) expect(a.byEpisode.get(e.episode_id)).toBe(a.byEpisode.get(e.gold_episode_id));
    const c = assignSplits(all, { seed: 8, validation: 0.1, test: 0.1, splitBy: 'competition' });
    expect([...c.byGroup]).not.toEqual([...a.byGroup]);
  });

  it('test and validation hold roughly their share of the episodes', () => {
    const all = episodes();
    const { byEpisode } = assignSplits(all, { seed: 3, validation: 0.2, test: 0.2, splitBy: 'competition' });
    const count = (s: string) => [...byEpisode.values()].filter((v) => v === s).length;
    expect(count('test') / all.length).toBeLessThan(0.45);
    expect(count('train')).toBeGreaterThan(count('test'));
  });

  it('moves validation variants out of train into validation, keeps the groups, and leaves held-out variants in heldout', () => {
    const base = episodes();
    const comps = [...new Set(base.map((e) => e.competition).filter((c): c is string => c !== null))];
    const extra: SplitEpisode[] = comps.flatMap((c) => [
      { episode_id: `${c}-v`, gold_episode_id: null, competition: c, dataset: c, heldout: false, template_family: 'quantile', template_variant: 'q75' },
      { episode_id: `${c}-v-m`, gold_episode_id: `${c}-v`, competition: c, dataset: c, heldout: false, template_family: 'quantile', template_variant: 'q75' },
    ]);
    const all = [...base, ...extra, { episode_id: 'h2', gold_episode_id: null, competition: 'titanic', dataset: 'titanic', heldout: true, template_family: 'quantile', template_variant: 'q75' }];
    const options = { seed: 1, validation: 0.1, test: 0.1, splitBy: 'competition' as const, validationVariants: new Set(['quantile/q75']) };
    const { byEpisode, byGroup } = assignSplits(all, options);
    const plain = assignSplits(all, { ...options, validationVariants: new Set() });
    expect([...byGroup]).toEqual([...plain.byGroup]);
    const moved = extra.filter((e) => plain.byEpisode.get(e.episode_id) === 'train');
    expect(moved.length).toBeGreaterThan(0);
    for (const e of extra) expect(byEpisode.get(e.episode_id), e.episode_id).toBe(plain.byEpisode.get(e.episode_id) === 'train' ? 'validation' : plain.byEpisode.get(e.episode_id));
    for (const e of base) expect(byEpisode.get(e.episode_id)).toBe(plain.byEpisode.get(e.episode_id));
    expect(byEpisode.get('h2')).toBe('heldout');
  });
});
