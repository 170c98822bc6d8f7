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
});
