// scikit-learn APIs that moved or were removed, rewritten only where the installed scikit-learn
// lacks the old spelling and has the new one (from the introspected facts, never a version
// number): modules merged into model_selection, Imputer -> SimpleImputer, renamed option values
// (loss='ls' -> 'squared_error', read from the estimator's declared constraints) and
// base_estimator -> estimator. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { argumentRemoval, callArgs, dottedName, inPackage, named, stringDelimiters, stringValue, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

const MOVED_MODULES: Record<string, string> = {
  'sklearn.cross_validation': 'sklearn.model_selection',
  'sklearn.grid_search': 'sklearn.model_selection',
  'sklearn.learning_curve': 'sklearn.model_selection',
  'sklearn.externals.joblib': 'joblib',
};

/** The old module is gone and the new one is there (unknown facts: no rewrite this round). */
function moved(ctx: RuleContext, old: string): string | null {
  const to = MOVED_MODULES[old];
  if (!to) return null;
  return ctx.facts.exists(old) === false && ctx.facts.exists(to) === true ? to : null;
}

function lastPart(name: string): string {
  return name.split('.').pop() as string;
}

/** `sklearn.cross_validation`, `sklearn.grid_search`, `sklearn.learning_curve` -> `sklearn.model_selection`; `sklearn.externals.joblib` -> `joblib`. */
export const sklearnMovedModules: RepairRule = {
  name: 'sklearn-moved-modules',
  family: 'sklearn',
  description: 'modules scikit-learn removed become the ones that replaced them (cross_validation, grid_search, learning_curve -> model_selection; externals.joblib -> joblib)',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'import_from_statement') {
        const module = n.childForFieldName('module_name');
        if (!module) return false;
        const to = moved(ctx, module.text);
        if (to) {
          edits.push({ start: module.startIndex, end: module.endIndex, text: to, detail: `${module.text} -> ${to}` });
          return false;
        }
        // `from sklearn import cross_validation [as cv]`, `from sklearn.externals import joblib`
        for (const c of named(n)) {
          if (c.id === module.id) continue;
          const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
          if (!name) continue;
          const target = moved(ctx, `${module.text}.${name.text}`);
          if (!target) continue;
          const alias = c.type === 'aliased_import' ? (c.childForFieldName('alias')?.text ?? name.text) : name.text;
          const parent = target.includes('.') ? target.slice(0, target.lastIndexOf('.')) : null;
          const text = parent ? `from ${parent} import ${lastPart(target)} as ${alias}` : `import ${target} as ${alias}`;
          const others = named(n).filter((o) => o.id !== module.id && o.id !== c.id && o.type !== 'comment');
          const rest = others.length > 0 ? `from ${module.text} import ${others.map((o) => o.text).join(', ')}; ` : '';
          edits.push({ start: n.startIndex, end: n.endIndex, text: `${rest}${text}`, detail: `${module.text}.${name.text} -> ${target}` });
          break;
        }
        return false;
      }
      if (n.type === 'import_statement') {
        for (const c of named(n)) {
          const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
          const to = name ? moved(ctx, name.text) : null;
          if (name && to) edits.push({ start: name.startIndex, end: name.endIndex, text: to, detail: `${name.text} -> ${to}` });
        }
        return false;
      }
      // `sklearn.cross_validation.train_test_split(...)` after `import sklearn.cross_validation`
      if (n.type === 'attribute') {
        const dotted = dottedName(n);
        if (dotted && dotted in MOVED_MODULES && ctx.imports.get('sklearn') === 'sklearn') {
          const to = moved(ctx, dotted);
          if (to) edits.push({ start: n.startIndex, end: n.endIndex, text: to, detail: `${dotted} -> ${to}` });
          return false;
        }
      }
      return undefined;
    });
    return edits;
  },
};

/** `from sklearn.preprocessing import Imputer` -> SimpleImputer under the same name; its axis=0 and 'NaN' adapted. */
export const sklearnImputer: RepairRule = {
  name: 'sklearn-imputer',
  family: 'sklearn',
  description: "sklearn.preprocessing.Imputer (removed) becomes sklearn.impute.SimpleImputer under the same name; axis=0 is dropped (SimpleImputer works by column) and missing_values='NaN' becomes float('nan')",
  apply(ctx) {
    if (![...ctx.imports.values()].includes('sklearn.preprocessing.Imputer')) return [];
    if (ctx.facts.exists('sklearn.preprocessing.Imputer') !== false || ctx.facts.exists('sklearn.impute.SimpleImputer') !== true) return [];
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'import_from_statement' && n.childForFieldName('module_name')?.text === 'sklearn.preprocessing') {
        const module = n.childForFieldName('module_name') as SyntaxNode;
        const names = named(n).filter((c) => c.id !== module.id && c.type !== 'comment');
        const imp = names.find((c) => (c.type === 'aliased_import' ? c.childForFieldName('name')?.text : c.text) === 'Imputer');
        if (!imp) return false;
        const alias = imp.type === 'aliased_import' ? (imp.childForFieldName('alias')?.text ?? 'Imputer') : 'Imputer';
        const others = names.filter((c) => c.id !== imp.id);
        const rest = others.length > 0 ? `from sklearn.preprocessing import ${others.map((o) => o.text).join(', ')}; ` : '';
        edits.push({ start: n.startIndex, end: n.endIndex, text: `${rest}from sklearn.impute import SimpleImputer as ${alias}`, detail: 'Imputer -> SimpleImputer' });
        return false;
      }
      if (n.type === 'call' && resolveName(n.childForFieldName('function'), ctx.imports) === 'sklearn.preprocessing.Imputer') {
        for (const kw of callArgs(n).keywords) {
          if (kw.name === 'axis' && kw.value.text === '0') edits.push({ ...argumentRemoval(kw.node), text: '', detail: 'axis=0 dropped: SimpleImputer imputes by column' });
          if (kw.name === 'missing_values' && stringValue(kw.value) === 'NaN') edits.push({ start: kw.value.startIndex, end: kw.value.endIndex, text: "float('nan')", detail: "missing_values='NaN' -> float('nan')" });
        }
      }
      return undefined;
    });
    return edits;
  },
};

/** Option values scikit-learn renamed: the old spelling -> the new, per parameter. */
const RENAMED_OPTIONS: Record<string, Record<string, string>> = {
  loss: { ls: 'squared_error', lad: 'absolute_error', deviance: 'log_loss', log: 'log_loss' },
  criterion: { mse: 'squared_error', mae: 'absolute_error' },
};

function renamedOption(options: Record<string, string[]> | undefined, param: string, value: string): string | null {
  const to = RENAMED_OPTIONS[param]?.[value];
  const allowed = options?.[param];
  if (!to || !allowed) return null;
  return !allowed.includes(value) && allowed.includes(to) ? to : null;
}

function replaceString(node: SyntaxNode, value: string): string {
  const { prefix, quote } = stringDelimiters(node);
  return `${prefix}${quote}${value}${quote}`;
}

/** String literals holding an option value: the literal itself, or the items of a list/tuple (a parameter grid). */
function optionLiterals(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'string') return [node];
  if (node.type === 'list' || node.type === 'tuple') return named(node).filter((c) => c.type === 'string');
  return [];
}

/** `GradientBoostingRegressor(loss='ls')` -> `loss='squared_error'`, also in parameter dicts and grids. */
export const sklearnRenamedOptions: RepairRule = {
  name: 'sklearn-renamed-options',
  family: 'sklearn',
  description: "option values scikit-learn renamed (loss='ls' -> 'squared_error', criterion='mse' -> 'squared_error', ...), where the installed estimator's declared options lack the old one",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    const estimators = [...new Set([...ctx.imports.values()].filter((v) => inPackage(v, 'sklearn')))];
    const rename = (param: string, literal: SyntaxNode, options: Record<string, string[]> | undefined, where: string) => {
      const value = stringValue(literal);
      if (value === undefined) return;
      const to = renamedOption(options, param, value);
      if (to) edits.push({ start: literal.startIndex, end: literal.endIndex, text: replaceString(literal, to), detail: `${where}: ${param}='${value}' -> '${to}'` });
    };
    walk(ctx.root, (n) => {
      if (n.type === 'call') {
        const name = resolveName(n.childForFieldName('function'), ctx.imports);
        if (!inPackage(name, 'sklearn')) return;
        const kws = callArgs(n).keywords.filter((k) => k.name in RENAMED_OPTIONS && optionLiterals(k.value).length > 0);
        if (kws.length === 0) return;
        const options = ctx.facts.get(name as string)?.options;
        for (const k of kws) for (const lit of optionLiterals(k.value)) rename(k.name, lit, options, lastPart(name as string));
      } else if (n.type === 'pair') {
        // {'loss': 'ls'} given later as **params or as a parameter grid: any imported estimator that
        // declares the parameter decides
        const key = stringValue(n.childForFieldName('key'));
        const value = n.childForFieldName('value');
        if (!key || !value) return;
        const param = key.split('__').pop() as string;
        if (!(param in RENAMED_OPTIONS) || optionLiterals(value).length === 0) return;
        for (const est of estimators) {
          const options = ctx.facts.get(est)?.options;
          if (!options?.[param]) continue;
          const before = edits.length;
          for (const lit of optionLiterals(value)) rename(param, lit, options, lastPart(est));
          if (edits.length > before) break;
        }
      }
    });
    return edits;
  },
};

/** `base_estimator` renamed `estimator` (AdaBoost, Bagging, ...): keywords and `base_estimator__x` grid keys. */
export const sklearnBaseEstimator: RepairRule = {
  name: 'sklearn-base-estimator',
  family: 'sklearn',
  description: "meta-estimators whose installed signature deprecates base_estimator for estimator: base_estimator= and 'base_estimator__...' parameter names become estimator",
  apply(ctx) {
    const renamed = [...new Set([...ctx.imports.values()].filter((v) => inPackage(v, 'sklearn')))].filter((name) => {
      const params = ctx.facts.get(name)?.params;
      return params?.some((p) => p.name === 'estimator') && params.some((p) => p.name === 'base_estimator' && p.default === "'deprecated'");
    });
    if (renamed.length === 0) return [];
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'call') {
        const name = resolveName(n.childForFieldName('function'), ctx.imports);
        if (name && renamed.includes(name)) {
          for (const k of callArgs(n).keywords) {
            const key = k.node.childForFieldName('name');
            if (k.name === 'base_estimator' && key) edits.push({ start: key.startIndex, end: key.endIndex, text: 'estimator', detail: `${lastPart(name)}: base_estimator= -> estimator=` });
          }
        }
      } else if (n.type === 'string') {
        const value = stringValue(n);
        if (value && /^base_estimator__\w/.test(value) && n.parent?.type === 'pair' && n.parent.childForFieldName('key')?.id === n.id) {
          edits.push({ start: n.startIndex, end: n.endIndex, text: replaceString(n, value.replace(/^base_estimator__/, 'estimator__')), detail: `parameter '${value}' -> '${value.replace(/^base_estimator__/, 'estimator__')}'` });
        }
      }
    });
    return edits;
  },
};

export const SKLEARN_RULES: readonly RepairRule[] = [sklearnMovedModules, sklearnImputer, sklearnRenamedOptions, sklearnBaseEstimator];
