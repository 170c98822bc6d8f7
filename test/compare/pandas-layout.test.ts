// pandas layouts that changed between versions, on small texts written for these tests: the same
// content in either layout matches; any differing name, count, dtype, index or unexplained memory
// figure still differs.
import { describe, expect, it } from 'vitest';
import { canonicalPandasLayout } from '../../src/compare/pandas-layout.js';
import { compareText } from '../../src/compare/text.js';

// pandas 0.x printed info() rows as `name  count non-null dtype`, a RangeIndex of 80 bytes
const INFO_OLD = `<class 'pandas.core.frame.DataFrame'>
RangeIndex: 3 entries, 0 to 2
Data columns (total 3 columns):
Id           3 non-null int64
Fare         2 non-null float64
Home Port    2 non-null object
dtypes: float64(1), int64(1), object(1)
memory usage: 152.0+ bytes
`;
// pandas 1.x: a table, and a RangeIndex of 132 bytes (72 bytes of data in both)
const INFO_NEW = `<class 'pandas.core.frame.DataFrame'>
RangeIndex: 3 entries, 0 to 2
Data columns (total 3 columns):
 #   Column     Non-Null Count  Dtype  
---  ------     --------------  -----  
 0   Id         3 non-null      int64  
 1   Fare       2 non-null      float64
 2   Home Port  2 non-null      object 
dtypes: float64(1), int64(1), object(1)
memory usage: 204.0+ bytes
`;

describe("DataFrame.info() layouts", () => {
  it('matches the same columns, counts and dtypes across the 0.x and 1.x layouts, with a note', () => {
    const r = compareText(INFO_OLD, INFO_NEW);
    expect(r.match).toBe(true);
    expect(r.note).toMatch(/pandas' layout of another version/);
    expect(canonicalPandasLayout(INFO_NEW)).toContain('column: Home Port | 2 non-null | object');
    expect(canonicalPandasLayout(INFO_NEW)).toContain('memory usage: 72+ bytes of data + a RangeIndex');
  });

  it('still differs when a count, a dtype or a column name differs', () => {
    expect(compareText(INFO_OLD, INFO_NEW.replace(' 1   Fare       2 non-null', ' 1   Fare       3 non-null')).reason).toMatch(/'2' vs '3' \(produced line 5\) \(in pandas' canonical layout\)/);
    expect(compareText(INFO_OLD, INFO_NEW.replace('0   Id         3 non-null      int64', '0   Id         3 non-null      int32')).match).toBe(false);
    expect(compareText(INFO_OLD, INFO_NEW.replace('Home Port  2', 'HomePort   2')).match).toBe(false);
  });

  it('accepts a memory figure only when it is the data plus a RangeIndex, within the printed rounding', () => {
    // 500 bytes is not 72 bytes of data plus a RangeIndex
    const r = compareText(INFO_OLD, INFO_NEW.replace('204.0+ bytes', '500.0+ bytes'));
    expect(r.match).toBe(false);
    expect(r.reason).toMatch(/memory/);
    // an index whose size grows with its length is not a RangeIndex: its figure is compared as printed
    const int64 = (t: string) => t.replace('RangeIndex: 3 entries', 'Int64Index: 3 entries');
    expect(compareText(int64(INFO_OLD), int64(INFO_NEW)).match).toBe(false);
    // a kilobyte figure: 891 rows x 12 columns x 8 bytes = 85536 bytes with an 80- or a 132-byte RangeIndex
    const kb = (mem: string) => `<class 'pandas.core.frame.DataFrame'>\nRangeIndex: 891 entries, 0 to 890\nData columns (total 12 columns):\n${Array.from({ length: 12 }, (_, i) => `c${i}    891 non-null int64`).join('\n')}\ndtypes: int64(12)\nmemory usage: ${mem}\n`;
    expect(compareText(kb('83.6 KB'), kb('83.7 KB')).match).toBe(true);
    expect(compareText(kb('83.6 KB'), kb('84.1 KB')).match).toBe(false);
  });

  it("treats pandas 2's Index as 1.x's Int64Index, never as a RangeIndex", () => {
    const v1 = INFO_NEW.replace('RangeIndex: 3 entries, 0 to 2', 'Int64Index: 3 entries, 1 to 3').replace('204.0+ bytes', '96.0+ bytes');
    const v2 = v1.replace('Int64Index:', 'Index:');
    expect(compareText(v1, v2).match).toBe(true);
    expect(compareText(v1.replace('Int64Index:', 'RangeIndex:'), v2).match).toBe(false);
  });

  it('leaves text that only looks like info() alone', () => {
    const text = "<class 'pandas.core.frame.DataFrame'>\nsomething else\n";
    expect(canonicalPandasLayout(text)).toBe(text);
  });
});

describe('Series.value_counts() layouts', () => {
  const V1 = 'S    4\nC    2\nQ    1\nName: Embarked, dtype: int64\n';
  const V2 = 'Embarked\nS    4\nC    2\nQ    1\nName: count, dtype: int64\n';

  it("matches pandas 2's header line and `Name: count` with 1.x's `Name: <column>`", () => {
    expect(compareText(V2, V1).match).toBe(true);
    const long = (v: string) => v.replace('Name: count, dtype', 'Name: count, Length: 3, dtype').replace('Name: Embarked, dtype', 'Name: Embarked, Length: 3, dtype');
    expect(compareText(long(V2), long(V1)).match).toBe(true);
    expect(compareText('Port of call\nSouth ampton    4\nCherbourg       2\nName: proportion, dtype: float64', 'South ampton    4\nCherbourg       2\nName: Port of call, dtype: float64').match).toBe(true);
  });

  it('still differs when a count, a label or the column differs', () => {
    expect(compareText(V2, V1.replace('C    2', 'C    3')).match).toBe(false);
    expect(compareText(V2, V1.replace('Q    1', 'X    1')).match).toBe(false);
    expect(compareText(V2, V1.replace('Name: Embarked', 'Name: Sex')).match).toBe(false);
  });

  it('rewrites consecutive value_counts printed in one stream', () => {
    const two = `${V2} \n\nSex\nmale      5\nfemale    2\nName: count, dtype: int64 \n`;
    expect(canonicalPandasLayout(two)).toBe('S    4\nC    2\nQ    1\nName: Embarked, dtype: int64\n\n\nmale      5\nfemale    2\nName: Sex, dtype: int64\n');
  });
});
