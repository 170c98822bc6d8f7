import { describe, expect, it } from 'vitest';
import { answersMatch, numbersClose } from '../../src/compare/index.js';

describe('numbersClose', () => {
  it('uses rtol and atol (defaults 1e-5 and 1e-8)', () => {
    expect(numbersClose(1, 1 + 5e-6)).toBe(true);
    expect(numbersClose(1, 1 + 5e-5)).toBe(false);
    expect(numbersClose(0, 5e-9)).toBe(true);
    expect(numbersClose(0, 5e-7)).toBe(false);
    expect(numbersClose(100, 101, { rtol: 0.02, atol: 0 })).toBe(true);
  });

  it('treats NaN as equal to NaN and infinities as equal only to themselves', () => {
    expect(numbersClose(NaN, NaN)).toBe(true);
    expect(numbersClose(NaN, 0)).toBe(false);
    expect(numbersClose(Infinity, Infinity)).toBe(true);
    expect(numbersClose(Infinity, -Infinity)).toBe(false);
    expect(numbersClose(Infinity, 1e308)).toBe(false);
  });
});

describe('answersMatch', () => {
  it('matches numbers within tolerance and names the values when they differ', () => {
    expect(answersMatch(0.8123456, 0.8123457)).toEqual({ match: true });
    expect(answersMatch(0.81, 0.79)).toEqual({ match: false, reason: '0.81 vs 0.79' });
    expect(answersMatch(0.81, 0.79, { rtol: 0.05 }).match).toBe(true);
  });

  it('accepts the JSON spellings of NaN and infinity', () => {
    expect(answersMatch(NaN, 'NaN').match).toBe(true);
    expect(answersMatch('Infinity', Infinity).match).toBe(true);
    expect(answersMatch([1, NaN], [1, NaN]).match).toBe(true);
  });

  it('normalises whitespace in strings, and optionally case', () => {
    expect(answersMatch('  male\tfemale \n', 'male female').match).toBe(true);
    expect(answersMatch('Male', 'male').match).toBe(false);
    expect(answersMatch('Male', 'male', { ignoreCase: true }).match).toBe(true);
  });

  it('compares lists elementwise with the failing index in the reason', () => {
    expect(answersMatch([1, 2, 3], [1, 2, 3.00001]).match).toBe(true);
    expect(answersMatch({ scores: [0.9, 0.8, 0.81] }, { scores: [0.9, 0.8, 0.79] })).toEqual({ match: false, reason: 'scores[2]: 0.81 vs 0.79' });
    expect(answersMatch([1, 2], [1, 2, 3])).toEqual({ match: false, reason: 'length 2 vs 3' });
  });

  it('compares lists as multisets when asked, and sets always', () => {
    expect(answersMatch(['a', 'b', 'b'], ['b', 'a', 'b'], { unordered: true }).match).toBe(true);
    expect(answersMatch(['a', 'b', 'b'], ['b', 'a', 'a'], { unordered: true })).toEqual({ match: false, reason: '"b" has no match among the produced items' });
    expect(answersMatch(new Set([1, 2.000001]), new Set([2, 1])).match).toBe(true);
    expect(answersMatch(new Set(['x']), ['x']).match).toBe(true);
    expect(answersMatch(new Set(['x']), 'x').match).toBe(false);
  });

  it('compares objects key by key and reports missing or unexpected keys', () => {
    expect(answersMatch({ a: 1, b: { c: 'x' } }, { b: { c: 'x' }, a: 1 }).match).toBe(true);
    expect(answersMatch({ a: 1, b: 2 }, { a: 1 })).toEqual({ match: false, reason: "key 'b' missing" });
    expect(answersMatch({ a: 1 }, { a: 1, z: 0 })).toEqual({ match: false, reason: "unexpected key 'z'" });
    expect(answersMatch({ a: { b: 1 } }, { a: { b: 2 } })).toEqual({ match: false, reason: 'a.b: 1 vs 2' });
  });

  it('does not mistake types: booleans, null and numeric strings', () => {
    expect(answersMatch(true, 1).match).toBe(false);
    expect(answersMatch(null, 0).match).toBe(false);
    expect(answersMatch(null, undefined).match).toBe(true);
    expect(answersMatch(3, '3.0').match).toBe(true);
    expect(answersMatch('abc', 3).match).toBe(false);
  });

  it('compares tables by columns, shape and values with a precise reason', () => {
    const expected = { columns: ['Id', 'SalePrice'], rows: [[1, 181000.2], [2, 200000]] };
    expect(answersMatch(expected, { columns: ['SalePrice', 'Id'], rows: [[181000.2000001, 1], [200000, 2]] }).match).toBe(true);
    expect(answersMatch(expected, { columns: ['Id', 'SalePrice'], rows: [[1, 181022.0], [2, 200000]] })).toEqual({
      match: false,
      reason: "row 0, column 'SalePrice': 181000.2 vs 181022",
    });
    expect(answersMatch(expected, { columns: ['Id'], rows: [[1], [2]] })).toEqual({ match: false, reason: "columns differ: missing 'SalePrice'" });
    expect(answersMatch(expected, { columns: ['Id', 'SalePrice'], rows: [[1, 181000.2]] })).toEqual({ match: false, reason: 'row count differs: 2 vs 1' });
    expect(answersMatch(expected, { columns: ['SalePrice', 'Id'], rows: [[181000.2, 1], [200000, 2]] }, { columnOrder: true }).match).toBe(false);
  });

  it('compares table rows order-insensitively by id or as a multiset when asked', () => {
    const a = { columns: ['k', 'v'], rows: [['x', 1], ['y', 2]] };
    const b = { columns: ['k', 'v'], rows: [['y', 2], ['x', 1]] };
    expect(answersMatch(a, b).match).toBe(false);
    expect(answersMatch(a, b, { idColumns: ['k'] }).match).toBe(true);
    expect(answersMatch(a, b, { ignoreRowOrder: true }).match).toBe(true);
    expect(answersMatch(a, { columns: ['k', 'v'], rows: [['y', 3], ['x', 1]] }, { idColumns: ['k'] })).toEqual({
      match: false,
      reason: "row 1 (k=y), column 'v': 2 vs 3",
    });
  });

  it('says a table does not match a non-table', () => {
    expect(answersMatch({ columns: ['a'], rows: [[1]] }, [[1]]).match).toBe(false);
  });
});
