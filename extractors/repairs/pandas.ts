// pandas APIs that were removed, rewritten only where the installed pandas lacks them (from the
// introspected facts): `.ix[]`, `.as_matrix()`, `.get_value()`, `pd.rolling_*()`,
// `pd.scatter_matrix`, `DataFrame.sort()`, `DataFrame.append()`. A method call is only taken for a
// DataFrame's when the call itself says so (a list has no `.as_matrix()`; `.append(x,
// ignore_index=True)` or a used result is pandas', `lst.append(x)` is not). Pure.
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { callArgs, inPackage, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

function pandasAlias(ctx: RuleContext): string | null {
  for (const [alias, target] of ctx.imports) if (target === 'pandas') return alias;
  return null;
}

function usesPandas(ctx: RuleContext): boolean {
  return [...ctx.imports.values()].some((v) => inPackage(v, 'pandas'));
}

/** The installed pandas lacks this DataFrame/Series attribute (asked only when the code uses it). */
function removed(ctx: RuleContext, attr: string): boolean {
  return ctx.facts.exists(`pandas.DataFrame.${attr}`) === false;
}

function attributeCall(n: SyntaxNode): { object: SyntaxNode; attr: SyntaxNode } | null {
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'attribute') return null;
  const object = fn.childForFieldName('object');
  const attr = fn.childForFieldName('attribute');
  return object && attr ? { object, attr } : null;
}

/** `df.ix[...]` -> `df.loc[...]` (label-based, which is what .ix did for the usual integer index). */
export const pandasIx: RepairRule = {
  name: 'pandas-ix',
  family: 'pandas',
  description: '.ix[] (removed in pandas 1.0) becomes .loc[]',
  apply(ctx) {
    if (!usesPandas(ctx)) return [];
    const nodes: SyntaxNode[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'subscript') {
        const v = n.childForFieldName('value');
        const attr = v?.type === 'attribute' ? v.childForFieldName('attribute') : null;
        if (attr?.text === 'ix') nodes.push(attr);
      }
    });
    if (nodes.length === 0 || !removed(ctx, 'ix')) return [];
    return nodes.map((a) => ({ start: a.startIndex, end: a.endIndex, text: 'loc', detail: '.ix[] -> .loc[]' }));
  },
};

/** `x.as_matrix()` -> `x.values`, `x.as_matrix(cols)` -> `x[cols].values`; `x.get_value(i, c)` -> `x.at[i, c]`. */
export const pandasRemovedMethods: RepairRule = {
  name: 'pandas-removed-methods',
  family: 'pandas',
  description: '.as_matrix() becomes .values and .get_value(i, c) becomes .at[i, c] (both removed in pandas 1.0)',
  apply(ctx) {
    if (!usesPandas(ctx)) return [];
    const found: { n: SyntaxNode; object: SyntaxNode; method: string }[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const m = attributeCall(n);
      if (m && (m.attr.text === 'as_matrix' || m.attr.text === 'get_value')) found.push({ n, object: m.object, method: m.attr.text });
    });
    const edits: RuleEdit[] = [];
    for (const { n, object, method } of found) {
      if (!removed(ctx, method)) continue;
      const args = callArgs(n);
      if (args.splat) continue;
      if (method === 'as_matrix') {
        const cols = args.positional[0] ?? args.keywords.find((k) => k.name === 'columns')?.value;
        edits.push({ start: n.startIndex, end: n.endIndex, text: cols ? `${object.text}[${cols.text}].values` : `${object.text}.values`, detail: '.as_matrix() -> .values' });
      } else if (args.positional.length === 2 && args.keywords.length === 0) {
        edits.push({ start: n.startIndex, end: n.endIndex, text: `${object.text}.at[${args.positional.map((a) => a.text).join(', ')}]`, detail: '.get_value(i, c) -> .at[i, c]' });
      }
    }
    return edits;
  },
};

const ROLLING: Record<string, string> = { rolling_mean: 'mean', rolling_std: 'std', rolling_sum: 'sum', rolling_median: 'median', rolling_min: 'min', rolling_max: 'max', rolling_var: 'var', rolling_count: 'count' };

/** `pd.rolling_mean(s, 7)` -> `s.rolling(7).mean()`, `pd.ewma(s, span=5)` -> `s.ewm(span=5).mean()`, `pd.scatter_matrix` -> `pd.plotting.scatter_matrix`. */
export const pandasRemovedFunctions: RepairRule = {
  name: 'pandas-removed-functions',
  family: 'pandas',
  description: 'pd.rolling_*(s, n) and pd.ewma(s, ...) become s.rolling(n).*() and s.ewm(...).mean(); pd.scatter_matrix becomes pd.plotting.scatter_matrix',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'call') {
        const name = resolveName(n.childForFieldName('function'), ctx.imports);
        if (!name || !name.startsWith('pandas.')) return;
        const fn = name.slice('pandas.'.length);
        const args = callArgs(n);
        const series = args.positional[0];
        if (!series || args.splat || (!(fn in ROLLING) && fn !== 'ewma')) return;
        if (ctx.facts.exists(name) !== false) return;
        if (fn === 'ewma') {
          const rest = [...args.positional.slice(1).map((a, i) => (i === 0 ? `com=${a.text}` : a.text)), ...args.keywords.map((k) => k.node.text)];
          if (args.positional.length > 2) return;
          edits.push({ start: n.startIndex, end: n.endIndex, text: `${series.text}.ewm(${rest.join(', ')}).mean()`, detail: 'pd.ewma(s, ...) -> s.ewm(...).mean()' });
        } else {
          const window = args.positional[1] ?? args.keywords.find((k) => k.name === 'window')?.value;
          if (!window || args.positional.length > 2) return;
          const rest = args.keywords.filter((k) => k.name !== 'window').map((k) => k.node.text);
          edits.push({ start: n.startIndex, end: n.endIndex, text: `${series.text}.rolling(${[window.text, ...rest].join(', ')}).${ROLLING[fn]}()`, detail: `pd.${fn}(s, n) -> s.rolling(n).${ROLLING[fn]}()` });
        }
        return false;
      }
      if (n.type === 'attribute' && resolveName(n, ctx.imports) === 'pandas.scatter_matrix') {
        if (ctx.facts.exists('pandas.scatter_matrix') === false) {
          const obj = n.childForFieldName('object') as SyntaxNode;
          edits.push({ start: n.startIndex, end: n.endIndex, text: `${obj.text}.plotting.scatter_matrix`, detail: 'pd.scatter_matrix -> pd.plotting.scatter_matrix' });
        }
        return false;
      }
      return undefined;
    });
    return edits;
  },
};

/** `df.sort('col')` / `df.sort(columns=...)` -> `df.sort_values(...)` (a list's sort takes neither). */
export const pandasSort: RepairRule = {
  name: 'pandas-sort',
  family: 'pandas',
  description: "DataFrame.sort(columns) (removed in pandas 0.20) becomes sort_values(by)",
  apply(ctx) {
    if (!usesPandas(ctx)) return [];
    const found: { attr: SyntaxNode; columnsKw: SyntaxNode | null }[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const m = attributeCall(n);
      if (m?.attr.text !== 'sort') return;
      const args = callArgs(n);
      const columns = args.keywords.find((k) => k.name === 'columns');
      if (args.positional.length === 0 && !columns) return; // list.sort() / list.sort(key=...)
      found.push({ attr: m.attr, columnsKw: columns ? (columns.node.childForFieldName('name') as SyntaxNode) : null });
    });
    if (found.length === 0 || !removed(ctx, 'sort')) return [];
    const edits: RuleEdit[] = [];
    for (const f of found) {
      edits.push({ start: f.attr.startIndex, end: f.attr.endIndex, text: 'sort_values', detail: '.sort() -> .sort_values()' });
      if (f.columnsKw) edits.push({ start: f.columnsKw.startIndex, end: f.columnsKw.endIndex, text: 'by', detail: 'columns= -> by=' });
    }
    return edits;
  },
};

const PANDAS_APPEND_KWARGS = new Set(['ignore_index', 'sort', 'verify_integrity']);

/** `df = df.append(other, ignore_index=True)` -> `df = pd.concat([df, other], ignore_index=True)` (removed in pandas 2.0). */
export const pandasAppend: RepairRule = {
  name: 'pandas-append',
  family: 'pandas',
  description: 'DataFrame.append / Series.append (removed in pandas 2.0) become pd.concat; a dict appended becomes a one-row DataFrame',
  apply(ctx) {
    const pd = pandasAlias(ctx);
    if (!pd) return [];
    const found: SyntaxNode[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const m = attributeCall(n);
      if (m?.attr.text !== 'append') return;
      const args = callArgs(n);
      if (args.splat || args.positional.length !== 1) return;
      // pandas' append takes keywords a list's does not, and returns a value (list.append returns None)
      const pandasKw = args.keywords.length > 0 && args.keywords.every((k) => PANDAS_APPEND_KWARGS.has(k.name));
      const valueUsed = n.parent?.type !== 'expression_statement';
      if ((args.keywords.length === 0 && valueUsed) || pandasKw) found.push(n);
    });
    if (found.length === 0 || !removed(ctx, 'append')) return [];
    return found.map((n) => {
      const m = attributeCall(n) as { object: SyntaxNode };
      const args = callArgs(n);
      const other = args.positional[0] as SyntaxNode;
      const otherText = other.type === 'dictionary' ? `${pd}.DataFrame([${other.text}])` : other.type === 'list' ? other.text.slice(1, -1) : other.text;
      const kws = args.keywords.map((k) => k.node.text);
      return { start: n.startIndex, end: n.endIndex, text: `${pd}.concat([${m.object.text}, ${otherText}]${kws.length ? `, ${kws.join(', ')}` : ''})`, detail: '.append(x) -> pd.concat([df, x])' };
    });
  },
};

export const PANDAS_RULES: readonly RepairRule[] = [pandasIx, pandasRemovedMethods, pandasRemovedFunctions, pandasSort, pandasAppend];
