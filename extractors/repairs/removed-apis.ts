// Functions and classes the libraries removed, each replaced by what the library's own release
// notes name as the replacement, rewritten only where the installed library lacks the old name and
// has the new one (introspected facts, never a version number). Table-driven; each row cites the
// release note. Pure.
//   - scikit-learn 1.2 removed plot_confusion_matrix & co. (deprecated in 1.0) for the
//     *Display.from_estimator class methods, which take the same arguments;
//   - scikit-learn 0.20 removed the cross_validation iterators whose constructor took the data
//     (KFold(n, n_folds=k), StratifiedKFold(y, n_folds=k), ShuffleSplit(n, n_iter=k)): the
//     model_selection ones take n_splits and get the data in split(). The old object was an
//     iterable of (train, test) index pairs; the rewrite builds that list, which every consumer
//     of the old object (a for loop, len(), cv=) accepts;
//   - seaborn 0.9 renamed factorplot to catplot (its default kind changed from 'point' to 'strip',
//     and size became height) and lvplot to boxenplot; 0.12 removed the old names;
//   - scikit-learn 1.2 removed get_feature_names() for get_feature_names_out().
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { argumentRemoval, callArgs, inPackage, named, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

function lastPart(name: string): string {
  return name.split('.').pop() as string;
}

/** A removed function and the callable that replaced it, with the same arguments. */
export interface Replacement {
  /** dotted name of the removed function */
  old: string;
  /** dotted name of the replacement (`sklearn.metrics.ConfusionMatrixDisplay.from_estimator`) */
  now: string;
  /** keyword arguments to add when the call does not give them (a default that changed with the rename) */
  pin?: Record<string, string>;
  /** keyword arguments renamed with it */
  renamed?: Record<string, string>;
  source: string;
}

const SKLEARN_1_2 = 'https://scikit-learn.org/stable/whats_new/v1.2.html (API changes: plot_* functions removed; deprecated in 1.0)';
const SEABORN_0_9 = 'https://seaborn.pydata.org/whatsnew/v0.9.0.html (factorplot renamed catplot, default kind point -> strip, size -> height; lvplot renamed boxenplot)';

export const REPLACED_FUNCTIONS: readonly Replacement[] = [
  { old: 'sklearn.metrics.plot_confusion_matrix', now: 'sklearn.metrics.ConfusionMatrixDisplay.from_estimator', source: SKLEARN_1_2 },
  { old: 'sklearn.metrics.plot_roc_curve', now: 'sklearn.metrics.RocCurveDisplay.from_estimator', source: SKLEARN_1_2 },
  { old: 'sklearn.metrics.plot_precision_recall_curve', now: 'sklearn.metrics.PrecisionRecallDisplay.from_estimator', source: SKLEARN_1_2 },
  { old: 'sklearn.metrics.plot_det_curve', now: 'sklearn.metrics.DetCurveDisplay.from_estimator', source: SKLEARN_1_2 },
  { old: 'seaborn.factorplot', now: 'seaborn.catplot', pin: { kind: "'point'" }, renamed: { size: 'height' }, source: SEABORN_0_9 },
  { old: 'seaborn.lvplot', now: 'seaborn.boxenplot', source: SEABORN_0_9 },
];

function replacementFor(ctx: RuleContext, name: string | null): Replacement | null {
  if (!name) return null;
  const r = REPLACED_FUNCTIONS.find((x) => x.old === name);
  if (!r) return null;
  return ctx.facts.exists(r.old) === false && ctx.facts.exists(r.now) === true ? r : null;
}

/** `from m import old [as a]` -> the other names stay, `old` is bound to the replacement. */
function importEdit(n: SyntaxNode, ctx: RuleContext): RuleEdit | null {
  const module = n.childForFieldName('module_name');
  if (!module) return null;
  const names = named(n).filter((c) => c.id !== module.id && c.type !== 'comment');
  const edits: string[] = [];
  const keep: string[] = [];
  const details: string[] = [];
  for (const c of names) {
    const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
    const r = name ? replacementFor(ctx, `${module.text}.${name.text}`) : null;
    if (!r || !name) {
      keep.push(c.text);
      continue;
    }
    const alias = c.type === 'aliased_import' ? (c.childForFieldName('alias')?.text ?? name.text) : name.text;
    // `from sklearn.metrics import ConfusionMatrixDisplay as _h; plot_confusion_matrix = _h.from_estimator`
    const parts = r.now.split('.');
    const method = parts.length - module.text.split('.').length > 1 ? parts.pop() : undefined;
    const owner = parts.slice(module.text.split('.').length).join('.');
    const parent = parts.slice(0, module.text.split('.').length).join('.');
    if (parent !== module.text) return null;
    const binding = method ? `${owner}.${method}` : owner;
    if (r.pin || r.renamed) {
      // a changed default or renamed keyword: a small wrapper keeps every call site as it is
      const pins = Object.entries(r.pin ?? {}).map(([k, v]) => `kw.setdefault('${k}', ${v})`);
      const renames = Object.entries(r.renamed ?? {}).map(([k, v]) => `kw.__setitem__('${v}', kw.pop('${k}')) if '${k}' in kw and '${v}' not in kw else None`);
      edits.push(`from ${module.text} import ${owner} as _hm_${owner}`);
      edits.push(`def ${alias}(*a, **kw): ${[...renames, ...pins].join('; ')}; return _hm_${binding}(*a, **kw)`);
    } else {
      edits.push(`from ${module.text} import ${owner}`);
      if (alias !== binding) edits.push(`${alias} = ${binding}`);
    }
    details.push(`${name.text} -> ${lastPart(owner)}${method ? `.${method}` : ''}`);
  }
  if (details.length === 0) return null;
  const rest = keep.length > 0 ? [`from ${module.text} import ${keep.join(', ')}`] : [];
  return { start: n.startIndex, end: n.endIndex, text: [...rest, ...edits].join('\n'), detail: details.join('; ') };
}

/** `plot_confusion_matrix(...)` -> `ConfusionMatrixDisplay.from_estimator(...)`; `sns.factorplot(...)` -> `sns.catplot(..., kind='point')`. */
export const replacedFunctions: RepairRule = {
  name: 'removed-functions',
  family: 'removed-api',
  description: "functions the libraries removed become the replacement their release notes name, with the same arguments: sklearn.metrics.plot_confusion_matrix/plot_roc_curve/plot_precision_recall_curve/plot_det_curve -> *Display.from_estimator (1.2); seaborn factorplot -> catplot(kind='point', height=size), lvplot -> boxenplot (0.9)",
  apply(ctx) {
    const olds = REPLACED_FUNCTIONS.map((r) => r.old);
    const used = [...ctx.imports.values()].some((v) => olds.includes(v)) || [...ctx.imports.values()].some((v) => olds.some((o) => o.startsWith(`${v}.`)));
    if (!used) return [];
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'import_from_statement') {
        // only a statement on its own line can become several lines
        if (n.parent?.type !== 'module') return false;
        const e = importEdit(n, ctx);
        if (e) edits.push(e);
        return false;
      }
      if (n.type === 'call') {
        const fn = n.childForFieldName('function');
        // attribute calls (`metrics.plot_confusion_matrix(...)`, `sns.factorplot(...)`); bare names
        // are bound by the rewritten import
        if (fn?.type !== 'attribute') return undefined;
        const r = replacementFor(ctx, resolveName(fn, ctx.imports));
        if (!r) return undefined;
        const obj = fn.childForFieldName('object') as SyntaxNode;
        const oldModule = r.old.slice(0, r.old.lastIndexOf('.'));
        const tail = r.now.slice(oldModule.length + 1);
        edits.push({ start: fn.startIndex, end: fn.endIndex, text: `${obj.text}.${tail}`, detail: `${lastPart(r.old)} -> ${tail}` });
        const args = callArgs(n);
        for (const k of args.keywords) {
          const to = r.renamed?.[k.name];
          const key = k.node.childForFieldName('name');
          if (to && key && !args.keywords.some((x) => x.name === to)) edits.push({ start: key.startIndex, end: key.endIndex, text: to, detail: `${k.name}= -> ${to}=` });
        }
        const pins = Object.entries(r.pin ?? {}).filter(([k]) => !args.keywords.some((x) => x.name === k));
        if (pins.length > 0 && args.list && !args.splat) {
          const items = named(args.list).filter((c) => c.type !== 'comment');
          const last = items[items.length - 1];
          const at = last ? last.endIndex : args.list.startIndex + 1;
          edits.push({ start: at, end: at, text: `${last ? ', ' : ''}${pins.map(([k, v]) => `${k}=${v}`).join(', ')}`, detail: `${pins.map(([k, v]) => `${k}=${v}`).join(', ')} (the old default)` });
        }
      }
      return undefined;
    });
    return edits;
  },
};

/** A cross_validation iterator whose constructor took the data. */
interface OldSplitter {
  names: readonly string[];
  /** what the first positional argument was: a count of samples, or the labels */
  data: 'n' | 'y';
  /** the old keyword for the number of splits */
  count: string;
}

const OLD_SPLITTERS: readonly OldSplitter[] = [
  { names: ['KFold'], data: 'n', count: 'n_folds' },
  { names: ['StratifiedKFold'], data: 'y', count: 'n_folds' },
  { names: ['ShuffleSplit'], data: 'n', count: 'n_iter' },
  { names: ['StratifiedShuffleSplit'], data: 'y', count: 'n_iter' },
];
export const OLD_SPLITTERS_SOURCE = 'https://scikit-learn.org/0.18/whats_new.html (model_selection: CV iterators take n_splits and get the data in split(); cross_validation removed in 0.20)';

/** `KFold(len(X), n_folds=5, shuffle=True)` -> `list(KFold(n_splits=5, shuffle=True).split(range(len(X))))`. */
export const sklearnOldSplitters: RepairRule = {
  name: 'sklearn-old-splitters',
  family: 'sklearn',
  description: 'cross_validation iterators built on the data (KFold(n, n_folds=k), StratifiedKFold(y, n_folds=k), ShuffleSplit(n, n_iter=k)) become the list of (train, test) pairs the model_selection iterator yields: list(KFold(n_splits=k).split(range(n))), list(StratifiedKFold(n_splits=k).split(y, y))',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const name = resolveName(n.childForFieldName('function'), ctx.imports);
      if (!name || !inPackage(name, 'sklearn')) return;
      const s = OLD_SPLITTERS.find((x) => x.names.includes(lastPart(name)));
      if (!s) return;
      const args = callArgs(n);
      if (args.splat || args.positional.length === 0) return;
      const countKw = args.keywords.find((k) => k.name === s.count);
      // the old shape: the data first, the count by its old name or second
      if (!countKw && args.positional.length < 2) return;
      const params = ctx.facts.get(name)?.params;
      if (!params || params.some((p) => p.name === s.count || p.name === 'n' || p.name === 'y') || !params.some((p) => p.name === 'n_splits')) return;
      const data = args.positional[0] as SyntaxNode;
      const count = countKw?.value ?? args.positional[1];
      if (args.positional.length > 2) return;
      const rest = args.keywords.filter((k) => k.name !== s.count).map((k) => k.node.text);
      const ctor = `${(n.childForFieldName('function') as SyntaxNode).text}(${[...(count ? [`n_splits=${count.text}`] : []), ...rest].join(', ')})`;
      const split = s.data === 'n' ? `split(range(${data.text}))` : `split(${data.text}, ${data.text})`;
      edits.push({ start: n.startIndex, end: n.endIndex, text: `list(${ctor}.${split})`, detail: `${lastPart(name)}(${s.data}, ${s.count}=k) -> list(${lastPart(name)}(n_splits=k).${s.data === 'n' ? 'split(range(n))' : 'split(y, y)'})` });
    });
    return edits;
  },
};

/** `x.get_feature_names()` -> `x.get_feature_names_out()` where the imported transformers only have the new one. */
export const sklearnFeatureNamesOut: RepairRule = {
  name: 'sklearn-feature-names-out',
  family: 'sklearn',
  description: 'get_feature_names() (removed in scikit-learn 1.2) becomes get_feature_names_out(), where an imported scikit-learn class has only the new method',
  apply(ctx) {
    const calls: SyntaxNode[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const fn = n.childForFieldName('function');
      const attr = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
      if (attr?.text === 'get_feature_names') calls.push(attr);
    });
    if (calls.length === 0) return [];
    const classes = [...new Set([...ctx.imports.values()].filter((v) => inPackage(v, 'sklearn') && /^[A-Z]/.test(lastPart(v))))];
    const onlyNew = classes.some((c) => ctx.facts.exists(`${c}.get_feature_names_out`) === true && ctx.facts.exists(`${c}.get_feature_names`) === false);
    if (!onlyNew) return [];
    return calls.map((a) => ({ start: a.startIndex, end: a.endIndex, text: 'get_feature_names_out', detail: 'get_feature_names() -> get_feature_names_out()' }));
  },
};

/** `pd.DataFrame(columns={...})` -> `columns=list({...})`: what older pandas did with a set (pandas 1.4+ refuses one). */
export const pandasColumnsSet: RepairRule = {
  name: 'pandas-columns-set',
  family: 'pandas',
  description: "a set given as DataFrame/Series columns or index (refused by pandas since 1.4: 'columns cannot be a set') becomes list(<set>), the order older pandas iterated it in",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const name = resolveName(n.childForFieldName('function'), ctx.imports);
      if (name !== 'pandas.DataFrame' && name !== 'pandas.Series') return;
      for (const k of callArgs(n).keywords) {
        if (k.name !== 'columns' && k.name !== 'index') continue;
        const v = k.value;
        const isSet = v.type === 'set' || v.type === 'set_comprehension' || (v.type === 'call' && v.childForFieldName('function')?.text === 'set' && !ctx.bound.has('set'));
        if (isSet) edits.push({ start: v.startIndex, end: v.endIndex, text: `list(${v.text})`, detail: `${k.name}=<set> -> ${k.name}=list(<set>)` });
      }
    });
    return edits;
  },
};

/** A keyword argument a library removed, and the values it may be dropped with (they are what the library does now). */
export interface RemovedParam {
  /** class or function names (last part of the dotted name) */
  names: readonly string[];
  param: string;
  /** values (Python source) whose removal keeps what the call computes; 'any': the parameter had no effect on results */
  dropWhen: readonly string[] | 'any';
  source: string;
}

const LINEAR = ['LinearRegression', 'Ridge', 'RidgeCV', 'RidgeClassifier', 'RidgeClassifierCV', 'Lasso', 'LassoCV', 'ElasticNet', 'ElasticNetCV', 'Lars', 'LarsCV', 'LassoLars', 'LassoLarsCV', 'LassoLarsIC', 'OrthogonalMatchingPursuit', 'BayesianRidge', 'ARDRegression'];
const TREES = ['DecisionTreeClassifier', 'DecisionTreeRegressor', 'ExtraTreeClassifier', 'ExtraTreeRegressor', 'GradientBoostingClassifier', 'GradientBoostingRegressor'];
const FORESTS_ETC = ['RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor', 'RandomTreesEmbedding', ...TREES];

export const REMOVED_PARAMS: readonly RemovedParam[] = [
  // 1.2: "normalize was removed from linear models" (deprecated in 1.0; False was the default)
  { names: LINEAR, param: 'normalize', dropWhen: ['False'], source: 'https://scikit-learn.org/stable/whats_new/v1.2.html' },
  // 0.24: presort removed from trees and gradient boosting (it only changed speed)
  { names: TREES, param: 'presort', dropWhen: 'any', source: 'https://scikit-learn.org/stable/whats_new/v0.24.html' },
  // 1.0: min_impurity_split removed (None was the default: no threshold)
  { names: FORESTS_ETC, param: 'min_impurity_split', dropWhen: ['None'], source: 'https://scikit-learn.org/stable/whats_new/v1.0.html' },
  // 0.24: iid removed from the searches; iid=False is what they do now
  { names: ['GridSearchCV', 'RandomizedSearchCV'], param: 'iid', dropWhen: ['False'], source: 'https://scikit-learn.org/stable/whats_new/v0.24.html' },
];

/** `LinearRegression(normalize=False)` -> `LinearRegression()` where the installed signature has no such parameter. */
export const sklearnRemovedParams: RepairRule = {
  name: 'sklearn-removed-params',
  family: 'sklearn',
  description: 'keyword arguments scikit-learn removed, dropped where the value given is what the estimator does now (normalize=False, min_impurity_split=None, iid=False) or the parameter never changed results (presort); only where the installed signature lacks the parameter',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const name = resolveName(n.childForFieldName('function'), ctx.imports);
      if (!name || !inPackage(name, 'sklearn')) return;
      const args = callArgs(n);
      const rows = REMOVED_PARAMS.filter((r) => r.names.includes(lastPart(name)) && args.keywords.some((k) => k.name === r.param));
      if (rows.length === 0) return;
      const params = ctx.facts.get(name)?.params;
      if (!params || params.some((p) => p.kind === 'VAR_KEYWORD')) return;
      for (const r of rows) {
        const kw = args.keywords.find((k) => k.name === r.param);
        if (!kw || params.some((p) => p.name === r.param)) continue;
        if (r.dropWhen !== 'any' && !r.dropWhen.includes(kw.value.text)) continue;
        edits.push({ ...argumentRemoval(kw.node), text: '', detail: `${lastPart(name)}: ${kw.node.text} dropped (removed; the same computation)` });
      }
    });
    return edits;
  },
};

export const REMOVED_API_RULES: readonly RepairRule[] = [replacedFunctions, sklearnOldSplitters, sklearnFeatureNamesOut, sklearnRemovedParams, pandasColumnsSet];
