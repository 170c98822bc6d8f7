import { describe, expect, it } from 'vitest';
import { answerLeak, numberForms } from '../../src/synth/leak.js';

describe('answerLeak', () => {
  it('finds a number printed in full, rounded, or with thousands separators', () => {
    expect(answerLeak('Is it about 0.3838?', { value: 0.38383838383838 })).toBe('0.3838');
    expect(answerLeak('the mean is 29.7 or so', { value: 29.69911764705882 })).toBe('29.7');
    expect(answerLeak('more than 1,460 rows', { value: 1460 })).toBe('1,460');
    expect(answerLeak('exactly 177 rows?', { value: 177 })).toBe('177');
    expect(answerLeak('with 0.1 * 3.14159 as a hint', 3.14159)).toBe('3.14159');
  });

  it('does not count a number inside another number, a name, or a one-digit rounding', () => {
    expect(answerLeak('rows where `Age` > 38.5', { value: 38 })).toBeNull();
    expect(answerLeak('column f177 and 1177 rows', { value: 177 })).toBeNull();
    expect(answerLeak('a share near 0.4', { value: 0.38383838 })).toBeNull();
    expect(numberForms(0.38383838)).not.toContain('0.4');
  });

  it('finds string answers as whole words, case-insensitively, and every member of an answer set', () => {
    expect(answerLeak('Is the answer "Male"?', { value: 'male' })).toBe('male');
    expect(answerLeak('Which `Sex` (female or not) survived most?', { value: 'male' })).toBeNull();
    expect(answerLeak('Which column, like `Fare`, ...', { values: ['Age', 'Fare'] })).toBe('Fare');
    expect(answerLeak('list them', { value: [512.3292, 263] })).toBeNull();
    expect(answerLeak('more than 263?', { value: [512.3292, 263] })).toBe('263');
    expect(answerLeak('anything', { value: null })).toBeNull();
  });
});
