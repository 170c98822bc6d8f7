// Mutation operators: each finds the places in a statement where one plausible mistake can be made
// (wrong column, wrong aggregation, flipped comparison, off-by-one, dropped filter or dropna, wrong
// join key, fitting on test data, wrong fill value, swapped operands). Pure; tree-sitter based.
import type { SyntaxNode } from '../python/parser.js';
import type { Statement } from '../python/program.js';
import type { ColumnInfo } from './columns.js';
import { isNamingList } from './made-names.js';
import { redundantAfterFlip } from './range-tests.js';
import { BINARY_PRECEDENCE, comparisonOperator, isLiteral, methodOf, named, precedence, quoteOf, readsColumn, replaceString, stringContent, walk } from './syntax.js';
import type { Mutation, MutationKind } from './types.js';

export interface MutationContext {
  /** columns known for each variable (from the gold run's captured DataFrames) */
  columns: ReadonlyMap<string, readonly string[]>;
  /** every name the program binds anywhere (for fit_on_test) */
  boundNames: ReadonlySet<string>;
  /** kind and identifier-likeness of each variable's columns, where the gold run captured dtypes */
  columnInfo?: ReadonlyMap<string, ReadonlyMap<string, ColumnInfo>>;
  /** column names the program makes up for a computed result (made-names.ts): never mutated */
  madeNames?: ReadonlySet<string>;
}

type Candidate = Omit<Mutation, 'cellIndex' | 'statementId' | 'line'>;

export const COMPARISON_FLIP: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '!=', '!=': '==' };
export const AGG_SWAP: Record<string, string> = {
  mean: 'median', median: 'mean', sum: 'mean', max: 'min', min: 'max', std: 'var', var: 'std',
  count: 'nunique', nunique: 'count', idxmax: 'idxmin', idxmin: 'idxmax', first: 'last', last: 'first', prod: 'sum',
};
export const OFF_BY_ONE_CALLS = new Set(['head', 'tail', 'nlargest', 'nsmallest', 'shift', 'range', 'sample', 'round', 'diff', 'rolling']);

/** A column name that can be written between the string's quotes as it is (as templates/columns.ts quotable). */
function writable(name: string, node: SyntaxNode): boolean {
  return name.length > 0 && name.length <= 60 && !/[\n\r\\]/.test(name) && !name.includes(quoteOf(node).charAt(0));
}

/**
 * `>` <-> `<`, `>=` <-> `<=` anywhere; `==` <-> `!=` only against a literal value (`df["Sex"] ==
 * "male"`). An equality with a value the program computed (`per_group[per_group == best]`, the rows
 * at the extreme it just found) flipped to `!=` selects everything but what the question asks for:
 * no analyst writes it, no question can make it right, and a verifier would only learn `!= best` as
 * a sign of error (the shortcut audit found it its strongest feature).
 */
function flippedComparison(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'comparison_operator') return;
    const op = comparisonOperator(n);
    if (!op) return;
    if ((op.type === '==' || op.type === '!=') && !named(n).some(isLiteral)) return;
    if (redundantAfterFlip(n, COMPARISON_FLIP[op.type] as string)) return;
    out.push({ kind: 'flipped_comparison', start: op.startIndex, end: op.endIndex, before: op.text, after: COMPARISON_FLIP[op.type] as string, description: `comparison ${op.text} flipped to ${COMPARISON_FLIP[op.type]}` });
  });
  return out;
}

function wrongAggregation(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type === 'call') {
      const m = methodOf(n);
      if (m && m.name in AGG_SWAP && m.object !== null) {
        out.push({ kind: 'wrong_aggregation', start: m.node.startIndex, end: m.node.endIndex, before: m.name, after: AGG_SWAP[m.name] as string, description: `.${m.name}() replaced by .${AGG_SWAP[m.name]}()` });
      }
      // .agg('mean'), .transform('sum'), pivot_table(aggfunc='mean')
      const args = n.childForFieldName('arguments');
      if (m && ['agg', 'aggregate', 'transform', 'pivot_table', 'resample'].includes(m.name) && args) {
        for (const a of named(args)) {
          const value = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
          const text = value ? stringContent(value) : undefined;
          if (value && text && text in AGG_SWAP) {
            out.push({ kind: 'wrong_aggregation', start: value.startIndex, end: value.endIndex, before: value.text, after: replaceString(value, AGG_SWAP[text] as string), description: `aggregation '${text}' replaced by '${AGG_SWAP[text]}'` });
          }
        }
      }
    }
  });
  return out;
}

/**
 * The whole-number literals an off-by-one can shift: slice bounds, the count of `head(n)` & co.,
 * an `.iloc[n]` index. `visit` gets each with where it is (the mutation and its counterfactual
 * rewrite the same places).
 */
export function offByOnePlaces(root: SyntaxNode, visit: (lit: SyntaxNode, value: number, where: string) => void): void {
  const bump = (lit: SyntaxNode, where: string) => {
    const value = Number(lit.text);
    if (!Number.isInteger(value) || lit.text.includes('_') || /[xob]/i.test(lit.text)) return;
    visit(lit, value, where);
  };
  walk(root, (n) => {
    if (n.type === 'slice') for (const c of named(n)) if (c.type === 'integer') bump(c, 'slice bound');
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      const first = named(n.childForFieldName('arguments') ?? n)[0];
      if (name && OFF_BY_ONE_CALLS.has(name) && first?.type === 'integer') bump(first, `${name}()`);
    }
    if (n.type === 'subscript' && n.childForFieldName('value')?.text.endsWith('.iloc')) {
      const sub = n.childForFieldName('subscript');
      if (sub?.type === 'integer') bump(sub, 'iloc index');
    }
  });
}

function offByOne(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  offByOnePlaces(root, (lit, value, where) => {
    out.push({ kind: 'off_by_one', start: lit.startIndex, end: lit.endIndex, before: lit.text, after: String(value + 1), description: `${where} ${value} changed to ${value + 1}` });
  });
  return out;
}

const MASK_TYPES = new Set(['comparison_operator', 'boolean_operator', 'not_operator', 'unary_operator', 'binary_operator', 'parenthesized_expression', 'call']);

function isMask(node: SyntaxNode): boolean {
  if (node.type === 'call') {
    const m = methodOf(node);
    return m !== undefined && ['isin', 'notna', 'notnull', 'isna', 'isnull', 'between', 'contains', 'startswith', 'endswith', 'duplicated'].includes(m.name);
  }
  if (node.type === 'binary_operator') return /[&|]/.test(node.children.find((c) => c !== null && !c.isNamed)?.type ?? '');
  if (node.type === 'unary_operator') return node.text.trimStart().startsWith('~');
  if (node.type === 'parenthesized_expression') return named(node).some(isMask);
  return MASK_TYPES.has(node.type);
}

/**
 * `df[mask]` -> `df`, where the mask reads a column by name (`df["Age"] > 30`): a forgotten row
 * filter. A mask over values the program computed (`per_group[per_group == best]`) is left alone,
 * for the reason flippedComparison gives: what remains is a bare alias no question can make right.
 */
function droppedFilter(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'subscript') return;
    const value = n.childForFieldName('value');
    const key = n.childForFieldName('subscript');
    if (!value || !key || key.type === 'string' || !isMask(key) || !readsColumn(key)) return;
    const inLoc = value.text.endsWith('.loc');
    if (inLoc) return;
    out.push({ kind: 'dropped_filter', start: n.startIndex, end: n.endIndex, before: n.text, after: value.text, description: `filter [${key.text.slice(0, 60)}] dropped` });
  });
  return out;
}

/** An argument list's text without one keyword argument and its comma: `(subset=['a'], inplace=True)` -> `(subset=['a'])`. */
export function withoutKeyword(args: SyntaxNode, name: string): string | undefined {
  const items = named(args).filter((a) => a.type !== 'comment');
  const i = items.findIndex((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
  const item = items[i];
  if (!item) return undefined;
  const at = (node: SyntaxNode, edge: 'start' | 'end') => (edge === 'start' ? node.startIndex : node.endIndex) - args.startIndex;
  const prev = items[i - 1];
  const next = items[i + 1];
  // drop from the end of the previous argument (its comma with it), or up to the start of the next
  if (!prev && !next) return `${args.text.slice(0, at(item, 'start'))}${args.text.slice(at(item, 'end')).replace(/^\s*,\s*/, '')}`;
  const [from, to] = prev ? [at(prev, 'end'), at(item, 'end')] : [at(item, 'start'), at(next as SyntaxNode, 'start')];
  return args.text.slice(0, from) + args.text.slice(to);
}

function droppedDropna(root: SyntaxNode, statement: Statement): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call') return;
    const m = methodOf(n);
    if (!m || !['dropna', 'drop_duplicates'].includes(m.name) || !m.object) return;
    const inplace = named(n.childForFieldName('arguments') ?? n).some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'inplace');
    if (inplace) {
      if (n.startIndex === statement.node.namedChild(0)?.startIndex && n.endIndex === statement.node.namedChild(0)?.endIndex) {
        // the classic slip, not `pass` (no gold step is `pass`): the call without inplace, its result discarded
        const args = n.childForFieldName('arguments');
        const after = args ? withoutKeyword(args, 'inplace') : undefined;
        if (args && after !== undefined) {
          out.push({ kind: 'dropped_dropna', start: args.startIndex, end: args.endIndex, before: args.text, after, description: `${m.name}(inplace=True) written without inplace: the result is discarded` });
        }
      }
      return;
    }
    out.push({ kind: 'dropped_dropna', start: n.startIndex, end: n.endIndex, before: n.text, after: m.object.text, description: `.${m.name}() dropped` });
  });
  return out;
}

/**
 * The columns a mutant may swap in for `column` of `owner`: the owner's other columns that a gold
 * program could have named (no identifier, where the context knows which are), of the same kind
 * (numeric for numeric) where the kind is known, and none when the frame has no other column of
 * that kind: `pairs["r"].max()` read as `pairs["a"].max()` (a correlation as a column name) is a
 * mistake the code's style gives away, not a column an analyst could have confused. One candidate
 * per column: pickMutations picks the place first and then one of its columns from the seed, so no
 * column is favoured by its position.
 */
function replacementColumns(owner: string, column: string, key: SyntaxNode, ctx: MutationContext): string[] {
  const info = ctx.columnInfo?.get(owner);
  const pool = [...new Set(ctx.columns.get(owner) ?? [])].filter((c) => c !== column && writable(c, key) && info?.get(c)?.idLike !== true && !ctx.madeNames?.has(c));
  const kind = info?.get(column)?.kind;
  return kind === undefined ? pool : pool.filter((c) => info?.get(c)?.kind === kind);
}

function wrongColumn(root: SyntaxNode, ctx: MutationContext): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'subscript') return;
    const key = n.childForFieldName('subscript');
    const owner = n.childForFieldName('value');
    const column = key ? stringContent(key) : undefined;
    if (!key || !owner || column === undefined) return;
    if (!(ctx.columns.get(owner.text) ?? []).includes(column) || ctx.madeNames?.has(column)) return;
    for (const other of replacementColumns(owner.text, column, key, ctx)) {
      out.push({ kind: 'wrong_column', start: key.startIndex, end: key.endIndex, before: key.text, after: replaceString(key, other), description: `column '${column}' replaced by '${other}'` });
    }
  });
  return out;
}

function wrongJoinKey(root: SyntaxNode, ctx: MutationContext): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call') return;
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (name !== 'merge' && name !== 'join') return;
    const args = named(n.childForFieldName('arguments') ?? n);
    const on = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'on')?.childForFieldName('value');
    const key = on ? stringContent(on) : undefined;
    if (!on || key === undefined) return;
    const frames = [fn?.type === 'attribute' ? fn.childForFieldName('object') : null, ...args.filter((a) => a.type === 'identifier')].filter((f): f is SyntaxNode => f !== null);
    const sets = frames.map((f) => ctx.columns.get(f.text) ?? []).filter((c) => c.length > 0);
    if (sets.length < 2) return;
    // every shared column is a candidate (picked by the seed, as wrong_column's), not the first one
    const common = [...new Set(sets[0] as readonly string[])].filter((c) => c !== key && writable(c, on) && sets.every((s) => s.includes(c)));
    for (const other of common) {
      out.push({ kind: 'wrong_join_key', start: on.startIndex, end: on.endIndex, before: on.text, after: replaceString(on, other), description: `join key '${key}' replaced by '${other}'` });
    }
  });
  return out;
}

function fitOnTest(root: SyntaxNode, ctx: MutationContext): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call') return;
    const m = methodOf(n);
    if (!m || !['fit', 'fit_transform'].includes(m.name)) return;
    const args = n.childForFieldName('arguments');
    if (!args) return;
    const positional = named(args).filter((a) => a.type === 'identifier');
    if (positional.length === 0 || !positional.every((a) => /train/i.test(a.text))) return;
    for (const replacement of ['test', 'valid', 'val', 'validation']) {
      const renamed = positional.map((a) => a.text.replace(/train/i, replacement));
      if (renamed.every((r) => ctx.boundNames.has(r))) {
        let text = args.text;
        positional.forEach((a, i) => (text = text.replace(new RegExp(`\\b${a.text}\\b`), renamed[i] as string)));
        out.push({ kind: 'fit_on_test', start: args.startIndex, end: args.endIndex, before: args.text, after: text, description: `fitted on ${renamed.join(', ')} instead of ${positional.map((a) => a.text).join(', ')}` });
        return;
      }
    }
  });
  return out;
}

function wrongFillValue(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call' || methodOf(n)?.name !== 'fillna') return;
    const args = named(n.childForFieldName('arguments') ?? n);
    const value = args.find((a) => a.type !== 'keyword_argument') ?? args.find((a) => a.childForFieldName('name')?.text === 'value')?.childForFieldName('value');
    if (!value) return;
    // a zero in any spelling (0, 0.0) becomes -1: `0` there would be no mistake at all
    const after = /^[\d.]+$/.test(value.text.trim()) && Number(value.text) === 0 ? '-1' : '0';
    out.push({ kind: 'wrong_fill_value', start: value.startIndex, end: value.endIndex, before: value.text, after, description: `fill value ${value.text.slice(0, 40)} replaced by ${after}` });
  });
  return out;
}

/**
 * `left op right` written as `right op left`, with the spacing the program used around the
 * operator, and parentheses only where precedence needs them: the old left operand, now on the
 * right of a left-associative operator, when it binds no tighter than the operator (`a + b - c`
 * -> `c - (a + b)`); the old right operand only when it binds looser. A unary minus moved after the
 * operator is parenthesised too (`b - (-a)`, not `b - -a`): valid either way, but people write the
 * first.
 */
export function swapOperandsText(n: SyntaxNode): string | undefined {
  const op = n.children.find((c) => c !== null && !c.isNamed);
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!op || !left || !right) return undefined;
  const level = BINARY_PRECEDENCE[op.type] ?? 15;
  const between = n.text.slice(left.endIndex - n.startIndex, right.startIndex - n.startIndex);
  const newLeft = precedence(right) < level ? `(${right.text})` : right.text;
  const newRight = precedence(left) <= level || left.type === 'unary_operator' ? `(${left.text})` : left.text;
  return `${newLeft}${between}${newRight}`;
}

function swappedOperands(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'binary_operator') return;
    const op = n.children.find((c) => c !== null && !c.isNamed);
    if (op?.type !== '/' && op?.type !== '-') return;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right || left.text === right.text) return;
    const after = swapOperandsText(n);
    if (after === undefined) return;
    out.push({ kind: 'swapped_operands', start: n.startIndex, end: n.endIndex, before: n.text, after, description: `operands of ${op.type} swapped` });
  });
  return out;
}

/**
 * A list of column names loses one entry: `features = ['Pclass', 'Sex', 'Age']`. One candidate per
 * entry (pickMutations picks the list, then the entry, from the seed); the removal takes the
 * entry's comma with it, so no `['a', ]` is left.
 */
function droppedFeature(root: SyntaxNode, ctx: MutationContext): Candidate[] {
  const out: Candidate[] = [];
  const known = new Set([...ctx.columns.values()].flat());
  walk(root, (n) => {
    if (n.type !== 'list' || isNamingList(n)) return;
    const items = named(n);
    const names = items.map(stringContent);
    if (items.length < 2 || names.some((v) => v === undefined || !known.has(v) || ctx.madeNames?.has(v))) return;
    const start = items[0]?.startIndex as number;
    const end = (items.at(-1) as SyntaxNode).endIndex;
    const text = n.text.slice(start - n.startIndex, end - n.startIndex);
    items.forEach((item, i) => {
      // the first entry goes with the gap after it; any other with the comma and gap before it
      const [from, to] = i === 0 ? [item.startIndex, (items[1] as SyntaxNode).startIndex] : [(items[i - 1] as SyntaxNode).endIndex, item.endIndex];
      const after = text.slice(0, from - start) + text.slice(to - start);
      out.push({ kind: 'dropped_feature', start, end, before: text, after, description: `column ${item.text} dropped from the list` });
    });
  });
  return out;
}

/** A decimal integer literal halved (1 becomes 2); undefined for 1_000, 0x10 and the like. */
function halved(text: string): string | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const v = Number(text);
  const half = Math.max(1, Math.floor(v / 2));
  return String(half === v ? v + 1 : half);
}

/**
 * A float literal times ten, written as the program wrote it: `0.3` -> `3.0` (not
 * 3.0000000000000004), `0.05` -> `0.5`, `1e-4` -> `1e-3`: shifting digits, not multiplying floats.
 */
export function timesTen(text: string): string | undefined {
  const m = /^(\d*)(?:\.(\d*))?(?:([eE])([-+]?)(\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const [, whole = '', frac, e, sign = '', digits] = m;
  if (e !== undefined && digits !== undefined) {
    const exponent = Number(`${sign}${digits}`) + 1;
    const mantissa = frac === undefined ? whole : `${whole}.${frac}`;
    if (exponent === 0) return frac === undefined ? `${whole}.0` : mantissa;
    const width = digits.length > 1 && digits.startsWith('0') ? digits.length : 1;
    return `${mantissa}${e}${exponent < 0 ? '-' : sign === '+' ? '+' : ''}${String(Math.abs(exponent)).padStart(width, '0')}`;
  }
  const f = frac ?? '';
  const newWhole = `${whole}${f.charAt(0) || '0'}`.replace(/^0+(?=\d)/, '');
  return `${newWhole}.${f.slice(1) || '0'}`;
}

const MODEL_CALL = /(Classifier|Regressor|Regression|SVC|SVR|KMeans|Forest|Boost|NB|Neighbors|Tree)$/;

/** A numeric setting of a model changes: `n_estimators=100` becomes 50, `max_depth=5` becomes 2. */
function wrongHyperparameter(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call') return;
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (!name || !MODEL_CALL.test(name)) return;
    for (const a of named(n.childForFieldName('arguments') ?? n)) {
      if (a.type !== 'keyword_argument') continue;
      const key = a.childForFieldName('name')?.text ?? '';
      const value = a.childForFieldName('value');
      if (!value || (value.type !== 'integer' && value.type !== 'float') || /seed|random_state|n_jobs|verbose/.test(key)) continue;
      const after = value.type === 'integer' ? halved(value.text) : timesTen(value.text);
      if (after === undefined) continue;
      out.push({ kind: 'wrong_hyperparameter', start: value.startIndex, end: value.endIndex, before: value.text, after, description: `${name}(${key}=${value.text}) changed to ${after}` });
    }
  });
  return out;
}

const OPERATORS: Record<MutationKind, (root: SyntaxNode, statement: Statement, ctx: MutationContext) => Candidate[]> = {
  wrong_column: (r, _s, c) => wrongColumn(r, c),
  wrong_aggregation: (r) => wrongAggregation(r),
  flipped_comparison: (r) => flippedComparison(r),
  off_by_one: (r) => offByOne(r),
  dropped_filter: (r) => droppedFilter(r),
  dropped_dropna: (r, s) => droppedDropna(r, s),
  wrong_join_key: (r, _s, c) => wrongJoinKey(r, c),
  fit_on_test: (r, _s, c) => fitOnTest(r, c),
  wrong_fill_value: (r) => wrongFillValue(r),
  swapped_operands: (r) => swappedOperands(r),
  dropped_feature: (r, _s, c) => droppedFeature(r, c),
  wrong_hyperparameter: (r) => wrongHyperparameter(r),
};

/** Every mutation the operators can make in one statement (offsets are relative to its cell). */
export function mutationsIn(statement: Statement, ctx: MutationContext, kinds: readonly MutationKind[] = Object.keys(OPERATORS) as MutationKind[]): Mutation[] {
  const out: Mutation[] = [];
  for (const kind of kinds) {
    for (const c of OPERATORS[kind](statement.node, statement, ctx)) {
      const line = statement.startRow + 1 + statement.node.text.slice(0, c.start - statement.startIndex).split('\n').length - 1;
      out.push({ ...c, cellIndex: statement.cellIndex, statementId: statement.id, line });
    }
  }
  return out;
}
