// Arguments that became keyword-only (scikit-learn 1.x, seaborn 0.12+, ...): a call that passes
// more positional arguments than the installed callable accepts gets the extra ones named, from
// the installed signature (introspected, never a hard-coded version):
//   - the general case, scikit-learn's own deprecation path: the positional parameters keep
//     their arguments, the extra ones go to the keyword-only parameters in declared order
//     (`RFE(est, 8)` -> `RFE(est, n_features_to_select=8)`);
//   - seaborn's 0.12 layout, `f(data=None, *, x=None, y=None, hue=None, ...)`, replaced the
//     older `f(x, y, hue, data, ...)`: positional arguments were x, y, hue
//     (`sns.boxplot(a, b)` -> `sns.boxplot(x=a, y=b)`); one positional argument is the old x
//     where it is a column (`sns.countplot(df['Sex'])`) or sits beside data=.
// Calls whose meaning is not certain (splats, more than x/y/hue for seaborn, names already
// given) are left alone. Pure.
import { resolveName } from './imports.js';
import type { SyntaxNode } from '../python/parser.js';
import { callArgs, inPackage, named, walk } from './tree.js';
import type { ParamInfo, RepairRule, RuleEdit } from './types.js';

/** Only library callables: the notebook's own functions are never introspected. */
const LIBRARIES = ['sklearn', 'seaborn', 'pandas', 'numpy', 'scipy', 'matplotlib', 'xgboost', 'statsmodels', 'imblearn', 'plotly'];

function positionalCapacity(params: readonly ParamInfo[]): number {
  if (params.some((p) => p.kind === 'VAR_POSITIONAL')) return Infinity;
  return params.filter((p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD').length;
}

/** seaborn 0.12's layout: `data` is the only positional parameter, then x, y, hue as keywords. */
function seabornDataFirst(params: readonly ParamInfo[]): boolean {
  const positional = params.filter((p) => p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD');
  const kwonly = params.filter((p) => p.kind === 'KEYWORD_ONLY').map((p) => p.name);
  return positional.length === 1 && positional[0]?.name === 'data' && kwonly[0] === 'x' && kwonly[1] === 'y';
}

/** Names for the positional arguments of a call, or null when the call is left alone. */
export function namesForPositional(library: string, params: readonly ParamInfo[], count: number): (string | null)[] | null {
  const capacity = positionalCapacity(params);
  if (count <= capacity) return null;
  if (library === 'seaborn' && seabornDataFirst(params)) {
    const legacy = ['x', 'y', 'hue'];
    if (count > legacy.length) return null;
    return legacy.slice(0, count);
  }
  const kwonly = params.filter((p) => p.kind === 'KEYWORD_ONLY').map((p) => p.name);
  const extra = count - capacity;
  if (extra > kwonly.length) return null;
  return [...new Array<null>(capacity).fill(null), ...kwonly.slice(0, extra)];
}

/**
 * One positional argument to a seaborn function of the data-first layout, written for the old one:
 * a column (`df['x']`, `df.x`) is a Series where 0.12 expects a table (`sns.countplot(df['Sex'])`
 * fails there, or plots something else), and a positional beside `data=` can only be x. A bare name
 * may be a DataFrame (the new layout's `data`): left alone; so is `dfs[0]`.
 */
function seabornLegacySingle(arg: SyntaxNode, keywords: readonly string[]): boolean {
  if (keywords.includes('x') || keywords.includes('y')) return false;
  if (keywords.includes('data')) return true;
  const key = arg.type === 'subscript' ? arg.childForFieldName('subscript') : null;
  const column = (key?.type === 'string' && !named(key).some((c) => c.type === 'interpolation')) || key?.type === 'identifier';
  return (column && arg.childForFieldName('value')?.type === 'identifier') || (arg.type === 'attribute' && arg.childForFieldName('object')?.type === 'identifier');
}

export const keywordArgs: RepairRule = {
  name: 'keyword-only-args',
  family: 'keyword-args',
  description: "positional arguments the installed library only takes as keywords are named, from the installed signature (scikit-learn's keyword-only estimator parameters, seaborn 0.12's x/y/hue)",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const args = callArgs(n);
      if (args.splat || args.positional.length === 0) return;
      const name = resolveName(n.childForFieldName('function'), ctx.imports);
      const library = LIBRARIES.find((l) => inPackage(name, l));
      if (!name || !library) return;
      // one positional argument is accepted by nearly everything: only seaborn's old x is introspected
      const single = args.positional.length === 1;
      if (single && !(library === 'seaborn' && seabornLegacySingle(args.positional[0] as SyntaxNode, args.keywords.map((k) => k.name)))) return;
      const params = ctx.facts.get(name)?.params;
      if (!params) return;
      const names = single ? (seabornDataFirst(params) ? ['x'] : null) : namesForPositional(library, params, args.positional.length);
      if (!names) return;
      const given = new Set(args.keywords.map((k) => k.name));
      if (names.some((x) => x !== null && given.has(x))) return;
      const short = name.split('.').pop() as string;
      args.positional.forEach((arg, i) => {
        const param = names[i];
        if (param) edits.push({ start: arg.startIndex, end: arg.startIndex, text: `${param}=`, detail: `${short}(): positional argument ${i + 1} -> ${param}=` });
      });
    });
    return edits;
  },
};
