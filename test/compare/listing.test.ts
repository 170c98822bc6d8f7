// Listings of Kaggle's folders compared as sets, with only what Kaggle's machine alone can have set
// aside; and texts that differ only in a dtype's rendering.
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/compare/index.js';
import { compareKaggleListing, isKaggleListing } from '../../src/compare/listing.js';

const HERE = '/kaggle/input/titanic/test.csv\n/kaggle/input/titanic/train.csv\n/kaggle/input/titanic/gender_submission.csv\n';

describe('compareKaggleListing', () => {
  it('is null for text that is not a listing of Kaggle folders', () => {
    expect(compareKaggleListing('rows 891\n/kaggle/input/titanic/train.csv', HERE)).toBeNull();
    expect(isKaggleListing("['Survived', 'Pclass']")).toBe(false);
  });
  it('sets aside datasets attached on Kaggle that the run listed nothing of, and /kaggle/lib', () => {
    const kaggle = '/kaggle/input/titanic/train.csv\n/kaggle/input/titanic/gender_submission.csv\n/kaggle/input/titanic/test.csv\n/kaggle/input/titanic-extra/extra.csv\n/kaggle/lib/kaggle/gcp.py\n';
    const r = compareKaggleListing(kaggle, HERE);
    expect(r?.match).toBe(true);
    expect(r?.note).toMatch(/2 recorded entries/);
  });
  it('still fails when a file of a folder the run listed is missing, when the run lists something unrecorded, or lists nothing', () => {
    const kaggle = HERE + '/kaggle/input/titanic/extra.csv\n';
    expect(compareKaggleListing(kaggle, HERE)?.reason).toMatch(/'\/kaggle\/input\/titanic\/extra.csv' not listed/);
    expect(compareKaggleListing(HERE, HERE + '/kaggle/input/titanic/other.csv\n')?.reason).toMatch(/listed, not recorded/);
    expect(compareKaggleListing(HERE, '')?.match).toBe(false);
  });
  it('compares one list of names (os.listdir) as a set, exactly', () => {
    expect(compareKaggleListing("['train.csv', 'test.csv']", "['test.csv', 'train.csv']")?.match).toBe(true);
    expect(compareKaggleListing("['lib', 'input', 'config', 'working']", "['input', 'working', 'lib', 'config']")?.match).toBe(true);
    expect(compareKaggleListing("['train.csv', 'test.csv']", "['train.csv']")?.match).toBe(false);
  });
  it('is what compareText falls back to when line order is ignored, and only then', () => {
    const kaggle = HERE + '/kaggle/input/other-ds/a.csv\n';
    expect(compareText(kaggle, HERE).match).toBe(false);
    expect(compareText(kaggle, HERE, { ignoreLineOrder: true }).match).toBe(true);
  });
});

describe('compareText: dtype renderings', () => {
  it('matches booleans printed as 0/1 and int/float/bool dtype names, with a note', () => {
    const kaggle = '0    False\n1     True\n2    False\nName: Transported, dtype: bool';
    const here = '0    0\n1    1\n2    0\nName: Transported, dtype: int64';
    const r = compareText(kaggle, here);
    expect(r.match).toBe(true);
    expect(r.note).toMatch(/dtype rendered differently/);
    expect(compareText('[False, True]', '[0, 1]').match).toBe(true);
    expect(compareText('x    1\ndtype: int64', 'x    1.0\ndtype: float64').match).toBe(true);
  });
  it('still tells different values and other words apart', () => {
    expect(compareText('0    False\n1    True', '0    1\n1    1').match).toBe(false);
    expect(compareText('dtype: object', 'dtype: int64').match).toBe(false);
    expect(compareText('Falsehood', '0hood').match).toBe(false);
  });
  it('floats that differ in the last digits match within the tolerance, not beyond it', () => {
    expect(compareText('0.7877094972067039', '0.787709497206704').match).toBe(true);
    expect(compareText('RMSE 0.1234567', 'RMSE 0.1234568').match).toBe(true);
    expect(compareText('RMSE 0.1234', 'RMSE 0.1235').match).toBe(false);
  });
});
