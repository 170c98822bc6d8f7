// Removed functions, old cross-validation iterators, get_feature_names and DataFrame(columns=<set>):
// each rewrite is checked on snippets written for it, with facts shaped as the introspection reports
// them, and the rewritten snippets are run on the installed libraries where they exist.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pandasColumnsSet, replacedFunctions, sklearnFeatureNamesOut, sklearnOldSplitters, sklearnRemovedParams } from '../../extractors/repairs/removed-apis.js';
import { keywordArgs } from '../../extractors/repairs/keyword-args.js';
import { ABSENT, PRESENT, compileError, facts, repair, repairCells, signature } from './helpers.js';

const PYTHON = process.env.HOOKMINE_PYTHON || '/usr/bin/python3';
const hasStack = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn, pandas, seaborn, matplotlib'], { encoding: 'utf8' }).status === 0;

/** Run code on the installed stack (non-interactive plots); its stderr when it fails. Importing the
 * stack takes long on a busy machine: these tests have their own time limit. */
function runPython(code: string): string | null {
  const r = spawnSync(PYTHON, ['-c', `import matplotlib\nmatplotlib.use('Agg')\n${code}`], { encoding: 'utf8', timeout: 280_000 });
  return r.status === 0 ? null : r.stderr.trim().split('\n').slice(-3).join('\n');
}

const SKLEARN_12 = facts({
  'sklearn.metrics.plot_confusion_matrix': ABSENT,
  'sklearn.metrics.plot_roc_curve': ABSENT,
  'sklearn.metrics.ConfusionMatrixDisplay.from_estimator': PRESENT,
  'sklearn.metrics.RocCurveDisplay.from_estimator': PRESENT,
  'sklearn.model_selection.KFold': signature('n_splits=5, *, shuffle=False, random_state=None', { kind: 'class' }),
  'sklearn.model_selection.StratifiedKFold': signature('n_splits=5, *, shuffle=False, random_state=None', { kind: 'class' }),
  'sklearn.model_selection.ShuffleSplit': signature('n_splits=10, *, test_size=None, train_size=None, random_state=None', { kind: 'class' }),
  'sklearn.preprocessing.OneHotEncoder.get_feature_names': ABSENT,
  'sklearn.preprocessing.OneHotEncoder.get_feature_names_out': PRESENT,
});
const SKLEARN_10 = facts({
  'sklearn.metrics.plot_confusion_matrix': PRESENT,
  'sklearn.metrics.ConfusionMatrixDisplay.from_estimator': PRESENT,
  'sklearn.cross_validation.KFold': signature('n, n_folds=3, shuffle=False, random_state=None', { kind: 'class' }),
  'sklearn.preprocessing.OneHotEncoder.get_feature_names': PRESENT,
  'sklearn.preprocessing.OneHotEncoder.get_feature_names_out': PRESENT,
});
const SEABORN_012 = facts({
  'seaborn.factorplot': ABSENT,
  'seaborn.catplot': PRESENT,
  'seaborn.lvplot': ABSENT,
  'seaborn.boxenplot': PRESENT,
});

describe('removed-functions', () => {
  const rules = [replacedFunctions];
  it('binds plot_confusion_matrix to ConfusionMatrixDisplay.from_estimator, keeping the other imported names', async () => {
    const code = 'from sklearn.metrics import accuracy_score, plot_confusion_matrix\nplot_confusion_matrix(clf, X, y, cmap="Blues")\n';
    const out = await repair(code, { rules, facts: SKLEARN_12 });
    expect(out).toBe('from sklearn.metrics import accuracy_score\nfrom sklearn.metrics import ConfusionMatrixDisplay\nplot_confusion_matrix = ConfusionMatrixDisplay.from_estimator\nplot_confusion_matrix(clf, X, y, cmap="Blues")\n');
    expect(compileError(out)).toBeNull();
  });
  it('rewrites attribute calls: metrics.plot_roc_curve(...) -> metrics.RocCurveDisplay.from_estimator(...)', async () => {
    expect(await repair('from sklearn import metrics\nmetrics.plot_roc_curve(clf, X, y)\n', { rules, facts: SKLEARN_12 })).toBe('from sklearn import metrics\nmetrics.RocCurveDisplay.from_estimator(clf, X, y)\n');
  });
  it('leaves the code alone where the installed library still has the old function', async () => {
    const code = 'from sklearn.metrics import plot_confusion_matrix\nplot_confusion_matrix(clf, X, y)\n';
    expect(await repair(code, { rules, facts: SKLEARN_10 })).toBe(code);
  });
  it("sns.factorplot -> sns.catplot with the old default kind='point' and size -> height; the x/y positions named by keyword-only-args", async () => {
    const f = facts({ ...Object.fromEntries([['seaborn.factorplot', ABSENT], ['seaborn.catplot', signature('data=None, *, x=None, y=None, hue=None, kind="strip", height=5')]]) });
    const code = "import seaborn as sns\nsns.factorplot('Pclass', 'Survived', data=df, size=4)\nsns.factorplot(x='a', data=df, kind='bar')\n";
    expect(await repair(code, { rules: [replacedFunctions, keywordArgs], facts: f })).toBe(
      "import seaborn as sns\nsns.catplot(x='Pclass', y='Survived', data=df, height=4, kind='point')\nsns.catplot(x='a', data=df, kind='bar')\n",
    );
  });
  it('from seaborn import factorplot: a wrapper under the old name keeps every call site', async () => {
    const out = await repair('from seaborn import factorplot, lvplot\n', { rules, facts: SEABORN_012 });
    expect(out).toContain('from seaborn import catplot as _hm_catplot');
    expect(out).toContain("kw.setdefault('kind', 'point')");
    expect(out).toContain('from seaborn import boxenplot\nlvplot = boxenplot');
    expect(compileError(out)).toBeNull();
  });
  it.skipIf(!hasStack)('the rewritten calls run on the installed scikit-learn and seaborn', async () => {
    const real = facts({
      'sklearn.metrics.plot_confusion_matrix': { exists: spawnSync(PYTHON, ['-c', 'import sklearn.metrics as m; assert hasattr(m, "plot_confusion_matrix")']).status === 0 },
      'sklearn.metrics.ConfusionMatrixDisplay.from_estimator': PRESENT,
      'seaborn.factorplot': { exists: spawnSync(PYTHON, ['-c', 'import seaborn as s; assert hasattr(s, "factorplot")']).status === 0 },
      'seaborn.catplot': PRESENT,
    });
    const code = [
      'import pandas as pd, seaborn as sns',
      'from sklearn.linear_model import LogisticRegression',
      'from sklearn.metrics import plot_confusion_matrix',
      "df = pd.DataFrame({'a': [0, 1, 0, 1, 0, 1], 'b': [1, 1, 0, 0, 1, 0], 'y': [0, 1, 0, 1, 0, 1]})",
      "clf = LogisticRegression().fit(df[['a', 'b']], df.y)",
      "plot_confusion_matrix(clf, df[['a', 'b']], df.y, cmap='Blues')",
      "sns.factorplot(x='a', y='y', data=df, size=3)",
      '',
    ].join('\n');
    expect(runPython(await repair(code, { rules: [replacedFunctions, keywordArgs], facts: real }))).toBeNull();
  }, 300_000);
});

describe('sklearn-old-splitters', () => {
  const rules = [sklearnOldSplitters];
  it('KFold(n, n_folds=k, ...) -> the list of (train, test) pairs of KFold(n_splits=k, ...).split(range(n))', async () => {
    const code = 'from sklearn.model_selection import KFold\nkf = KFold(len(train), n_folds=5, shuffle=True, random_state=1)\n';
    expect(await repair(code, { rules, facts: SKLEARN_12 })).toBe('from sklearn.model_selection import KFold\nkf = list(KFold(n_splits=5, shuffle=True, random_state=1).split(range(len(train))))\n');
  });
  it('StratifiedKFold(y, k) splits on the labels; ShuffleSplit(n, n_iter=k) takes n_splits', async () => {
    const code = 'from sklearn.model_selection import StratifiedKFold, ShuffleSplit\nskf = StratifiedKFold(y, 3)\nss = ShuffleSplit(100, n_iter=4, test_size=0.2)\n';
    expect(await repair(code, { rules, facts: SKLEARN_12 })).toBe(
      'from sklearn.model_selection import StratifiedKFold, ShuffleSplit\nskf = list(StratifiedKFold(n_splits=3).split(y, y))\nss = list(ShuffleSplit(n_splits=4, test_size=0.2).split(range(100)))\n',
    );
  });
  it('leaves modern calls and an installed old API alone', async () => {
    const modern = 'from sklearn.model_selection import KFold\nkf = KFold(5)\nkf2 = KFold(n_splits=3, shuffle=True)\n';
    expect(await repair(modern, { rules, facts: SKLEARN_12 })).toBe(modern);
    const old = 'from sklearn.cross_validation import KFold\nkf = KFold(10, n_folds=5)\n';
    expect(await repair(old, { rules, facts: SKLEARN_10 })).toBe(old);
  });
  it.skipIf(!hasStack)('the rewritten iterator is consumed like the old one: a for loop, len(), cv=', async () => {
    const real = facts({ 'sklearn.model_selection.KFold': signature('n_splits=5, *, shuffle=False, random_state=None', { kind: 'class' }) });
    const code = [
      'import numpy as np',
      'from sklearn.model_selection import KFold, cross_val_score',
      'from sklearn.linear_model import LinearRegression',
      'X = np.arange(40.0).reshape(20, 2); y = X.sum(axis=1)',
      'kf = KFold(len(X), n_folds=4)',
      'assert len(kf) == 4',
      'for tr, te in kf: assert len(te) == 5',
      'print(cross_val_score(LinearRegression(), X, y, cv=kf).shape)',
      '',
    ].join('\n');
    expect(runPython(await repair(code, { rules, facts: real }))).toBeNull();
  }, 300_000);
});

describe('sklearn-feature-names-out', () => {
  it('renames get_feature_names() where the imported transformer has only get_feature_names_out', async () => {
    const code = 'from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder().fit(X)\nnames = enc.get_feature_names(cols)\n';
    expect(await repair(code, { rules: [sklearnFeatureNamesOut], facts: SKLEARN_12 })).toBe(code.replace('get_feature_names(', 'get_feature_names_out('));
    expect(await repair(code, { rules: [sklearnFeatureNamesOut], facts: SKLEARN_10 })).toBe(code);
  });
});

describe('pandas-columns-set', () => {
  const rules = [pandasColumnsSet];
  it('a set given as columns or index becomes list(<set>); lists and names are left alone', async () => {
    const code = "import pandas as pd\na = pd.DataFrame(columns={'x', 'y'})\nb = pd.DataFrame(data, columns=set(cols))\nc = pd.DataFrame(columns=['x'])\nd = pd.Series(v, index={k for k in ks})\n";
    expect(await repair(code, { rules })).toBe(
      "import pandas as pd\na = pd.DataFrame(columns=list({'x', 'y'}))\nb = pd.DataFrame(data, columns=list(set(cols)))\nc = pd.DataFrame(columns=['x'])\nd = pd.Series(v, index=list({k for k in ks}))\n",
    );
  });
  it('leaves a notebook that binds its own set() alone', async () => {
    const code = 'import pandas as pd\nset = lambda *a: list(a)\nb = pd.DataFrame(columns=set(1, 2))\n';
    const out = await repairCells([code], { rules });
    expect(out.cells[0]?.source).toBe(code);
  });
  it.skipIf(!hasStack)('the rewrite runs on the installed pandas', async () => {
    expect(runPython(await repair("import pandas as pd\nprint(pd.DataFrame(columns={'x', 'y'}).shape)\n", { rules }))).toBeNull();
  }, 300_000);
});

describe('sklearn-removed-params', () => {
  const rules = [sklearnRemovedParams];
  const f = facts({
    'sklearn.linear_model.LinearRegression': signature('*, fit_intercept=True, copy_X=True, n_jobs=None, positive=False', { kind: 'class' }),
    'sklearn.tree.DecisionTreeClassifier': signature('*, criterion="gini", max_depth=None', { kind: 'class' }),
  });
  it('drops removed parameters whose value is what the estimator does now, or that never changed results', async () => {
    const code = 'from sklearn.linear_model import LinearRegression\nfrom sklearn.tree import DecisionTreeClassifier\nlr = LinearRegression(normalize=False, n_jobs=2)\nt = DecisionTreeClassifier(max_depth=3, presort=True)\n';
    expect(await repair(code, { rules, facts: f })).toBe('from sklearn.linear_model import LinearRegression\nfrom sklearn.tree import DecisionTreeClassifier\nlr = LinearRegression(n_jobs=2)\nt = DecisionTreeClassifier(max_depth=3)\n');
  });
  it('keeps a value that changed what was computed (normalize=True), and a parameter the installed signature still has', async () => {
    const code = 'from sklearn.linear_model import LinearRegression\nlr = LinearRegression(normalize=True)\n';
    expect(await repair(code, { rules, facts: f })).toBe(code);
    const old = facts({ 'sklearn.linear_model.LinearRegression': signature('*, fit_intercept=True, normalize="deprecated"', { kind: 'class' }) });
    const code2 = 'from sklearn.linear_model import LinearRegression\nlr = LinearRegression(normalize=False)\n';
    expect(await repair(code2, { rules, facts: old })).toBe(code2);
  });
});
