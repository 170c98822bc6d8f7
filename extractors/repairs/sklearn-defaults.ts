// scikit-learn defaults that changed without an error: a notebook written before the change runs
// here and silently computes something else (SVC() with gamma='scale', not 'auto'; a forest of 100
// trees, not 10; 5 folds, not 3). This rule passes the OLD default explicitly where a call leaves
// the parameter unset. It changes what the code computes, so it is never part of the first rule
// pass: the session tries it as a second attempt on a run that completes without reproducing, and
// keeps it only when the run then reproduces Kaggle's record. A pin is written only when the
// installed scikit-learn is at or past the release that changed the default AND its signature
// shows the new default (both from the introspected facts), so an older stack is left alone. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { callArgs, inError, inPackage, named, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

export interface ChangedDefault {
  /** class or function names (last part of the dotted name) the change applies to */
  names: readonly string[];
  param: string;
  /** the old default, as Python source */
  old: string;
  /** the new default, as `inspect.signature` shows it (repr) */
  now: string;
  /** the scikit-learn release that changed it (from its changelog) */
  since: string;
}

const SVMS = ['SVC', 'NuSVC', 'SVR', 'NuSVR', 'OneClassSVM'];
const FORESTS = ['RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor'];
const SGD_LIKE = ['Perceptron', 'SGDClassifier', 'SGDRegressor', 'PassiveAggressiveClassifier', 'PassiveAggressiveRegressor'];
const CV_USERS = ['cross_val_score', 'cross_validate', 'cross_val_predict', 'GridSearchCV', 'RandomizedSearchCV', 'learning_curve', 'validation_curve', 'RFECV', 'permutation_test_score'];
const SPLITTERS = ['KFold', 'StratifiedKFold', 'GroupKFold', 'TimeSeriesSplit'];

/** Defaults scikit-learn changed, from its release notes. */
export const CHANGED_DEFAULTS: readonly ChangedDefault[] = [
  { names: ['LogisticRegression'], param: 'solver', old: "'liblinear'", now: "'lbfgs'", since: '0.22' },
  { names: ['LogisticRegression', 'LogisticRegressionCV'], param: 'multi_class', old: "'ovr'", now: "'auto'", since: '0.22' },
  { names: SVMS, param: 'gamma', old: "'auto'", now: "'scale'", since: '0.22' },
  { names: FORESTS, param: 'n_estimators', old: '10', now: '100', since: '0.22' },
  // before 0.21 these ran 5 epochs (n_iter) with no stopping criterion
  { names: SGD_LIKE, param: 'max_iter', old: '5', now: '1000', since: '0.21' },
  { names: SGD_LIKE, param: 'tol', old: 'None', now: '0.001', since: '0.21' },
  // cv=None meant 3 folds before 0.22 and means 5 now
  { names: CV_USERS, param: 'cv', old: '3', now: 'None', since: '0.22' },
  { names: SPLITTERS, param: 'n_splits', old: '3', now: '5', since: '0.22' },
  { names: ['IsolationForest'], param: 'contamination', old: '0.1', now: "'auto'", since: '0.22' },
  { names: ['KMeans', 'MiniBatchKMeans'], param: 'n_init', old: '10', now: "'auto'", since: '1.4' },
  { names: ['LinearSVC', 'LinearSVR'], param: 'dual', old: 'True', now: "'auto'", since: '1.5' },
];

/** `1.2.1` >= `0.22`, by numeric parts; an unreadable version is never past anything. */
export function versionAtLeast(version: string | null | undefined, since: string): boolean {
  if (!version) return false;
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10));
  const a = parts(version);
  const b = parts(since);
  if (a.some((n, i) => i < 2 && Number.isNaN(n))) return false;
  for (let i = 0; i < b.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function lastPart(name: string): string {
  return name.split('.').pop() as string;
}

/** The parameter is set by the call: by keyword, or positionally where the signature allows it. */
function isSet(param: string, call: ReturnType<typeof callArgs>, params: readonly { name: string; kind: string }[]): boolean {
  if (call.keywords.some((k) => k.name === param)) return true;
  const positional = params.filter((p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD');
  const i = positional.findIndex((p) => p.name === param);
  return i >= 0 && i < call.positional.length;
}

/** The old defaults to pin in one call, as `param=value` texts. */
function pinsFor(ctx: RuleContext, name: string, call: ReturnType<typeof callArgs>): { text: string; detail: string }[] {
  const changes = CHANGED_DEFAULTS.filter((c) => c.names.includes(lastPart(name)));
  if (changes.length === 0) return [];
  const facts = ctx.facts.get(name);
  if (!facts?.exists || !facts.params) return [];
  const out: { text: string; detail: string }[] = [];
  for (const c of changes) {
    const p = facts.params.find((x) => x.name === c.param);
    // the installed release must be past the change and its signature must show the new default
    if (!p || p.default !== c.now || !versionAtLeast(facts.version, c.since)) continue;
    if (isSet(c.param, call, facts.params)) continue;
    // n_iter (removed in 0.21) set by the notebook already fixes the epochs
    if (c.param === 'max_iter' && call.keywords.some((k) => k.name === 'n_iter')) continue;
    out.push({ text: `${c.param}=${c.old}`, detail: `${lastPart(name)}: ${c.param}=${c.old} (the default before scikit-learn ${c.since}; ${facts.version} has ${c.now})` });
  }
  return out;
}

/** `SVC()` -> `SVC(gamma='auto')`, `RandomForestClassifier(max_depth=5)` -> `..., n_estimators=10)`. */
export const sklearnOldDefaults: RepairRule = {
  name: 'sklearn-old-defaults',
  family: 'sklearn',
  description: "scikit-learn defaults that changed silently (SVC gamma 'auto' -> 'scale', forests 10 -> 100 trees, LogisticRegression liblinear -> lbfgs, cv 3 -> 5 folds, SGD/Perceptron 5 epochs -> max_iter 1000, ...) passed explicitly with their old value where a call leaves them unset; tried only as a second attempt and kept only when the run reproduces",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n: SyntaxNode) => {
      if (n.type !== 'call' || inError(n)) return;
      const name = resolveName(n.childForFieldName('function'), ctx.imports);
      if (!name || !inPackage(name, 'sklearn')) return;
      const call = callArgs(n);
      // **params may set the parameter: unknown, leave the call alone
      if (!call.list || call.list.type !== 'argument_list' || call.splat) return;
      const pins = pinsFor(ctx, name, call);
      if (pins.length === 0) return;
      const items = named(call.list).filter((c) => c.type !== 'comment');
      const last = items[items.length - 1];
      const at = last ? last.endIndex : call.list.startIndex + 1;
      const text = `${last ? ', ' : ''}${pins.map((p) => p.text).join(', ')}`;
      edits.push({ start: at, end: at, text, detail: pins.map((p) => p.detail).join('; ') });
    });
    return edits;
  },
};

/** Rules that change what the code computes (back to the old behaviour): a second attempt only. */
export const SKLEARN_DEFAULT_RULES: readonly RepairRule[] = [sklearnOldDefaults];
