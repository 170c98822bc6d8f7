import { describe, expect, it } from 'vitest';
import { computeSplit, isValidationVariant, splitGroupKey, splitOf } from '../../src/prm/splits.js';

describe('computeSplit', () => {
  it('puts every episode of one dataset in the same split, whatever the episode', () => {
    const splits = new Set(Array.from({ length: 50 }, (_, i) => computeSplit({ episode_id: `e${i}`, dataset: 'sklearn:iris' })));
    expect(splits.size).toBe(1);
  });

  it('groups by dataset, then competition, then gold episode', () => {
    expect(splitGroupKey({ episode_id: 'e', dataset: 'd', competition: 'c' })).toBe('dataset:d');
    expect(splitGroupKey({ episode_id: 'e', competition: 'c' })).toBe('competition:c');
    expect(splitGroupKey({ episode_id: 'm1', gold_episode_id: 'g' })).toBe('episode:g');
  });

  it('is deterministic for a seed and changes with it', () => {
    const keys = Array.from({ length: 200 }, (_, i) => ({ episode_id: `e${i}`, dataset: `data-${i}` }));
    const a = keys.map((k) => computeSplit(k, { seed: 1 }));
    expect(keys.map((k) => computeSplit(k, { seed: 1 }))).toEqual(a);
    expect(keys.map((k) => computeSplit(k, { seed: 2 }))).not.toEqual(a);
  });

  it('gives roughly the requested shares over many datasets', () => {
    const counts = { train: 0, validation: 0, test: 0, heldout: 0, real: 0 };
    for (let i = 0; i < 4000; i++) counts[computeSplit({ episode_id: `e${i}`, dataset: `d${i}` })]++;
    expect(counts.heldout).toBe(0);
    expect(counts.validation / 4000).toBeGreaterThan(0.08);
    expect(counts.validation / 4000).toBeLessThan(0.12);
    expect(counts.test / 4000).toBeGreaterThan(0.08);
    expect(counts.test / 4000).toBeLessThan(0.12);
  });

  it('sends held-out template variants to heldout', () => {
    expect(computeSplit({ episode_id: 'e', dataset: 'd', heldout: true })).toBe('heldout');
  });

  it('holds every Kaggle episode out in the real split, unless asked not to', () => {
    expect(computeSplit({ episode_id: 'e', competition: 'titanic', source: 'kaggle' })).toBe('real');
    expect(splitOf({ episode_id: 'e', competition: 'titanic', source: 'kaggle', split: 'train' })).toBe('real');
    expect(computeSplit({ episode_id: 'e', competition: 'titanic', source: 'kaggle' }, { real: false })).toBe(computeSplit({ episode_id: 'e', competition: 'titanic' }));
    expect(computeSplit({ episode_id: 'e', competition: 'titanic', source: 'synthetic' })).not.toBe('real');
  });
});

describe('splitOf', () => {
  it('keeps a split the export stored and computes one when it is NULL or unknown', () => {
    expect(splitOf({ episode_id: 'e', dataset: 'd', split: 'validation' })).toBe('validation');
    expect(splitOf({ episode_id: 'e', dataset: 'd', split: null })).toBe(computeSplit({ episode_id: 'e', dataset: 'd' }));
    expect(splitOf({ episode_id: 'e', dataset: 'd', split: 'bogus' })).toBe(computeSplit({ episode_id: 'e', dataset: 'd' }));
  });

  it('never trains on a validation variant: in a train dataset it goes to validation, elsewhere it stays; heldout wins', () => {
    const variants = new Set(['quantile/q75']);
    const moved = { train: 0, other: 0 };
    for (let i = 0; i < 200; i++) {
      const v = { episode_id: `e${i}`, dataset: `d${i}`, template_family: 'quantile', template_variant: 'q75' };
      const plain = computeSplit({ episode_id: v.episode_id, dataset: v.dataset });
      const split = computeSplit(v, { validationVariants: variants });
      expect(split).toBe(plain === 'train' ? 'validation' : plain);
      moved[plain === 'train' ? 'train' : 'other']++;
      // an export older than the rule stored the plain split
      expect(splitOf({ ...v, split: plain }, { validationVariants: variants })).toBe(split);
    }
    expect(moved.train).toBeGreaterThan(100);
    expect(moved.other).toBeGreaterThan(10);
    const v = { episode_id: 'e', dataset: 'd', template_family: 'quantile', template_variant: 'q75' };
    expect(splitOf({ ...v, heldout: true, split: 'heldout' }, { validationVariants: variants })).toBe('heldout');
    expect(isValidationVariant(v, variants)).toBe(true);
    expect(isValidationVariant({ template_family: 'quantile', template_variant: 'q25' }, variants)).toBe(false);
    expect(splitOf({ ...v, template_variant: 'q25', split: 'train' }, { validationVariants: variants })).toBe('train');
  });
});
