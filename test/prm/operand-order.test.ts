import { describe, expect, it } from 'vitest';
import { exactMatchTokens } from '../../src/prm/exact-match.js';
import { operandOrderTokens, rankIndexTokens } from '../../src/prm/operand-order.js';

describe('operand order against the question (hashing v7)', () => {
  it('says whether a division or a subtraction takes its operands in the order the question names them', () => {
    const q = 'Divide the mean `fare` for rows with `class` = 3 by the mean `fare` for rows with `class` = 1. What do you get?';
    expect(operandOrderTokens(q, 'answer = float(per_group.loc[3] / per_group.loc[1])')).toEqual(['em:order-same']);
    expect(operandOrderTokens(q, 'answer = float(per_group.loc[1] / per_group.loc[3])')).toEqual(['em:order-swapped']);
    const range = 'Of `a`, `b`, which has the widest range (max minus min)?';
    expect(operandOrderTokens(range, 'spread = numeric.max() - numeric.min()')).toEqual(['em:order-same']);
    expect(operandOrderTokens(range, 'spread = numeric.min() - numeric.max()')).toEqual(['em:order-swapped']);
  });

  it('reads a formula the question spells out, not a list of the same columns elsewhere', () => {
    const q = 'Keep `x`, `y` and `z`; compute ratio = `z` / (|`y`| + 1). What is its median?';
    expect(operandOrderTokens(q, 'ratio = df["z"] / (df["y"].abs() + 1)')).toEqual(['em:order-same']);
    expect(operandOrderTokens(q, 'ratio = (df["y"].abs() + 1) / df["z"]')).toEqual(['em:order-swapped']);
  });

  it('takes precedence into account: `a - b * c` subtracts the product', () => {
    const q = 'Count the values outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] by the 1.5 x IQR rule.';
    expect(operandOrderTokens(q, 'lower = q1 - 1.5 * iqr')).toEqual(['em:order-same']);
    expect(operandOrderTokens(q, 'lower = 1.5 * iqr - q1')).toEqual(['em:order-swapped']);
    // Q1 and Q3 are items of a list there, not a formula: no order
    expect(operandOrderTokens(q, 'iqr = q3 - q1')).toEqual([]);
  });

  it('gives nothing when the question does not name both operands, or for a unary minus or a string', () => {
    expect(operandOrderTokens('What is the largest absolute z-score of `x`?', 'z = (values - values.mean()) / values.std()')).toEqual([]);
    expect(operandOrderTokens('How many days lie between the earliest and the latest `d`?', 'span = d.max() - d.min()')).toEqual([]);
    expect(operandOrderTokens('What is max minus min?', 'v = -s.max()\nw = df["max-min"]')).toEqual([]);
  });
});

describe('subscripts at a stated rank', () => {
  it('tells the zero-based position of the one ordinal asked from the position after it', () => {
    const q = 'What is the fifth largest distinct value of `x`?';
    expect(rankIndexTokens(q, 'answer = float(ordered.iloc[4])')).toEqual(['em:rank-index-same']);
    expect(rankIndexTokens(q, 'answer = float(ordered.iloc[5])')).toEqual(['em:rank-index-next']);
    expect(rankIndexTokens(q, 'answer = float(ordered.iloc[0])')).toEqual([]);
    // two different ranks asked: no single position to check
    expect(rankIndexTokens('Give the second and the third largest values.', 'a = s.iloc[1]')).toEqual([]);
  });

  it('is part of the exact-match features a step is embedded with', () => {
    const prompt = '# data: t\n# question: Divide the median `t` for rows with `w` = 1 by the median for `w` = 0.\n';
    expect(exactMatchTokens(prompt, 'answer = float(g.loc[0] / g.loc[1])')).toContain('em:order-swapped');
  });
});
