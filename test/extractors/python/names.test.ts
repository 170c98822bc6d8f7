import { beforeAll, describe, expect, it } from 'vitest';
import { statementNames } from '../../../extractors/python/names.js';
import { loadPythonParser, type PythonParser } from '../../../extractors/python/parser.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

function use(code: string) {
  const node = parser.parse(code).rootNode.namedChild(0);
  if (!node) throw new Error('no statement');
  const u = statementNames(node);
  return { reads: [...u.reads].sort(), writes: [...u.writes].sort(), mutates: [...u.mutates].sort(), calls: u.calls };
}

describe('statementNames', () => {
  it('plain and chained assignment', () => {
    expect(use('a = b + c')).toMatchObject({ reads: ['b', 'c'], writes: ['a'], mutates: [] });
    expect(use('a = b = f(x)')).toMatchObject({ reads: ['f', 'x'], writes: ['a', 'b'] });
  });

  it('tuple targets', () => {
    expect(use('X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2)')).toMatchObject({
      reads: ['X', 'train_test_split', 'y'],
      writes: ['X_tr', 'X_va', 'y_tr', 'y_va'],
    });
    expect(use('(a, [b, *c]) = data')).toMatchObject({ writes: ['a', 'b', 'c'], reads: ['data'] });
  });

  it('augmented assignment reads and writes its target', () => {
    expect(use('total += x')).toMatchObject({ reads: ['total', 'x'], writes: ['total'] });
  });

  it("subscript and attribute targets modify their root object: df['x'] = ..., obj.attr = ...", () => {
    expect(use("df['ratio'] = df.a / df.b")).toMatchObject({ reads: ['df'], writes: [], mutates: ['df'] });
    expect(use("df.loc[df.Age.isna(), 'Age'] = med")).toMatchObject({ reads: ['df', 'med'], mutates: ['df'] });
    expect(use('model.n_estimators = 10')).toMatchObject({ mutates: ['model'], writes: [] });
    expect(use("df.b += 2")).toMatchObject({ mutates: ['df'] });
  });

  it('in-place calls: inplace=True, fit, list and dict mutation', () => {
    expect(use("df.fillna(0, inplace=True)")).toMatchObject({ mutates: ['df'], reads: ['df'] });
    expect(use("df.drop(['a'], axis=1)")).toMatchObject({ mutates: [] });
    expect(use("df.drop(['a'], axis=1, inplace=True)")).toMatchObject({ mutates: ['df'] });
    expect(use('model.fit(X, y)')).toMatchObject({ mutates: ['model'], reads: ['X', 'model', 'y'] });
    expect(use('scores.append(s)')).toMatchObject({ mutates: ['scores'] });
    expect(use("params.update({'a': 1})")).toMatchObject({ mutates: ['params'] });
    expect(use('Xs = scaler.fit_transform(X)')).toMatchObject({ writes: ['Xs'], mutates: ['scaler'] });
    expect(use('np.random.shuffle(idx)')).toMatchObject({ mutates: ['idx'] });
  });

  it('attribute names and keyword names are not reads', () => {
    expect(use("pd.read_csv(path, sep=sep, index_col='id')")).toMatchObject({ reads: ['path', 'pd', 'sep'], writes: [] });
  });

  it('imports bind their alias or first name', () => {
    expect(use('import pandas as pd')).toMatchObject({ writes: ['pd'] });
    expect(use('import os.path')).toMatchObject({ writes: ['os'] });
    expect(use('from sklearn.ensemble import RandomForestClassifier as RF, ExtraTreesClassifier')).toMatchObject({
      writes: ['ExtraTreesClassifier', 'RF'],
    });
  });

  it('function definitions bind their name and read only free names', () => {
    const u = use('def add_features(df, k=K):\n    out = df.copy()\n    out["x"] = out.a * scale\n    return out');
    expect(u).toMatchObject({ writes: ['add_features'], reads: ['K', 'scale'], mutates: [] });
  });

  it('comprehension and lambda variables stay local', () => {
    expect(use('cols = [c for c in df.columns if c not in drop]')).toMatchObject({ reads: ['df', 'drop'], writes: ['cols'] });
    expect(use("df['t'] = df.title.apply(lambda s: s.strip() + suffix)")).toMatchObject({ reads: ['df', 'suffix'], mutates: ['df'] });
  });

  it('loops bind their variable and carry the body; a loop over a literal tuple modifies each item', () => {
    expect(use('for i in range(n):\n    acc += i')).toMatchObject({ reads: ['acc', 'i', 'n', 'range'], writes: ['acc', 'i'] });
    expect(use('for k in keys:\n    pass')).toMatchObject({ reads: ['keys'], writes: ['k'] });
    expect(use("for d in (train, test):\n    d['x'] = 1")).toMatchObject({ mutates: ['d', 'test', 'train'] });
  });

  it('f-string interpolations are reads', () => {
    expect(use("print(f'rmse {rmse:.3f} on {n} rows')")).toMatchObject({ reads: ['n', 'print', 'rmse'] });
  });

  it('with ... as binds the alias; del unbinds or modifies', () => {
    expect(use("with open(p) as fh:\n    text = fh.read()")).toMatchObject({ writes: ['fh', 'text'], reads: ['fh', 'open', 'p'] });
    expect(use('del tmp')).toMatchObject({ writes: ['tmp'] });
    expect(use("del df['Cabin']")).toMatchObject({ mutates: ['df'] });
  });

  it('walrus binds its name', () => {
    expect(use('if (n := len(df)) > 10:\n    print(n)')).toMatchObject({ writes: ['n'] });
  });
});
