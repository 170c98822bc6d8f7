import { describe, expect, it } from 'vitest';
import type { Capture } from '../../../extractors/hooks/steps.js';
import { labelTrace, stepConsensus, type GoldStep } from '../../../extractors/labels/step-labels.js';

// Numbers within 1e-6 relative match; everything else by JSON equality (the real matcher is src/compare).
const matcher = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-6 * Math.abs(a) : JSON.stringify(a) === JSON.stringify(b);

const gold: GoldStep[] = [
  { name: 'load', value: 891, value_hash: 'h-load', value_type: 'int', depends_on: [] },
  { name: 'clean', value: 714, value_hash: 'h-clean', value_type: 'int', depends_on: ['load'] },
  { name: 'other', value: 3, value_hash: 'h-other', value_type: 'int', depends_on: ['load'] },
  { name: 'mean', value: 29.7, value_hash: 'h-mean', value_type: 'float', depends_on: ['clean'] },
  { name: 'final', value: 0.38, value_hash: 'h-final', value_type: 'float', depends_on: ['mean', 'other'] },
];

const trace = (values: Record<string, [unknown, string]>) =>
  new Map<string, Capture>(Object.entries(values).map(([name, [value, hash]], seq) => [name, { seq, name, value, value_hash: hash, value_type: typeof value === 'number' && Number.isInteger(value) ? 'int' : 'float' }]));

describe('labelTrace', () => {
  it('labels every step of the gold trace positive', () => {
    const labels = labelTrace(gold, trace({ load: [891, 'h-load'], clean: [714, 'h-clean'], other: [3, 'h-other'], mean: [29.7, 'h-mean'], final: [0.38, 'h-final'] }), matcher);
    expect(labels.map((l) => l.label)).toEqual([true, true, true, true, true]);
  });

  it('marks the first diverging step and the diverging steps that depend on it negative', () => {
    const labels = labelTrace(gold, trace({ load: [891, 'h-load'], clean: [891, 'x1'], other: [3, 'h-other'], mean: [32.2, 'x2'], final: [0.41, 'x3'] }), matcher);
    expect(labels.map((l) => [l.name, l.label, l.why])).toEqual([
      ['load', true, 'gold-match'],
      ['clean', false, 'first-divergence'],
      ['other', true, 'gold-match'],
      ['mean', false, 'depends-on-divergence'],
      ['final', false, 'depends-on-divergence'],
    ]);
  });

  it('never labels negative a step whose value matches gold, even downstream of a divergence', () => {
    const labels = labelTrace(gold, trace({ load: [891, 'h-load'], clean: [700, 'x1'], other: [3, 'h-other'], mean: [29.7000000001, 'other-hash'], final: [0.38, 'h-final'] }), matcher);
    expect(labels.find((l) => l.name === 'mean')?.label).toBe(true);
    expect(labels.filter((l) => l.matches && l.label === false)).toEqual([]);
  });

  it('leaves a divergence that does not depend on the first one unlabelled', () => {
    const labels = labelTrace(gold, trace({ load: [891, 'h-load'], clean: [700, 'x1'], other: [4, 'x2'], mean: [29.7, 'h-mean'], final: [0.38, 'h-final'] }), matcher);
    expect(labels.find((l) => l.name === 'other')).toMatchObject({ label: null, why: 'independent-divergence' });
  });

  it('steps a crashed trace never reached have no label', () => {
    const labels = labelTrace(gold, trace({ load: [891, 'h-load'] }), matcher);
    expect(labels.slice(1).map((l) => [l.label, l.why])).toEqual(Array(4).fill([null, 'missing']));
  });
});

describe('stepConsensus', () => {
  it('share of traces matching gold at each hook, and whether gold is the consensus', () => {
    const g = trace({ load: [891, 'h-load'], clean: [714, 'h-clean'], other: [3, 'h-other'], mean: [29.7, 'h-mean'], final: [0.38, 'h-final'] });
    const m1 = trace({ load: [891, 'h-load'], clean: [700, 'x'], other: [3, 'h-other'], mean: [30, 'y'], final: [0.4, 'z'] });
    const m2 = trace({ load: [891, 'h-load'], clean: [700, 'x'], other: [3, 'h-other'], mean: [30, 'y'], final: [0.4, 'z'] });
    const m3 = trace({ load: [891, 'h-load'], clean: [714, 'h-clean'], other: [3, 'h-other'], mean: [29.7, 'h-mean'], final: [0.5, 'w'] });
    const c = stepConsensus(gold, [g, m1, m2, m3], matcher);
    expect(c.map((s) => [s.name, s.stepConfidence])).toEqual([
      ['load', 1],
      ['clean', 0.5],
      ['other', 1],
      ['mean', 0.5],
      ['final', 0.25],
    ]);
    expect(c.find((s) => s.name === 'final')?.consensusIsGold).toBe(false);
    expect(c.find((s) => s.name === 'clean')?.consensusIsGold).toBe(true);
  });
});
