import { describe, expect, it } from 'vitest';
import { compareCsv, csvTable, guessIdColumns, parseCsv } from '../../src/compare/index.js';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded separators and newlines, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(parseCsv('a,b\n1,')).toEqual([['a', 'b'], ['1', '']]);
  });

  it('turns a CSV into a table and skips blank lines', () => {
    expect(csvTable('Id,y\n1,0\n\n2,1\n')).toEqual({ columns: ['Id', 'y'], rows: [['1', '0'], ['2', '1']] });
  });
});

describe('guessIdColumns', () => {
  it('recognises id-like first columns only', () => {
    expect(guessIdColumns(['PassengerId', 'Survived'])).toEqual(['PassengerId']);
    expect(guessIdColumns(['Id', 'SalePrice'])).toEqual(['Id']);
    expect(guessIdColumns(['row_id', 'x'])).toEqual(['row_id']);
    expect(guessIdColumns(['customerID', 'x'])).toEqual(['customerID']);
    expect(guessIdColumns(['Paid', 'x'])).toEqual([]);
    expect(guessIdColumns(['SalePrice', 'Id'])).toEqual([]);
  });
});

describe('compareCsv', () => {
  const kaggle = 'PassengerId,Survived\n892,0\n893,1\n894,0\n';

  it('matches a submission with the same ids and predictions in another row order and number format', () => {
    expect(compareCsv(kaggle, 'PassengerId,Survived\r\n894,0.0\r\n892,0\r\n893,1.0\r\n').match).toBe(true);
  });

  it('names the id and column of a differing prediction', () => {
    expect(compareCsv(kaggle, 'PassengerId,Survived\n892,0\n893,1\n894,1\n')).toEqual({
      match: false,
      reason: "row 2 (PassengerId=894), column 'Survived': \"0\" vs \"1\"",
    });
  });

  it('reports missing ids, missing columns and row counts', () => {
    expect(compareCsv(kaggle, 'PassengerId,Survived\n892,0\n893,1\n895,0\n').reason).toBe('row 2 (PassengerId=894): id not found in the produced table');
    expect(compareCsv(kaggle, 'PassengerId,Target\n892,0\n893,1\n894,0\n').reason).toBe("columns differ: missing 'Survived'; extra 'Target'");
    expect(compareCsv(kaggle, 'PassengerId,Survived\n892,0\n').reason).toBe('row count differs: 3 vs 1');
  });

  it('compares regression predictions with the tolerance', () => {
    const exp = 'Id,SalePrice\n1461,120000.123456\n1462,155000.5\n';
    expect(compareCsv(exp, 'Id,SalePrice\n1461,120000.1235\n1462,155000.5\n').match).toBe(true);
    expect(compareCsv(exp, 'Id,SalePrice\n1461,120010\n1462,155000.5\n').match).toBe(false);
    expect(compareCsv(exp, 'Id,SalePrice\n1461,120010\n1462,155000.5\n', { tol: { rtol: 1e-3 } }).match).toBe(true);
  });

  it('treats True/False and true/false as the same boolean', () => {
    expect(compareCsv('PassengerId,Transported\n0013_01,True\n', 'PassengerId,Transported\n0013_01,true\n').match).toBe(true);
  });

  it('compares rows by position without an id column, or as a multiset when asked', () => {
    const exp = 'a,b\n1,2\n3,4\n';
    const swapped = 'a,b\n3,4\n1,2\n';
    expect(compareCsv(exp, swapped).match).toBe(false);
    expect(compareCsv(exp, swapped, { ignoreRowOrder: true }).match).toBe(true);
  });

  it('reports ragged rows instead of comparing them', () => {
    expect(compareCsv('a,b\n1,2\n', 'a,b\n1,2,3\n').reason).toMatch(/produced CSV row 0 has 3 fields/);
  });
});
