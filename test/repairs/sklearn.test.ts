// scikit-learn rules, driven by facts about the installed scikit-learn (as the introspection
// reports them): the same code is rewritten where the old API is gone and left alone where it is not.
import { describe, expect, it } from 'vitest';
import { sklearnBaseEstimator, sklearnImputer, sklearnMovedModules, sklearnRenamedOptions } from '../../extractors/repairs/sklearn.js';
import { ABSENT, facts, repair, repairCells, signature } from './helpers.js';

const NEW_SKLEARN = facts({
  'sklearn.cross_validation': ABSENT,
  'sklearn.grid_search': ABSENT,
  'sklearn.model_selection': { exists: true, kind: 'module' },
  'sklearn.externals.joblib': ABSENT,
  joblib: { exists: true, kind: 'module' },
  'sklearn.preprocessing.Imputer': ABSENT,
  'sklearn.impute.SimpleImputer': { exists: true, kind: 'class' },
});
const OLD_SKLEARN = facts({ 'sklearn.cross_validation': { exists: true, kind: 'module' }, 'sklearn.model_selection': { exists: true, kind: 'module' } });

describe('sklearn-moved-modules', () => {
  const rules = [sklearnMovedModules];
  it('moves cross_validation and grid_search imports to model_selection', async () => {
    const code = 'from sklearn.cross_validation import train_test_split, KFold\nfrom sklearn.grid_search import GridSearchCV\n';
    expect(await repair(code, { rules, facts: NEW_SKLEARN })).toBe('from sklearn.model_selection import train_test_split, KFold\nfrom sklearn.model_selection import GridSearchCV\n');
  });
  it('keeps the module name the notebook uses: from sklearn import cross_validation', async () => {
    expect(await repair('from sklearn import cross_validation, svm\ns = cross_validation.cross_val_score(m, X, y)\n', { rules, facts: NEW_SKLEARN })).toBe(
      'from sklearn import svm; from sklearn import model_selection as cross_validation\ns = cross_validation.cross_val_score(m, X, y)\n',
    );
  });
  it('rewrites dotted uses after import sklearn.cross_validation, and sklearn.externals.joblib', async () => {
    expect(await repair('import sklearn.cross_validation\nimport sklearn\nX = sklearn.cross_validation.train_test_split(a)\nfrom sklearn.externals import joblib\n', { rules, facts: NEW_SKLEARN })).toBe(
      'import sklearn.model_selection\nimport sklearn\nX = sklearn.model_selection.train_test_split(a)\nimport joblib as joblib\n',
    );
  });
  it('leaves the imports alone when the installed scikit-learn still has the module, and asks when it does not know', async () => {
    const code = 'from sklearn.cross_validation import KFold\n';
    expect(await repair(code, { rules, facts: OLD_SKLEARN })).toBe(code);
    const out = await repairCells([code], { rules, facts: facts() });
    expect(out.cells[0]?.source).toBe(code);
    expect(out.missingFacts).toEqual(['sklearn.cross_validation']);
  });
});

describe('sklearn-imputer', () => {
  it("imports SimpleImputer under the old name, drops axis=0 and turns 'NaN' into float('nan')", async () => {
    const code = "from sklearn.preprocessing import Imputer, StandardScaler\nimp = Imputer(missing_values='NaN', strategy='mean', axis=0)\n";
    expect(await repair(code, { rules: [sklearnImputer], facts: NEW_SKLEARN })).toBe(
      "from sklearn.preprocessing import StandardScaler; from sklearn.impute import SimpleImputer as Imputer\nimp = Imputer(missing_values=float('nan'), strategy='mean')\n",
    );
  });
  it('does nothing for notebooks that do not use Imputer', async () => {
    const out = await repairCells(['from sklearn.preprocessing import StandardScaler\n'], { rules: [sklearnImputer], facts: facts() });
    expect(out.repairs).toEqual([]);
    expect(out.missingFacts).toEqual([]);
  });
});

describe('sklearn-renamed-options', () => {
  const gbr = signature('loss=squared_error, criterion=friedman_mse', { kind: 'class', options: { loss: ['absolute_error', 'huber', 'quantile', 'squared_error'], criterion: ['friedman_mse', 'squared_error'] } });
  const oldGbr = signature('loss=ls', { kind: 'class', options: { loss: ['ls', 'lad', 'huber', 'quantile'] } });
  it("renames loss='ls' in calls, parameter dicts and grids where the estimator no longer declares it", async () => {
    const code = "from sklearn.ensemble import GradientBoostingRegressor\nm = GradientBoostingRegressor(loss='ls', criterion='mse')\np = {'loss': 'lad', 'n_estimators': 10}\ng = {'model__loss': ['ls', 'huber']}\n";
    expect(await repair(code, { rules: [sklearnRenamedOptions], facts: facts({ 'sklearn.ensemble.GradientBoostingRegressor': gbr }) })).toBe(
      "from sklearn.ensemble import GradientBoostingRegressor\nm = GradientBoostingRegressor(loss='squared_error', criterion='squared_error')\np = {'loss': 'absolute_error', 'n_estimators': 10}\ng = {'model__loss': ['squared_error', 'huber']}\n",
    );
  });
  it('keeps the old spelling where the installed estimator still accepts it', async () => {
    const code = "from sklearn.ensemble import GradientBoostingRegressor\nm = GradientBoostingRegressor(loss='ls')\n";
    expect(await repair(code, { rules: [sklearnRenamedOptions], facts: facts({ 'sklearn.ensemble.GradientBoostingRegressor': oldGbr }) })).toBe(code);
  });
});

describe('sklearn-base-estimator', () => {
  const ada = signature("estimator=None, *, n_estimators=50, base_estimator='deprecated'", { kind: 'class' });
  it("renames base_estimator= and 'base_estimator__x' grid keys when the installed class deprecates it", async () => {
    const code = "from sklearn.ensemble import AdaBoostClassifier\na = AdaBoostClassifier(base_estimator=t)\ngrid = {'base_estimator__max_depth': [1, 2], 'n_estimators': [5]}\n";
    expect(await repair(code, { rules: [sklearnBaseEstimator], facts: facts({ 'sklearn.ensemble.AdaBoostClassifier': ada }) })).toBe(
      "from sklearn.ensemble import AdaBoostClassifier\na = AdaBoostClassifier(estimator=t)\ngrid = {'estimator__max_depth': [1, 2], 'n_estimators': [5]}\n",
    );
  });
  it('leaves them alone for a scikit-learn where base_estimator is the parameter', async () => {
    const code = "from sklearn.ensemble import AdaBoostClassifier\ngrid = {'base_estimator__max_depth': [1, 2]}\n";
    expect(await repair(code, { rules: [sklearnBaseEstimator], facts: facts({ 'sklearn.ensemble.AdaBoostClassifier': signature('base_estimator=None, n_estimators=50', { kind: 'class' }) }) })).toBe(code);
  });
});

