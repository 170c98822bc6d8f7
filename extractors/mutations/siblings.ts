// Sibling questions: the question a mutant's program answers correctly. A mutation that changes
// what the question names (a column, an aggregation, a comparison, a count, a listed feature, a
// stated filter; sibling-settings.ts adds stated settings, ranks, operand orders and fill values) turns
// the gold program into the right program for a rewritten question. Stored with the mutant's code
// labelled right under that question, and the gold code labelled wrong under it, every construct a
// mutant introduces is right as often as it is wrong: only the question and the values decide the
// label, never the code's style (the shortcut audit measures this). Pure: text in, text out.
//
// A rewrite is made only where it is unambiguous: the changed text occurs exactly once in the gold
// program and the words it maps to occur exactly once in the question. Anything else is refused
// with the reason, so no sibling is ever built on a guess.
import { ordinalRank, swappedOperands, wrongFillValue, wrongHyperparameter } from './sibling-settings.js';
import { count, escape, NUMBER_WORDS, numberRe, type SiblingQuestion } from './question-text.js';
import type { Mutation } from './types.js';

export type { SiblingQuestion };

/** A Python string literal's content (`"Age"` -> `Age`), else undefined. */
function literalContent(text: string): string | undefined {
  return text.trim().match(/^[rbuRBU]*(['"])(.*)\1$/s)?.[2];
}

/** The quoted column `name` in the question (templates name columns in backticks). */
const columnRe = (name: string) => new RegExp(`\`${escape(name)}\``, 'g');

/** Every spelling of the string literal `name` in code. */
const literalRe = (name: string) => new RegExp(`(['"])${escape(name)}\\1`, 'g');

/** A whole word (or phrase) in the question, case-insensitively. */
const wordRe = (phrase: string) => new RegExp(`(?<![\\w-])${escape(phrase)}(?![\\w-])`, 'gi');

/** A comparison operator as its own token in code (`>` is not part of `>=` or `->`). */
const operatorRe = (op: string) => new RegExp(`(?<![<>=!-])${escape(op)}(?![<>=])`, 'g');

/** A method or string aggregation name as a word in code. */
const nameRe = (name: string) => new RegExp(`(?<![\\w])${escape(name)}(?![\\w])`, 'g');

/** The phrases a question uses for a comparison, and what each becomes when the operator flips. */
const COMPARISON_WORDS: Record<string, [string, string][]> = {
  '>': [['greater than', 'less than'], ['above', 'below'], ['more than', 'less than'], ['exceeds', 'is below'], ['exceed', 'are below']],
  '<': [['less than', 'greater than'], ['below', 'above'], ['fewer than', 'more than']],
  '>=': [['at least', 'at most']],
  '<=': [['at most', 'at least']],
  '==': [['equal to', 'not equal to'], ['falls in', 'does not fall in']],
  '!=': [['not equal to', 'equal to'], ['other than', 'equal to'], ['does not fall in', 'falls in']],
};

/** The words a question uses for an aggregation, and the words of the one it is swapped for. */
const AGGREGATION_WORDS: Record<string, string[]> = {
  mean: ['average', 'mean'],
  median: ['median'],
  max: ['highest', 'largest', 'maximum', 'biggest', 'greatest'],
  min: ['lowest', 'smallest', 'minimum'],
  std: ['standard deviation'],
  var: ['variance'],
  sum: ['total', 'sum'],
};
AGGREGATION_WORDS.idxmax = AGGREGATION_WORDS.max as string[];
AGGREGATION_WORDS.idxmin = AGGREGATION_WORDS.min as string[];
/** The word of an aggregation that replaces a question word of the other (same position in the lists where they pair up). */
const AGGREGATION_PAIRS: Record<string, Record<string, string>> = {
  'max>min': { highest: 'lowest', largest: 'smallest', maximum: 'minimum', biggest: 'smallest', greatest: 'smallest', most: 'least' },
  'min>max': { lowest: 'highest', smallest: 'largest', minimum: 'maximum', least: 'most', fewest: 'most' },
  'mean>median': { average: 'median', mean: 'median' },
  'median>mean': { median: 'mean' },
  'std>var': { 'standard deviation': 'variance' },
  'var>std': { variance: 'standard deviation' },
  'sum>mean': { total: 'average', sum: 'average' },
};

/** Replace the single match of `pattern` in `text` by `to`, keeping a leading capital. */
function replaceOnce(text: string, pattern: RegExp, to: string): string {
  return text.replace(pattern, (m) => (m[0] && m[0] !== m[0].toLowerCase() ? to[0]?.toUpperCase() + to.slice(1) : to));
}

function wrongColumn(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  const from = literalContent(m.before);
  const to = literalContent(m.after);
  if (from === undefined || to === undefined) return { reason: 'the columns are not string literals' };
  if (count(code, literalRe(from)) !== 1) return { reason: 'the changed column is not used exactly once in the program' };
  if (count(question, columnRe(from)) !== 1) return { reason: 'the question does not name the changed column exactly once' };
  if (count(question, columnRe(to)) > 0) return { reason: 'the question already names the new column' };
  return { question: question.replace(columnRe(from), `\`${to}\``), from: `\`${from}\``, to: `\`${to}\`` };
}

function droppedFeature(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  // the mutation rewrites the list's items: the dropped column is the one literal that is gone
  const literals = (text: string) => [...text.matchAll(/(['"])(.*?)\1/g)].map((x) => x[2] as string);
  const kept = literals(m.after);
  const gone = literals(m.before).filter((x) => !kept.includes(x));
  const name = gone.length === 1 ? gone[0] : undefined;
  if (name === undefined) return { reason: 'not a column dropped from a list' };
  if (count(code, literalRe(name)) !== 1) return { reason: 'the dropped column is not used exactly once in the program' };
  if (count(question, columnRe(name)) !== 1) return { reason: 'the question does not name the dropped column exactly once' };
  const col = `\`${escape(name)}\``;
  for (const pattern of [`,? and ${col}`, `, ${col}`, `${col}, `, `${col} and `]) {
    const re = new RegExp(pattern);
    if (re.test(question)) return { question: question.replace(re, ''), from: `\`${name}\``, to: '' };
  }
  return { reason: 'the dropped column is not in a list in the question' };
}

/** Every match of any of `phrases` in the question, longest first, so "not equal to" is not also an "equal to". */
function phraseMatchesAt(question: string, phrases: readonly string[]): RegExpMatchArray[] {
  const sorted = [...phrases].sort((a, b) => b.length - a.length).map(escape);
  // "at most" and "at least" compare, they do not aggregate
  return [...question.matchAll(new RegExp(`(?<![\\w-])(?<!\\bat )(?:${sorted.join('|')})(?![\\w-])`, 'gi'))];
}

/** The question with what its parentheses say blanked out (same length): "(bin 1 = lowest values)" explains, it does not ask. */
const withoutAsides = (question: string) => question.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));

/** An equality written after a column and before a literal value: `` `Sex` = "male" ``, `` `quality` is 5 ``, `` `CryoSleep` is True ``. */
const COLUMN_EQUALITY = /(`[^`]+`) (is not|is|==|!=|=) (?=["'\d-]|True\b|False\b)/gi;
const EQUALITY_FLIP: Record<string, [op: string, to: string]> = { 'is not': ['!=', 'is'], is: ['==', 'is not'], '==': ['==', '!='], '=': ['==', '!='], '!=': ['!=', '=='] };

interface ComparisonPlace {
  at: number;
  text: string;
  op: string;
  to: string;
}

/** Every comparison the question states, with where it is and what it becomes when flipped. */
function comparisonPlaces(question: string): ComparisonPlace[] {
  const places: ComparisonPlace[] = [];
  for (const m of question.matchAll(COLUMN_EQUALITY)) {
    const word = (m[2] as string).toLowerCase();
    const [op, to] = EQUALITY_FLIP[word] as [string, string];
    places.push({ at: (m.index as number) + (m[1] as string).length + 1, text: m[2] as string, op, to });
  }
  const phrases = Object.entries(COMPARISON_WORDS).flatMap(([op, words]) => words.map(([from, to]) => ({ op, from, to })));
  const sorted = [...phrases].sort((a, b) => b.from.length - a.from.length);
  const re = new RegExp(`(?<![\\w-])(?:${sorted.map((p) => escape(p.from)).join('|')})(?![\\w-])`, 'gi');
  for (const m of question.matchAll(re)) {
    const phrase = sorted.find((p) => p.from === m[0].toLowerCase()) as { op: string; to: string };
    places.push({ at: m.index as number, text: m[0], op: phrase.op, to: phrase.to });
  }
  return places;
}

/** The value a comparison operator compares with in code (`> 28`, `== "male"`, `== True`), as a question writes it. */
function comparedValue(code: string, op: string): string | undefined {
  const m = new RegExp(`(?<![<>=!-])${escape(op)}\\s*(-?\\d+(?:\\.\\d+)?(?![\\w.])|"[^"\\n]*"|'[^'\\n]*'|True\\b|False\\b)`).exec(code);
  const value = m?.[1];
  return value?.startsWith("'") ? `"${value.slice(1, -1)}"` : value;
}

/**
 * The comparison of the question that the program's changed operator implements: the only one of
 * that kind, or (when the question states several) the only one of that kind followed by the value
 * the program compares with ("`bmi` exceeds 28" for `df["bmi"] > 28`).
 */
function changedPlace(question: string, code: string, op: string): ComparisonPlace | undefined {
  const places = comparisonPlaces(question);
  if (places.length === 1) return places[0]?.op === op ? places[0] : undefined;
  const value = comparedValue(code, op);
  if (value === undefined) return undefined;
  const said = new RegExp(`^\\s*${escape(value)}(?!\\w|\\.\\d)`);
  const matching = places.filter((p) => p.op === op && said.test(question.slice(p.at + p.text.length)));
  return matching.length === 1 ? matching[0] : undefined;
}

/**
 * Where the program compares with this operator more than once, the changed statement says which
 * comparison changed: the one of its column and value (`df["season"] == 2`). It is rewritten only
 * when that comparison is written once in the program and the question says it once, after that
 * column and before that value ("`season` = 2"); otherwise the question's phrase may govern another
 * comparison too.
 */
function placeOfStatement(question: string, code: string, op: string, statement: string | undefined): ComparisonPlace | string {
  if (statement === undefined) return 'the changed text does not occur exactly once in the program';
  if (count(statement, operatorRe(op)) !== 1) return 'the changed statement does not compare with this operator exactly once';
  const value = comparedValue(statement, op);
  // `"col"] == ` with the column as a regex fragment (group 1 is its quote, group 2 its name when
  // captured); `df["col"]` and `df.loc[mask, "col"]` alike
  const comparisonOf = (name: string) => `(['"])${name}\\1\\s*\\]\\s*(?<![<>=!-])${escape(op)}(?![<>=])\\s*`;
  const column = new RegExp(comparisonOf(`([^'"\\n]+)`)).exec(statement);
  if (value === undefined || !column) return 'the changed comparison is not a column against a literal';
  const name = column[2] as string;
  // the value in either quote style (comparedValue reports a string with double quotes; group 2 is the quote)
  const literal = value.startsWith('"') ? `(['"])${escape(value.slice(1, -1))}\\2` : `${escape(value)}(?![\\w.])`;
  if (count(code, new RegExp(comparisonOf(escape(name)) + literal, 'g')) !== 1) return 'the changed comparison is not written exactly once in the program';
  const said = new RegExp(`^\\s*${escape(value)}(?!\\w|\\.\\d)`);
  const matching = comparisonPlaces(question).filter((p) => p.op === op && question.slice(0, p.at).endsWith(`\`${name}\` `) && said.test(question.slice(p.at + p.text.length)));
  return matching.length === 1 ? (matching[0] as ComparisonPlace) : 'the question does not say the changed comparison exactly once';
}

function flippedComparison(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>, statement?: string): SiblingQuestion {
  if (!COMPARISON_WORDS[m.before]) return { reason: 'no question words for this comparison' };
  let place: ComparisonPlace | undefined;
  if (count(code, operatorRe(m.before)) === 1) place = changedPlace(question, code, m.before);
  else {
    const found = placeOfStatement(question, code, m.before, statement);
    if (typeof found === 'string') return { reason: found };
    place = found;
  }
  if (!place) return { reason: 'the question does not say this comparison exactly once' };
  const to = place.text[0] !== place.text[0]?.toLowerCase() ? (place.to[0]?.toUpperCase() ?? '') + place.to.slice(1) : place.to;
  return { question: question.slice(0, place.at) + to + question.slice(place.at + place.text.length), from: place.text.toLowerCase(), to: place.to };
}

/**
 * The operations of one family in code and the words that name any of them in a question. A rewrite
 * needs exactly one of each, so the word is known to name the operation that changed (a question
 * that asks for the column "with the widest range (max minus min)" and reports its "maximum" names
 * several).
 */
const AGGREGATION_FAMILIES: { code: string[]; words: string[] }[] = [
  { code: ['max', 'min', 'idxmax', 'idxmin', 'nlargest', 'nsmallest', 'cummax', 'cummin'], words: [...(AGGREGATION_WORDS.max as string[]), ...(AGGREGATION_WORDS.min as string[]), 'max', 'min', 'most', 'least', 'fewest', 'widest', 'narrowest'] },
  { code: ['mean', 'median'], words: ['average', 'mean', 'median'] },
  { code: ['std', 'var'], words: ['standard deviation', 'variance', 'std', 'var'] },
  { code: ['sum', 'mean'], words: ['total', 'sum', 'average', 'mean'] },
];

function wrongAggregation(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  const before = literalContent(m.before) ?? m.before;
  const after = literalContent(m.after) ?? m.after;
  const pair = AGGREGATION_PAIRS[`${before.replace(/^idx/, '')}>${after.replace(/^idx/, '')}`];
  const family = AGGREGATION_FAMILIES.find((f) => f.code.includes(before) && f.code.includes(after));
  if (!pair || !family) return { reason: 'no question words for this aggregation swap' };
  if (count(code, nameRe(before)) !== 1 || family.code.reduce((n, op) => n + count(code, nameRe(op)), 0) !== 1) {
    return { reason: 'the program has more than one operation of this kind' };
  }
  // words in parentheses are asides, but only where what they explain is itself a word of the family
  // ("widest range (max minus min)" is still two)
  const found = phraseMatchesAt(withoutAsides(question), family.words);
  const [word] = found;
  if (found.length !== 1 || !word) return { reason: 'the question does not name exactly one operation of this kind' };
  const from = word[0].toLowerCase();
  const to = pair[from];
  if (!to) return { reason: 'the question word does not name the changed operation' };
  const at = word.index as number;
  return { question: question.slice(0, at) + replaceOnce(word[0], wordRe(from), to) + question.slice(at + word[0].length), from, to };
}

function offByOne(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  const before = Number(m.before);
  const after = Number(m.after);
  if (!Number.isInteger(before) || !Number.isInteger(after)) return { reason: 'not a whole number' };
  if (count(code, numberRe(m.before)) !== 1) return { reason: 'the changed text does not occur exactly once in the program' };
  const digits = count(question, numberRe(m.before));
  const word = NUMBER_WORDS[before];
  const words = word ? count(question, wordRe(word)) : 0;
  if (digits + words !== 1) return { reason: 'the question does not say the number exactly once' };
  if (digits === 1) return { question: question.replace(numberRe(m.before), m.after), from: m.before, to: m.after };
  const to = NUMBER_WORDS[after];
  if (!to || !word) return { reason: 'no word for the new number' };
  return { question: replaceOnce(question, wordRe(word), to), from: word, to };
}

/**
 * The clauses a question restricts its rows with, and what the question reads without them: a
 * leading "Among the rows with ..., " and a trailing "... of the rows where ...?" or "given that
 * ...?". Whatever else restricts rows ("the row with the smallest `x`") is no filter clause.
 */
const FILTER_CLAUSES: { re: RegExp; opensSentence: boolean }[] = [
  { re: /(?<=^|[.?!] )Among (?:the )?(?:joined |matched )?(?:rows|records) (?:with|where|whose) ([^,?]+), (?=\w)/g, opensSentence: true },
  { re: / (?:of|for|among|in) (?:the )?(?:joined |matched )?(?:rows|records) (?:with|where|whose) ([^,?]+?)(?=\?)/g, opensSentence: false },
  { re: / given that ([^,?]+?)(?=\?)/g, opensSentence: false },
];

const backticked = (text: string) => new Set([...text.matchAll(/`([^`]+)`/g)].map((x) => x[1] as string));

function droppedFilter(question: string, code: string, m: Pick<Mutation, 'before' | 'after'>): SiblingQuestion {
  // `frame[mask]` became `frame`: the columns the mask reads are the ones the filter was about
  if (!m.before.startsWith(`${m.after}[`)) return { reason: 'not a filter dropped from a subscript' };
  const columns = new Set([...m.before.slice(m.after.length).matchAll(/\[\s*(['"])(.*?)\1\s*\]/g)].map((x) => x[2] as string));
  if (columns.size === 0) return { reason: 'the filter names no column' };
  if (code.split(m.before).length !== 2) return { reason: 'the filter does not occur exactly once in the program' };
  const clauses = FILTER_CLAUSES.flatMap((c) => [...question.matchAll(c.re)].map((x) => ({ match: x, opensSentence: c.opensSentence })));
  const [clause] = clauses;
  if (clauses.length !== 1 || !clause) return { reason: 'the question does not state exactly one filter clause' };
  const named = backticked(clause.match[1] as string);
  if (named.size !== columns.size || [...columns].some((c) => !named.has(c))) return { reason: 'the filter clause does not name exactly the filtered columns' };
  const at = clause.match.index;
  const rest = question.slice(at + clause.match[0].length);
  const after = clause.opensSentence ? (rest[0]?.toUpperCase() ?? '') + rest.slice(1) : rest;
  return { question: question.slice(0, at) + after, from: clause.match[0].trim(), to: '' };
}

const REWRITES: Partial<Record<Mutation['kind'], (q: string, code: string, m: Pick<Mutation, 'before' | 'after'>, statement?: string) => SiblingQuestion>> = {
  wrong_column: wrongColumn,
  dropped_feature: droppedFeature,
  flipped_comparison: flippedComparison,
  wrong_aggregation: wrongAggregation,
  // a count said in digits or words, else a rank said as an ordinal ("the fifth highest" is `[4]`)
  off_by_one: (q, code, m) => {
    const count = offByOne(q, code, m);
    return 'reason' in count ? ordinalOr(count, ordinalRank(q, code, m)) : count;
  },
  dropped_filter: droppedFilter,
  wrong_hyperparameter: wrongHyperparameter,
  swapped_operands: swappedOperands,
  wrong_fill_value: wrongFillValue,
};

/** The ordinal rewrite where it applies, else the count rewrite's reason (the more common case). */
function ordinalOr(count: SiblingQuestion, ordinal: SiblingQuestion): SiblingQuestion {
  return 'question' in ordinal || ordinal.reason !== 'the question does not say exactly one ordinal' ? ordinal : count;
}

/** The operators a sibling question can be written for. */
export const SIBLING_KINDS = Object.keys(REWRITES) as Mutation['kind'][];

/**
 * The question the mutated program answers, rewritten from the gold question: `goldCode` is the
 * whole gold program (the changed text must occur in it once), `mutation` the change, `statement`
 * the gold statement it changed (for a comparison the program makes more than once, it says which).
 */
export function siblingQuestion(question: string, goldCode: string, mutation: Pick<Mutation, 'kind' | 'before' | 'after'>, statement?: string): SiblingQuestion {
  const rewrite = REWRITES[mutation.kind];
  if (!rewrite) return { reason: 'no question rewrite for this operator' };
  const out = rewrite(question, goldCode, mutation, statement);
  if ('question' in out && out.question === question) return { reason: 'the rewrite left the question unchanged' };
  return out;
}
