import { describe, expect, it } from 'vitest';
import { aggregate, auroc, bestOfN, calibrationBins, ece, metricSet, processBench, tuneThreshold, type ScoredTrajectory } from '../../src/prm/metrics.js';

const t = (id: string, group: string, probs: number[], labels: (boolean | null)[], finalCorrect: boolean | null): ScoredTrajectory => ({ id, group, probs, labels, finalCorrect });

describe('auroc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(auroc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(auroc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(auroc([0.5, 0.5, 0.5], [true, false, true])).toBe(0.5);
  });

  it('counts ties between a right and a wrong step as half', () => {
    // pairs: (0.9 vs 0.5)=1, (0.9 vs 0.1)=1, (0.5 vs 0.5)=0.5, (0.5 vs 0.1)=1 -> 3.5 / 4
    expect(auroc([0.9, 0.5, 0.5, 0.1], [true, true, false, false])).toBe(0.875);
  });

  it('is undefined (null) with only one class', () => {
    expect(auroc([0.1, 0.2], [true, true])).toBeNull();
  });
});

describe('calibration error', () => {
  it('is 0 when confidence equals accuracy in every bin', () => {
    expect(ece([0.25, 0.25, 0.25, 0.25], [true, false, false, false])).toBeCloseTo(0);
  });

  it('is the count-weighted gap per bin', () => {
    // bin 0.9-1.0: confidence 0.95, accuracy 0.5 (2 steps); bin 0.0-0.1: confidence 0.05, accuracy 0 (2 steps)
    expect(ece([0.95, 0.95, 0.05, 0.05], [true, false, false, false])).toBeCloseTo(0.5 * 0.45 + 0.5 * 0.05);
    const bins = calibrationBins([0.95, 0.95, 0.05, 0.05], [true, false, false, false]);
    expect(bins[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[0]).toMatchObject({ count: 2, accuracy: 0 });
  });
});

describe('processBench', () => {
  const trajectories = [
    t('a', 'g', [0.9, 0.2, 0.1], [true, false, false], false), // first error 1, predicted 1: hit
    t('b', 'g', [0.9, 0.9, 0.3], [true, false, false], false), // first error 1, predicted 2: miss
    t('c', 'g', [0.9, 0.8, 0.7], [true, true, true], true), // clean, predicted none: hit
    t('d', 'g', [0.9, 0.4, 0.7], [true, true, true], true), // clean, predicted 1: miss
    t('e', 'g', [0.9, 0.4], [null, null], true), // unlabelled: not counted
  ];

  it('scores the earliest wrong step exactly and clean trajectories as clean, and takes their harmonic mean', () => {
    const r = processBench(trajectories, 0.5);
    expect(r).toMatchObject({ erroneous: 2, correct: 2, accErroneous: 0.5, accCorrect: 0.5 });
    expect(r.f1).toBeCloseTo(0.5);
  });

  it('is 0 for a scorer that never predicts an error', () => {
    expect(processBench(trajectories, 0).f1).toBe(0);
  });

  it('tunes the threshold to the best F1 and prefers 0.5 among ties', () => {
    const th = tuneThreshold(trajectories);
    expect(processBench(trajectories, th).f1).toBeGreaterThanOrEqual(processBench(trajectories, 0.5).f1 as number);
    expect(th).toBeGreaterThan(0.3);
    expect(th).toBeLessThanOrEqual(0.4);
  });

  it('with parts, tunes the threshold to the best mean F1 over the parts, not over the pooled trajectories', () => {
    // seen (many): errors score 0.2, clean steps 0.3 or 0.6; unseen (few): errors 0.35, clean steps 0.5.
    // Pooled, 0.3 wins (every seen trajectory right); per part, a threshold above 0.35 does.
    const seen = Array.from({ length: 20 }, (_, i) => [
      { ...t(`s${i}e`, `g${i}`, [0.9, 0.2], [true, false], false), part: 'seen' },
      { ...t(`s${i}c`, `g${i}`, [0.9, i % 2 ? 0.3 : 0.6], [true, true], true), part: 'seen' },
    ]).flat();
    const unseen = Array.from({ length: 2 }, (_, i) => [
      { ...t(`u${i}e`, `h${i}`, [0.9, 0.35], [true, false], false), part: 'unseen' },
      { ...t(`u${i}c`, `h${i}`, [0.9, 0.5], [true, true], true), part: 'unseen' },
    ]).flat();
    const pooled = tuneThreshold([...seen, ...unseen].map(({ part: _part, ...rest }) => rest));
    const parted = tuneThreshold([...seen, ...unseen]);
    expect(pooled).toBeLessThanOrEqual(0.3);
    expect(processBench(unseen, pooled).f1).toBe(0);
    expect(parted).toBeGreaterThan(0.35);
    expect(processBench(unseen, parted).f1).toBe(1);
    expect(processBench(seen, parted).f1).toBeCloseTo(2 / 3);
  });
});

describe('aggregate and bestOfN', () => {
  it('aggregates by log-product, min, mean and last', () => {
    expect(Math.exp(aggregate([0.5, 0.5], 'product'))).toBeCloseTo(0.25);
    expect(aggregate([0.9, 0.2, 0.7], 'min')).toBe(0.2);
    expect(aggregate([0.9, 0.2, 0.7], 'mean')).toBeCloseTo(0.6);
    expect(aggregate([0.9, 0.2, 0.7], 'last')).toBe(0.7);
  });

  it('a long product of probabilities does not underflow into ties', () => {
    const long = Array.from({ length: 400 }, () => 0.1);
    expect(aggregate(long, 'product')).toBeGreaterThan(aggregate([...long, 0.1], 'product'));
  });

  it('picks the best-scored candidate per group and counts correct picks', () => {
    const list = [
      t('g1-a', 'g1', [0.9, 0.9], [true, true], true),
      t('g1-b', 'g1', [0.9, 0.1], [true, false], false),
      t('g2-a', 'g2', [0.4, 0.9], [true, true], true),
      t('g2-b', 'g2', [0.8, 0.8], [true, false], false),
      t('g3-a', 'g3', [0.5], [true], true), // a group of one is not a choice
    ];
    expect(bestOfN(list, 'min', () => 0)).toEqual({ accuracy: 0.5, groups: 2, oracle: 1, candidatesCorrect: 0.5 });
    expect(bestOfN(list, 'last', () => 0).accuracy).toBe(1);
  });

  it('breaks ties with the given key, not by order', () => {
    const list = [t('x', 'g', [0.5], [true], true), t('y', 'g', [0.5], [false], false)];
    expect(bestOfN(list, 'mean', (id) => (id === 'y' ? 1 : 0)).accuracy).toBe(0);
    expect(bestOfN(list, 'mean', (id) => (id === 'x' ? 1 : 0)).accuracy).toBe(1);
  });
});

describe('metricSet', () => {
  it('bundles every metric under the names metrics.json uses', () => {
    const m = metricSet([t('a', 'g', [0.9, 0.2], [true, false], false), t('b', 'g', [0.9, 0.8], [true, true], true)], 0.5, () => 0);
    expect(Object.keys(m).sort()).toEqual(
      ['best_of_n', 'brier', 'ece', 'groups', 'processbench_acc_correct', 'processbench_acc_erroneous', 'processbench_f1', 'step_auroc', 'steps', 'threshold', 'trajectories'].sort(),
    );
    expect(m.processbench_f1).toBe(1);
    expect(m.step_auroc).toBe(1);
    expect(m.best_of_n).toEqual({ product: 1, min: 1, mean: 1, last: 1 });
  });
});
