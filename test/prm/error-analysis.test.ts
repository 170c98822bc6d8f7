import { describe, expect, it } from 'vitest';
import type { Example } from '../../src/prm/dataset.js';
import { errorAnalysis, errorAnalysisTables } from '../../src/prm/error-analysis.js';

const example = (id: string, labels: (boolean | null)[], extra: Partial<Example> = {}): Example => ({
  id,
  group: 'g',
  kind: labels.includes(false) ? 'mutant' : 'gold',
  source: 'synthetic',
  split: 'heldout',
  prompt: '# question: q\n',
  steps: labels.map((label, index) => ({ index, text: `s${index}`, label })),
  finalCorrect: !labels.includes(false),
  finalKey: id,
  templateFamily: 'fam',
  ...extra,
});

describe('errorAnalysis', () => {
  it('sorts each wrong trajectory into found, flagged earlier, later or missed, by operator, and counts false alarms by family', () => {
    const examples = [
      example('found', [true, false, false], { mutationKind: 'wrong_column' }),
      example('early', [true, false], { mutationKind: 'wrong_column' }),
      example('late', [false, false], { mutationKind: 'off_by_one' }),
      example('missed', [true, false], { mutationKind: 'off_by_one' }),
      example('right', [true, true], { templateFamily: 'a' }),
      example('alarm', [true, true], { templateFamily: 'b' }),
      example('unlabelled', [null, null]),
    ];
    const probs = new Map<string, number[]>([
      ['found', [0.9, 0.2, 0.1]],
      ['early', [0.3, 0.1]],
      ['late', [0.9, 0.1]],
      ['missed', [0.9, 0.8]],
      ['right', [0.9, 0.9]],
      ['alarm', [0.9, 0.4]],
      ['unlabelled', [0.1, 0.1]],
    ]);
    const a = errorAnalysis(examples, probs, 0.5);
    expect(a.by_operator).toEqual({
      off_by_one: { trajectories: 2, found: 0, early: 0, late: 1, missed: 1 },
      wrong_column: { trajectories: 2, found: 1, early: 1, late: 0, missed: 0 },
    });
    expect(a.by_family).toEqual({ b: { trajectories: 1, false_alarms: 1 }, a: { trajectories: 1, false_alarms: 0 } });
    expect(errorAnalysisTables(a)).toContain('| wrong_column | 2 | 50% | 50% | 0% | 0% |');
  });
});
