import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, negLogLikelihood } from '../../src/prm/calibration.js';
import { createRng } from '../../src/prm/rng.js';

describe('temperature scaling', () => {
  it('recovers the temperature of over-confident logits', () => {
    // True probabilities sigmoid(z); the model reports 3z (over-confident by a factor of 3).
    const rng = createRng(5);
    const logits: number[] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const z = (rng.next() - 0.5) * 8;
      labels.push(rng.next() < 1 / (1 + Math.exp(-z)));
      logits.push(3 * z);
    }
    const t = fitTemperature(logits, labels);
    expect(t).toBeGreaterThan(2.7);
    expect(t).toBeLessThan(3.3);
    expect(negLogLikelihood(logits, labels, t)).toBeLessThan(negLogLikelihood(logits, labels, 1));
  });

  it('is 1 when there is nothing to fit (no data, one class, too few points)', () => {
    expect(fitTemperature([], [])).toBe(1);
    expect(fitTemperature([1, 2], [true, true], 1)).toBe(1);
    expect(fitTemperature([5, -5, 5], [false, true, true])).toBe(1);
    expect(fitTemperature([5, -5, 5], [false, true, true], 1)).not.toBe(1);
  });

  it('keeps the order of scores', () => {
    const p = applyTemperature([-2, 0, 3], 2.5);
    expect(p[0]).toBeLessThan(p[1] as number);
    expect(p[1]).toBe(0.5);
    expect(p[2]).toBeGreaterThan(p[1] as number);
  });
});
