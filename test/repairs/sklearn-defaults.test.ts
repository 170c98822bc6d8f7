// The old-defaults rule on snippets written for these tests, with facts shaped like the
// introspection's report of a scikit-learn past the changes (1.2.1) and of one before them (0.20.3).
import { describe, expect, it } from 'vitest';
import { CHANGED_DEFAULTS, sklearnOldDefaults, versionAtLeast } from '../../extractors/repairs/sklearn-defaults.js';
import { compileError, facts, repair, repairCells, signature } from './helpers.js';

const rules = [sklearnOldDefaults];
const NEW = facts({
  'sklearn.svm.SVC': signature("*, C=1.0, kernel='rbf', degree=3, gamma='scale', probability=False, random_state=None", { kind: 'class', version: '1.2.1' }),
  'sklearn.ensemble.RandomForestClassifier': signature("n_estimators=100, *, criterion='gini', max_depth=None, random_state=None", { kind: 'class', version: '1.2.1' }),
  'sklearn.linear_model.LogisticRegression': signature("penalty='l2', *, C=1.0, solver='lbfgs', max_iter=100, multi_class='auto', random_state=None", { kind: 'class', version: '1.2.1' }),
  'sklearn.linear_model.Perceptron': signature('*, penalty=None, max_iter=1000, tol=0.001, shuffle=True, random_state=0', { kind: 'class', version: '1.2.1' }),
  'sklearn.model_selection.cross_val_score': signature("estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None", { kind: 'function', version: '1.2.1' }),
  'sklearn.model_selection.KFold': signature('n_splits=5, *, shuffle=False, random_state=None', { kind: 'class', version: '1.2.1' }),
  'sklearn.cluster.KMeans': signature("n_clusters=8, *, init='k-means++', n_init=10, random_state=None", { kind: 'class', version: '1.2.1' }),
});
const OLD = facts({
  'sklearn.svm.SVC': signature("C=1.0, kernel='rbf', degree=3, gamma='auto_deprecated', random_state=None", { kind: 'class', version: '0.20.3' }),
  'sklearn.ensemble.RandomForestClassifier': signature("n_estimators='warn', criterion='gini', max_depth=None", { kind: 'class', version: '0.20.3' }),
});

describe('sklearn-old-defaults', () => {
  it('pins the old default where the call leaves a changed parameter unset', async () => {
    const code = 'from sklearn.svm import SVC\nfrom sklearn.linear_model import LogisticRegression\nsvc = SVC()\nlr = LogisticRegression(C=0.5)\n';
    const out = await repair(code, { rules, facts: NEW });
    expect(out).toBe("from sklearn.svm import SVC\nfrom sklearn.linear_model import LogisticRegression\nsvc = SVC(gamma='auto')\nlr = LogisticRegression(C=0.5, solver='liblinear', multi_class='ovr')\n");
    expect(compileError(out)).toBeNull();
  });

  it('leaves parameters the call sets (by keyword or position) alone', async () => {
    const code = "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.svm import SVC\na = RandomForestClassifier(300, max_depth=4)\nb = SVC(gamma=0.1)\nc = RandomForestClassifier(n_estimators=50)\n";
    expect(await repair(code, { rules, facts: NEW })).toBe(code);
  });

  it('handles module-qualified names, nested calls, multi-line calls and trailing commas', async () => {
    const code = 'from sklearn import svm, model_selection\nfrom sklearn.ensemble import RandomForestClassifier\ns = model_selection.cross_val_score(RandomForestClassifier(), X, y)\nm = svm.SVC(\n    C=10,\n    probability=True,\n)\n';
    const out = await repair(code, { rules, facts: NEW });
    expect(out).toBe('from sklearn import svm, model_selection\nfrom sklearn.ensemble import RandomForestClassifier\ns = model_selection.cross_val_score(RandomForestClassifier(n_estimators=10), X, y, cv=3)\nm = svm.SVC(\n    C=10,\n    probability=True, gamma=\'auto\',\n)\n');
    expect(compileError(out)).toBeNull();
  });

  it('pins 5 epochs without a stopping tolerance for Perceptron, unless n_iter is given', async () => {
    const code = 'from sklearn.linear_model import Perceptron\np = Perceptron()\nq = Perceptron(n_iter=20)\n';
    expect(await repair(code, { rules, facts: NEW })).toBe('from sklearn.linear_model import Perceptron\np = Perceptron(max_iter=5, tol=None)\nq = Perceptron(n_iter=20, tol=None)\n');
  });

  it('pins nothing for a change the installed release has not made yet (KMeans n_init in 1.4)', async () => {
    const code = 'from sklearn.cluster import KMeans\nkm = KMeans(3)\n';
    expect(await repair(code, { rules, facts: NEW })).toBe(code);
  });

  it('pins nothing on a scikit-learn older than the change, nor where the call splats its parameters', async () => {
    const code = 'from sklearn.svm import SVC\nfrom sklearn.ensemble import RandomForestClassifier\na = SVC()\nb = RandomForestClassifier()\n';
    expect(await repair(code, { rules, facts: OLD })).toBe(code);
    const splat = 'from sklearn.svm import SVC\na = SVC(**params)\n';
    expect(await repair(splat, { rules, facts: NEW })).toBe(splat);
  });

  it('records each pin with the call, the rule and a detail naming the release, and asks for facts it lacks', async () => {
    const out = await repairCells(['from sklearn.model_selection import KFold\nfrom sklearn.tree import DecisionTreeClassifier\nk = KFold(shuffle=True)\nt = DecisionTreeClassifier()\n'], { rules, facts: facts() });
    expect(out.repairs).toEqual([]);
    expect(out.missingFacts).toEqual(['sklearn.model_selection.KFold']);
    const known = await repairCells(['from sklearn.model_selection import KFold\nk = KFold(shuffle=True)\n'], { rules, facts: NEW });
    expect(known.repairs).toHaveLength(1);
    expect(known.repairs[0]).toMatchObject({ rule: 'sklearn-old-defaults', cellIndex: 0, line: 2, before: 'k = KFold(shuffle=True)', after: 'k = KFold(shuffle=True, n_splits=3)' });
    expect(known.repairs[0]?.detail).toContain('before scikit-learn 0.22');
  });

  it('compares versions by their numeric parts', () => {
    expect(versionAtLeast('1.2.1', '0.22')).toBe(true);
    expect(versionAtLeast('0.22.0', '0.22')).toBe(true);
    expect(versionAtLeast('0.21.3', '0.22')).toBe(false);
    expect(versionAtLeast('0.9', '0.22')).toBe(false);
    expect(versionAtLeast('1.2.1', '1.4')).toBe(false);
    expect(versionAtLeast(null, '0.22')).toBe(false);
  });

  it('keeps each table entry consistent: an old default differs from the new one and parses as Python', () => {
    for (const c of CHANGED_DEFAULTS) {
      expect(c.old).not.toBe(c.now);
      expect(compileError(`f(${c.param}=${c.old})`)).toBeNull();
    }
  });
});
