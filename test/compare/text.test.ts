import { describe, expect, it } from 'vitest';
import { compareText, normaliseText } from '../../src/compare/index.js';

describe('compareText', () => {
  it('ignores differences in whitespace and line wrapping', () => {
    expect(compareText('Accuracy:   0.81\r\n\n', 'Accuracy: 0.81').match).toBe(true);
    expect(compareText('[1, 2,\n 3]', '[1, 2, 3]').match).toBe(true);
    expect(compareText('a b', 'ab').match).toBe(false);
  });

  it('compares numbers inside text with the tolerance', () => {
    expect(compareText('score 0.812345678 after 10 folds', 'score 0.812345679 after 10 folds').match).toBe(true);
    expect(compareText('(891, 12)', '(891, 12.0)').match).toBe(true);
    const r = compareText('rows: 891\nscore 0.81', 'rows: 891\nscore 0.79');
    expect(r).toEqual({ match: false, reason: "line 2 after 'rows: 891 score': '0.81' vs '0.79' (produced line 2)" });
    expect(compareText('score 0.81', 'score 0.79', { tol: { rtol: 0.05 } }).match).toBe(true);
  });

  it('treats nan spellings as equal numbers', () => {
    expect(compareText('mean NaN', 'mean nan').match).toBe(true);
  });

  it('says where one text ends before the other', () => {
    expect(compareText('a b c', 'a b').reason).toMatch(/'c' vs <end>/);
    expect(compareText('a b', 'a b c').reason).toMatch(/<end> vs 'c'/);
  });

  it('can ignore line order (directory listings)', () => {
    const kaggle = '/kaggle/input/titanic/train.csv\n/kaggle/input/titanic/test.csv\n';
    const here = '/kaggle/input/titanic/test.csv\n/kaggle/input/titanic/train.csv\n';
    expect(compareText(kaggle, here).match).toBe(false);
    expect(compareText(kaggle, here, { ignoreLineOrder: true }).match).toBe(true);
  });

  it('does not equate different words that share a prefix', () => {
    expect(compareText('female', 'male').match).toBe(false);
    expect(compareText('x-y', 'x y').match).toBe(false);
  });
});

describe('normaliseText', () => {
  it('drops trailing spaces and surrounding blank lines', () => {
    expect(normaliseText('\n\na  \r\nb\t\n\n')).toBe('a\nb');
  });
});
