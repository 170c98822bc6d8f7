// Counterfactual rewrites: for each mutation operator, rewrites of a statement that use the construct
// the operator's mutants introduce (the flipped comparison, the swapped aggregation, the bumped
// literal, the swapped operands) but compute the same value. Run and checked against gold by the label
// stage, they become right-labelled steps, so a construct appears on both sides of the labels and
// only the value decides. `exact` rewrites are equivalent by construction (`a > b` -> `b < a`);
// the others (`.mean()` -> `.median()`) equal gold only on some data, and execution decides. Pure.
import type { SyntaxNode } from '../python/parser.js';
import type { Program, Statement } from '../python/program.js';
import { backwardSlice } from '../python/program.js';
import { COMPARISON_FLIP, offByOnePlaces, AGG_SWAP } from './operators.js';
import { methodOf, named, replaceString, stringContent, walk } from './syntax.js';
import type { Mutation } from './types.js';

export interface Counterfactual extends Mutation {
  /** equivalent by construction (true) or only where the data make it so (false) */
  exact: boolean;
}

type Candidate = Omit<Counterfactual, 'cellIndex' | 'statementId' | 'line'>;

const ORDER_FLIPS = new Set(['<', '>', '<=', '>=']);

/** `a > b` -> `b < a`: the flipped operator, the same mask. */
function comparisons(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'comparison_operator') return;
    const ops = n.children.filter((c): c is SyntaxNode => c !== null && !c.isNamed && c.type in COMPARISON_FLIP);
    const operands = named(n);
    if (ops.length !== 1 || operands.length !== 2) return;
    const op = ops[0] as SyntaxNode;
    if (!ORDER_FLIPS.has(op.type)) return;
    const [left, right] = operands as [SyntaxNode, SyntaxNode];
    const after = `${right.text} ${COMPARISON_FLIP[op.type]} ${left.text}`;
    out.push({ kind: 'flipped_comparison', start: n.startIndex, end: n.endIndex, before: n.text, after, exact: true, description: `${n.text.slice(0, 40)} written as ${after.slice(0, 40)}` });
  });
  return out;
}

/** Aggregations written with the swapped method: compensated where an identity exists. */
function compensated(object: string, name: string, args: string): { after: string; exact: boolean } | undefined {
  const swapped = AGG_SWAP[name];
  if (!swapped) return undefined;
  const a = args.trim();
  switch (name) {
    case 'sum':
      return a ? undefined : { after: `(${object}.mean() * ${object}.count())`, exact: false };
    case 'max':
    case 'min':
      return { after: `(-(-${object}).${swapped}(${a}))`, exact: false };
    case 'idxmax':
    case 'idxmin':
      return { after: `(-${object}).${swapped}(${a})`, exact: false };
    case 'std':
      return { after: `(${object}.var(${a}) ** 0.5)`, exact: false };
    case 'var':
      return { after: `(${object}.std(${a}) ** 2)`, exact: false };
    case 'nunique':
      return a ? undefined : { after: `${object}.drop_duplicates().count()`, exact: false };
    default:
      return undefined;
  }
}

function aggregations(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'call') return;
    const m = methodOf(n);
    if (!m || !m.object) return;
    const args = n.childForFieldName('arguments');
    if (m.name in AGG_SWAP && args) {
      const rewrite = compensated(m.object.text, m.name, args.text.slice(1, -1));
      if (rewrite) out.push({ kind: 'wrong_aggregation', start: n.startIndex, end: n.endIndex, before: n.text, after: rewrite.after, exact: rewrite.exact, description: `.${m.name}() written with .${AGG_SWAP[m.name]}()` });
      // mean <-> median, count -> nunique, first <-> last, prod have no identity: the swapped method
      // itself (the mutant's very text), kept only where it gives the gold value
      else out.push({ kind: 'wrong_aggregation', start: m.node.startIndex, end: m.node.endIndex, before: m.name, after: AGG_SWAP[m.name] as string, exact: false, description: `.${m.name}() as .${AGG_SWAP[m.name]}() where equal` });
    }
    if (['agg', 'aggregate', 'transform', 'pivot_table', 'resample'].includes(m.name) && args) {
      for (const a of named(args)) {
        const value = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
        const text = value ? stringContent(value) : undefined;
        if (value && text && text in AGG_SWAP) {
          out.push({ kind: 'wrong_aggregation', start: value.startIndex, end: value.endIndex, before: value.text, after: replaceString(value, AGG_SWAP[text] as string), exact: false, description: `aggregation '${text}' as '${AGG_SWAP[text]}' where equal` });
        }
      }
    }
  });
  return out;
}

/** `head(3)` -> `head(4 - 1)`: the bumped literal, the same number. */
function literals(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  offByOnePlaces(root, (lit, value, where) => {
    out.push({ kind: 'off_by_one', start: lit.startIndex, end: lit.endIndex, before: lit.text, after: `${value + 1} - 1`, exact: true, description: `${where} ${value} written as ${value + 1} - 1` });
  });
  return out;
}

/** `a / b` -> `1 / ((b) / (a))`, `a - b` -> `-((b) - (a))`: the swapped operands, the same value. */
function operands(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  walk(root, (n) => {
    if (n.type !== 'binary_operator') return;
    const op = n.children.find((c) => c !== null && !c.isNamed);
    if (op?.type !== '/' && op?.type !== '-') return;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right || left.text === right.text) return;
    const swapped = `(${right.text}) ${op.type} (${left.text})`;
    const after = op.type === '/' ? `(1 / (${swapped}))` : `(-(${swapped}))`;
    out.push({ kind: 'swapped_operands', start: n.startIndex, end: n.endIndex, before: n.text, after, exact: op.type === '-', description: `operands of ${op.type} swapped and compensated` });
  });
  return out;
}

const REWRITERS: ((root: SyntaxNode) => Candidate[])[] = [comparisons, aggregations, literals, operands];

/** Every counterfactual rewrite of one statement (offsets relative to its cell, as mutations). */
export function counterfactualsIn(statement: Statement): Counterfactual[] {
  const out: Counterfactual[] = [];
  for (const rewrite of REWRITERS) {
    for (const c of rewrite(statement.node)) {
      const line = statement.startRow + 1 + statement.node.text.slice(0, c.start - statement.startIndex).split('\n').length - 1;
      out.push({ ...c, cellIndex: statement.cellIndex, statementId: statement.id, line });
    }
  }
  return out;
}

const NOT_REWRITTEN = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition']);

/** Counterfactual rewrites on the statements that lead to the final output, as mutationCandidates. */
export function counterfactualCandidates(program: Program, finalStatementId: number, includeFinal = false): Counterfactual[] {
  const slice = backwardSlice(program, [finalStatementId]).filter((s) => (includeFinal || s.id !== finalStatementId) && !NOT_REWRITTEN.has(s.type));
  return slice.flatMap((s) => counterfactualsIn(s));
}

/**
 * Up to `count` rewrites: first the kinds of the mutants this episode got (so their constructs appear
 * right too), exact rewrites before data-dependent ones, one place per kind before a second; a
 * rewrite whose text equals a mutant's is never picked (it would be that mutant again).
 */
export function pickCounterfactuals(candidates: readonly Counterfactual[], mutants: readonly Mutation[], count: number, random: () => number): Counterfactual[] {
  const same = (c: Counterfactual, m: Mutation) => c.cellIndex === m.cellIndex && c.start === m.start && c.end === m.end && c.after === m.after;
  const pool = candidates.filter((c) => !mutants.some((m) => same(c, m)));
  const wanted = new Set(mutants.map((m) => m.kind));
  const rank = (c: Counterfactual) => (wanted.has(c.kind) ? 0 : 2) + (c.exact ? 0 : 1);
  const keyed = pool.map((c) => ({ c, r: rank(c), u: random() })).sort((a, b) => a.r - b.r || a.u - b.u);
  const out: Counterfactual[] = [];
  const kinds = new Set<string>();
  for (const { c } of keyed) {
    if (out.length >= count) break;
    if (kinds.has(c.kind)) continue;
    kinds.add(c.kind);
    out.push(c);
  }
  for (const { c } of keyed) {
    if (out.length >= count) break;
    if (!out.includes(c)) out.push(c);
  }
  return out;
}
