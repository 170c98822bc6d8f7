// pandas rules: removed APIs rewritten only where the installed pandas lacks them, and only on
// calls that are pandas' (a list's append or sort stays as it is).
import { describe, expect, it } from 'vitest';
import { pandasAppend, pandasIx, pandasRemovedFunctions, pandasRemovedMethods, pandasSort } from '../../extractors/repairs/pandas.js';
import { ABSENT, facts, PRESENT, repair, repairCells } from './helpers.js';

const PANDAS_2 = facts({
  'pandas.DataFrame.ix': ABSENT,
  'pandas.DataFrame.as_matrix': ABSENT,
  'pandas.DataFrame.get_value': ABSENT,
  'pandas.DataFrame.sort': ABSENT,
  'pandas.DataFrame.append': ABSENT,
  'pandas.rolling_mean': ABSENT,
  'pandas.ewma': ABSENT,
  'pandas.scatter_matrix': ABSENT,
});
const PANDAS_1 = facts({ 'pandas.DataFrame.append': PRESENT, 'pandas.DataFrame.ix': PRESENT });
const IMPORT = 'import pandas as pd\n';

describe('pandas-ix', () => {
  it('.ix[] -> .loc[] when the installed pandas has no .ix', async () => {
    expect(await repair(`${IMPORT}x = df.ix[0, 'Age']\ndf.ix[df.a > 1, 'b'] = 2\n`, { rules: [pandasIx], facts: PANDAS_2 })).toBe(`${IMPORT}x = df.loc[0, 'Age']\ndf.loc[df.a > 1, 'b'] = 2\n`);
  });
  it('keeps .ix where it still exists, and in code that does not use pandas', async () => {
    expect(await repair(`${IMPORT}x = df.ix[0]\n`, { rules: [pandasIx], facts: PANDAS_1 })).toBe(`${IMPORT}x = df.ix[0]\n`);
    expect(await repair('x = obj.ix[0]\n', { rules: [pandasIx], facts: PANDAS_2 })).toBe('x = obj.ix[0]\n');
  });
});

describe('pandas-removed-methods', () => {
  it('.as_matrix() -> .values, .as_matrix(cols) -> [cols].values, .get_value(i, c) -> .at[i, c]', async () => {
    expect(await repair(`${IMPORT}X = train.as_matrix()\nY = df.as_matrix(columns=['a'])\nv = df.get_value(3, 'b')\n`, { rules: [pandasRemovedMethods], facts: PANDAS_2 })).toBe(
      `${IMPORT}X = train.values\nY = df[['a']].values\nv = df.at[3, 'b']\n`,
    );
  });
});

describe('pandas-removed-functions', () => {
  it('pd.rolling_mean(s, n) -> s.rolling(n).mean(), pd.ewma -> .ewm().mean(), pd.scatter_matrix -> pd.plotting.scatter_matrix', async () => {
    expect(await repair(`${IMPORT}r = pd.rolling_mean(df['x'], 7, min_periods=1)\ne = pd.ewma(s, span=5)\npd.scatter_matrix(df)\n`, { rules: [pandasRemovedFunctions], facts: PANDAS_2 })).toBe(
      `${IMPORT}r = df['x'].rolling(7, min_periods=1).mean()\ne = s.ewm(span=5).mean()\npd.plotting.scatter_matrix(df)\n`,
    );
  });
});

describe('pandas-sort', () => {
  it("df.sort('col') and df.sort(columns=...) -> sort_values; a list's sort() stays", async () => {
    expect(await repair(`${IMPORT}a = df.sort('x', ascending=False)\nb = df.sort(columns=['x'])\nlst.sort()\nlst.sort(key=len)\n`, { rules: [pandasSort], facts: PANDAS_2 })).toBe(
      `${IMPORT}a = df.sort_values('x', ascending=False)\nb = df.sort_values(by=['x'])\nlst.sort()\nlst.sort(key=len)\n`,
    );
  });
});

describe('pandas-append', () => {
  it('df = df.append(x, ignore_index=True) -> pd.concat; a dict becomes a one-row DataFrame', async () => {
    expect(await repair(`${IMPORT}df = df.append(other, ignore_index=True)\nres = res.append({'a': 1}, ignore_index=True)\nall_ = train.append(test)\n`, { rules: [pandasAppend], facts: PANDAS_2 })).toBe(
      `${IMPORT}df = pd.concat([df, other], ignore_index=True)\nres = pd.concat([res, pd.DataFrame([{'a': 1}])], ignore_index=True)\nall_ = pd.concat([train, test])\n`,
    );
  });
  it('leaves list appends alone, and DataFrame.append where pandas still has it', async () => {
    const lists = `${IMPORT}scores.append(s)\nfor m in ms:\n    names.append(m.name)\n`;
    const out = await repairCells([lists], { rules: [pandasAppend], facts: PANDAS_2 });
    expect(out.cells[0]?.source).toBe(lists);
    expect(out.missingFacts).toEqual([]);
    expect(await repair(`${IMPORT}df = df.append(other)\n`, { rules: [pandasAppend], facts: PANDAS_1 })).toBe(`${IMPORT}df = df.append(other)\n`);
  });
});
