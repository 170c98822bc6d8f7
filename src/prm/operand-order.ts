// Order features of a (question, step) pair (hashing v7): does a subtraction or a division take its
// operands in the order the question names them, and does a position in the code index the rank the
// question says? "Divide the mean for `quality` = 3 by the mean for `quality` = 7" next to
// `m.loc[7] / m.loc[3]`, "(max minus min)" next to `s.min() - s.max()`, "the fifth highest" next to
// `.iloc[5]`: each is wrong on any dataset and in any template family, and only the question says so.
// Pure; the code is read as tokens, so strings and comments never count as operators.
import { ORDINAL_RE, ORDINALS } from '../../extractors/mutations/question-text.js';

const TOKEN = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[A-Za-z_]\w*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\*\*|\/\/|==|!=|<=|>=|[-+*/%<>=&|~^@()[\]{},:.;\n]/g;

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
/** Tokens that end an operand of `-` (and of `/`): assignment, separators, comparisons, logic. */
const LOWER = new Set(['=', ',', ':', ';', '\n', '==', '!=', '<', '>', '<=', '>=', '&', '|', '^', 'and', 'or', 'not', 'if', 'else', 'for', 'in', 'return', 'lambda', 'is']);
const ADDITIVE = new Set(['+', '-']);
const MULTIPLICATIVE = new Set(['*', '/', '//', '%', '@']);

function tokens(code: string): string[] {
  return (code.match(TOKEN) ?? []).filter((t) => !t.startsWith('#'));
}

/** A binary minus follows an operand: a name, a number, a string or a closing bracket. */
function isBinary(previous: string | undefined): boolean {
  if (previous === undefined) return false;
  return CLOSE.has(previous) || /^[\w'"]/.test(previous) && !LOWER.has(previous);
}

/** The tokens of the operand left (step -1) or right (step +1) of the operator at `at`. */
function operand(list: readonly string[], at: number, step: -1 | 1, op: string): string[] {
  const out: string[] = [];
  let depth = 0;
  const opening = step === -1 ? CLOSE : OPEN;
  const closing = step === -1 ? OPEN : CLOSE;
  for (let i = at + step; i >= 0 && i < list.length; i += step) {
    const t = list[i] as string;
    if (opening.has(t)) depth++;
    else if (closing.has(t)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      if (LOWER.has(t)) break;
      // `a - b - c` is `(a - b) - c`: a left operand takes in operators of the same level, a right one stops there
      if (ADDITIVE.has(t) && isBinary(list[i - 1]) && (step === 1 || MULTIPLICATIVE.has(op))) break;
      if (MULTIPLICATIVE.has(t) && step === 1 && MULTIPLICATIVE.has(op)) break;
    }
    out.push(t);
  }
  return step === -1 ? out.reverse() : out;
}

interface Mention {
  key: string;
  /** the mention's place among the question's names, numbers and words */
  at: number;
  start: number;
  end: number;
}

/** Everything the question names, in order: backticked columns, numbers, words. */
function mentions(question: string): Mention[] {
  return [...question.matchAll(/`([^`\n]+)`|(\d+(?:\.\d+)?)|([A-Za-z_]\w*)/g)].map((m, at) => ({
    key: m[1] !== undefined ? `col:${m[1]}` : m[2] !== undefined ? `num:${Number(m[2])}` : `word:${(m[3] as string).toLowerCase()}`,
    at,
    start: m.index as number,
    end: (m.index as number) + m[0].length,
  }));
}

/**
 * Text between two mentions that words the operator: a sign or a word for it ("minus", "divided
 * by", "over", "to"), and no comma, semicolon or square bracket, which part items of a list.
 */
const LINKS: Record<string, RegExp> = { '-': /-|\b(?:minus|from|than)\b/i, '/': /\/|\b(?:divided|by|over|per|to)\b/i };

/**
 * The order in which the question names a left and a right operand, from the closest pairs of their
 * mentions that the operator's words link (a formula the question spells out). Pairs that disagree,
 * or none, give no order.
 */
function questionOrder(question: string, said: readonly Mention[], op: string, left: ReadonlySet<string>, right: ReadonlySet<string>): 'same' | 'swapped' | undefined {
  const link = LINKS[op] as RegExp;
  const ls = said.filter((m) => left.has(m.key) && !right.has(m.key));
  const rs = said.filter((m) => right.has(m.key) && !left.has(m.key));
  let best = Infinity;
  let pairs: [Mention, Mention][] = [];
  for (const l of ls) {
    for (const r of rs) {
      const between = question.slice(Math.min(l.end, r.end), Math.max(l.start, r.start));
      if (!link.test(between) || /[,;[\]]/.test(between)) continue;
      const d = Math.abs(l.at - r.at);
      if (d < best) [best, pairs] = [d, [[l, r]]];
      else if (d === best) pairs.push([l, r]);
    }
  }
  const orders = new Set<'same' | 'swapped'>(pairs.map(([l, r]) => (l.at < r.at ? 'same' : 'swapped')));
  return orders.size === 1 ? [...orders][0] : undefined;
}

/** What an operand names that a question could name too: string literals, numbers, identifiers. */
function anchors(operandTokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of operandTokens) {
    if (t.startsWith('"') || t.startsWith("'")) out.add(`col:${t.slice(1, -1)}`);
    else if (/^\d/.test(t)) out.add(`num:${Number(t)}`);
    else if (/^[A-Za-z_]/.test(t)) out.add(`word:${t.toLowerCase()}`);
  }
  return out;
}

/**
 * `em:order-same` / `em:order-swapped` for each subtraction and division whose two operands each
 * name something the question names (what both name is left out): same when the question names the
 * left operand first (questionOrder). Operands the question does not name give no token.
 */
export function operandOrderTokens(question: string, code: string): string[] {
  const said = mentions(question);
  const list = tokens(code);
  const out: string[] = [];
  list.forEach((t, at) => {
    if ((t !== '-' && t !== '/') || !isBinary(list[at - 1])) return;
    const order = questionOrder(question, said, t, anchors(operand(list, at, -1, t)), anchors(operand(list, at, 1, t)));
    if (order) out.push(`em:order-${order}`);
  });
  return out;
}

/**
 * `em:rank-index-same` for a subscript `[k]` that is the zero-based position of the one ordinal the
 * question says ("the fifth highest" and `[4]`), `em:rank-index-next` for the position after it
 * (`[5]`, the sixth).
 */
export function rankIndexTokens(question: string, code: string): string[] {
  const said = [...question.matchAll(ORDINAL_RE)].map((m) => ORDINALS.indexOf(m[0].toLowerCase()) + 1);
  if (new Set(said).size !== 1) return [];
  const rank = said[0] as number;
  const out: string[] = [];
  for (const m of code.matchAll(/\[\s*(\d+)\s*\]/g)) {
    const k = Number(m[1]);
    if (k === rank - 1) out.push('em:rank-index-same');
    else if (k === rank) out.push('em:rank-index-next');
  }
  return out;
}
