// Sibling questions for changes to what a question states as a setting rather than names as a
// column or an aggregation: a model's keyword argument ("max_depth=4"), a rank ("the fifth
// highest"), the order of an arithmetic's operands ("max minus min"), a fill value ("with its
// median"). siblings.ts says why siblings
// exist; the rules are the same: the changed text occurs once in the program, the words it maps to
// once in the question, else the rewrite is refused with the reason. Pure.
import { count, escape, numberRe, ORDINAL_RE, ORDINALS, type SiblingQuestion } from './question-text.js';
import type { Mutation } from './types.js';

/** `max_depth=4` asked, `max_depth=2` written: the question's `max_depth=4` becomes `max_depth=2`. */
export function wrongHyperparameter(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  const uses = [...code.matchAll(new RegExp(`\\b(\\w+)\\s*=\\s*${escape(m.before)}(?![\\w.])`, 'g'))];
  const [use] = uses;
  if (uses.length !== 1 || !use) return { reason: 'the changed setting is not a keyword argument used once in the program' };
  const key = use[1] as string;
  const said = new RegExp(`\\b${escape(key)}\\s*=\\s*${escape(m.before)}(?![\\w.])`, 'g');
  if (count(question, said) !== 1) return { reason: 'the question does not state the setting exactly once' };
  return { question: question.replace(said, `${key}=${m.after}`), from: `${key}=${m.before}`, to: `${key}=${m.after}` };
}

/**
 * A zero-based position in code for an ordinal the question says: "the fifth highest" is `[4]`, and
 * a mutant's `[5]` answers "the sixth highest". Only when the question says one ordinal, it is the
 * code's number plus one, and the number occurs once in the program.
 */
export function ordinalRank(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  const before = Number(m.before);
  const after = Number(m.after);
  if (!Number.isInteger(before) || !Number.isInteger(after)) return { reason: 'not a whole number' };
  if (count(code, numberRe(m.before)) !== 1) return { reason: 'the changed text does not occur exactly once in the program' };
  const said = [...question.matchAll(ORDINAL_RE)];
  const [word] = said;
  if (said.length !== 1 || !word) return { reason: 'the question does not say exactly one ordinal' };
  const rank = ORDINALS.indexOf(word[0].toLowerCase());
  const to = ORDINALS[after];
  if (rank !== before || !to) return { reason: 'the ordinal is not the changed position' };
  const cased = word[0][0] !== word[0][0]?.toLowerCase() ? (to[0]?.toUpperCase() ?? '') + to.slice(1) : to;
  return { question: question.slice(0, word.index) + cased + question.slice((word.index as number) + word[0].length), from: word[0].toLowerCase(), to };
}

/** An operand as a question words it: a name in backticks or a bare word. */
const OPERAND = '(`[^`\\n]+`|[A-Za-z_][\\w]*)';
const OPERATOR_WORDS: Record<string, string> = { '-': '(minus)', '/': '(/|divided by|over)' };

/** The last top-level `-` or `/` of an expression: where `left op right` splits. */
function split(expression: string): { left: string; op: string; right: string } | undefined {
  let depth = 0;
  let at = -1;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i] as string;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && (c === '-' || c === '/') && expression[i + 1] !== '/' && expression[i - 1] !== '/' && /\S/.test(expression.slice(0, i))) at = i;
  }
  if (at < 0) return undefined;
  return { left: expression.slice(0, at), op: expression[at] as string, right: expression.slice(at + 1) };
}

const mentions = (code: string, word: string) => {
  const bare = word.replace(/`/g, '');
  return new RegExp(`(?<![\\w])${escape(bare)}(?![\\w])`).test(code);
};

/**
 * "max minus min" asked, `a.max() - a.min()` written: the mutant's `a.min() - a.max()` answers "min
 * minus max". The question must word the operation once, and its two operands must name what the
 * program's left and right operands compute. Else operands that differ in one stated literal
 * (statedLiterals).
 */
export function swappedOperands(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  if (code.split(m.before).length !== 2) return { reason: 'the changed expression does not occur exactly once in the program' };
  const parts = split(m.before);
  if (!parts) return { reason: 'not a subtraction or a division' };
  const worded = wordedOperands(question, parts);
  return 'question' in worded ? worded : statedLiterals(question, parts, worded);
}

function wordedOperands(question: string, parts: { left: string; op: string; right: string }): SiblingQuestion {
  const words = OPERATOR_WORDS[parts.op] as string;
  const said = [...question.matchAll(new RegExp(`(?<![\\w\`|])${OPERAND} ${words} ${OPERAND}(?![\\w\`|])`, 'gi'))];
  const [phrase] = said;
  if (said.length !== 1 || !phrase) return { reason: 'the question does not word the operation exactly once' };
  const a = phrase[1] as string;
  const b = phrase[3] as string;
  if (a === b || !mentions(parts.left, a) || mentions(parts.left, b) || !mentions(parts.right, b) || mentions(parts.right, a)) {
    return { reason: 'the question\'s operands are not the program\'s' };
  }
  const to = `${b} ${phrase[2]} ${a}`;
  return { question: question.slice(0, phrase.index) + to + question.slice((phrase.index as number) + phrase[0].length), from: phrase[0], to };
}

const PIECE = /'[^'\n]*'|"[^"\n]*"|\d+(?:\.\d+)?|\w+|\S/g;

/**
 * "Divide the mean for `quality` = 3 by the mean for `quality` = 7" asked, `m.loc[3] / m.loc[7]`
 * written: the operands differ in one literal each, a number or a column name, and the question
 * states each once; the mutant's `m.loc[7] / m.loc[3]` answers the question with the two swapped.
 */
function statedLiterals(question: string, parts: { left: string; right: string }, worded: { reason: string }): SiblingQuestion {
  const left = parts.left.match(PIECE) ?? [];
  const right = parts.right.match(PIECE) ?? [];
  const differ = left.map((t, i) => i).filter((i) => left[i] !== right[i]);
  const [at] = differ;
  if (left.length !== right.length || differ.length !== 1 || at === undefined) return worded;
  const stated = (literal: string): RegExp | undefined =>
    /^\d/.test(literal) ? numberRe(literal) : /^['"]/.test(literal) ? new RegExp(`\`${escape(literal.slice(1, -1))}\``, 'g') : undefined;
  const [a, b] = [left[at] as string, right[at] as string];
  const [ra, rb] = [stated(a), stated(b)];
  if (!ra || !rb) return worded;
  if (count(question, ra) !== 1 || count(question, rb) !== 1) return { reason: 'the question does not state each operand\'s literal exactly once' };
  const ia = question.search(ra);
  const ib = question.search(rb);
  if (ia > ib) return { reason: 'the question states the operands in the other order' };
  const ta = (question.match(ra) as RegExpMatchArray)[0];
  const tb = (question.match(rb) as RegExpMatchArray)[0];
  const swapped = question.slice(0, ia) + tb + question.slice(ia + ta.length, ib) + ta + question.slice(ib + tb.length);
  return { question: swapped, from: `${ta} ... ${tb}`, to: `${tb} ... ${ta}` };
}

/** How a question states a fill value computed from the data: "with its median", "by their means". */
const FILL_PHRASE = /\b(with|by) (its|their) (median|mean)s?\b/gi;

/**
 * "Fill the missing `Age` with its median" asked, `fillna(filler)` written: the mutant's `fillna(0)`
 * answers "... with zero". Only for one fill value replaced by 0 (a dict of per-column values is a
 * fill of other columns too), stated once in the question.
 */
export function wrongFillValue(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  if (m.after !== '0') return { reason: 'the fill value is not replaced by zero' };
  if (m.before.trim().startsWith('{')) return { reason: 'a per-column fill value: the mutant fills every column' };
  if (code.split(m.before).length < 2) return { reason: 'the fill value does not occur in the program' };
  const said = [...question.matchAll(FILL_PHRASE)];
  const [phrase] = said;
  if (said.length !== 1 || !phrase) return { reason: 'the question does not state one fill value computed from the data' };
  const to = `${phrase[1]} zero`;
  return { question: question.slice(0, phrase.index) + to + question.slice((phrase.index as number) + phrase[0].length), from: phrase[0], to };
}
