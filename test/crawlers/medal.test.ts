import { describe, expect, it } from 'vitest';
import { kernelMedal, medalFromMetaKaggle, medalFromVotes, meetsMinMedal } from '../../crawlers/medal.js';

describe('medal tiers', () => {
  it('maps votes to the bronze 5 / silver 20 / gold 50 thresholds', () => {
    expect([0, 4, 5, 19, 20, 49, 50, 500].map(medalFromVotes)).toEqual([null, null, 'bronze', 'bronze', 'silver', 'silver', 'gold', 'gold']);
    expect(medalFromVotes(undefined)).toBeNull();
  });

  it("maps Meta Kaggle's Medal codes 1/2/3 to gold/silver/bronze", () => {
    expect([1, 2, 3, null, 4].map(medalFromMetaKaggle)).toEqual(['gold', 'silver', 'bronze', null, null]);
  });

  it('--min-medal keeps the tier and those above it', () => {
    expect(meetsMinMedal('gold', 'silver')).toBe(true);
    expect(meetsMinMedal('bronze', 'silver')).toBe(false);
    expect(meetsMinMedal(null, 'bronze')).toBe(false);
  });

  it("prefers Meta Kaggle's medal, its 'no medal' included, over the votes proxy", () => {
    expect(kernelMedal(80, undefined)).toEqual({ medal: 'gold', source: 'votes-proxy' });
    expect(kernelMedal(80, { medal: 'silver', medal_award_date: '2024-01-01' })).toEqual({ medal: 'silver', source: 'meta-kaggle', awardDate: '2024-01-01' });
    expect(kernelMedal(80, { medal: null })).toEqual({ medal: null, source: 'meta-kaggle', awardDate: null });
  });
});
