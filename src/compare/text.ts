// Printed output against printed output: whitespace normalised (runs of spaces, tabs and line
// breaks are one separator, so re-wrapped reprs still match) and numbers inside the text compared
// with tolerance (0.8123456 and 0.8123457 are the same printed score).
import { compareKaggleListing } from './listing.js';
import { canonicalPandasLayout, hasPandasLayout } from './pandas-layout.js';
import { DEFAULT_TOLERANCE, MATCH, mismatch, numbersClose, parseNumber, type MatchResult, type Tolerance } from './tolerance.js';

interface Token {
  text: string;
  /** the number the token spells, when it is one */
  value?: number;
  line: number;
}

// A number: optional sign, digits with an optional fraction, an optional exponent; or nan/inf words.
const TOKEN = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|NaN|inf|Infinity)\b|[^\s\d.+-]+|[.+-]/g;

/** CRLF -> LF, trailing spaces and leading/trailing blank lines removed. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = normaliseText(text).split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(TOKEN)) {
      const t = m[0];
      const value = /[\d]|nan|inf/i.test(t) ? parseNumber(t) : undefined;
      // A lone sign or dot is text; "-" between words stays text.
      const prev = tokens[tokens.length - 1];
      if (value === undefined && prev && prev.value === undefined && prev.line === i + 1 && !/\s/.test(line[(m.index ?? 0) - 1] ?? ' ')) {
        prev.text += t; // glue adjacent text pieces back together ("a.b", "x-y")
        continue;
      }
      tokens.push(value === undefined ? { text: t, line: i + 1 } : { text: t, value, line: i + 1 });
    }
  });
  return tokens;
}

export interface TextCompareOptions {
  tol?: Partial<Tolerance>;
  /** compare the sorted lines (for listings whose order depends on the file system) */
  ignoreLineOrder?: boolean;
}

function context(tokens: Token[], i: number): string {
  const t = tokens[i];
  return t ? t.text : '<end>';
}

function compareTokens(exp: Token[], act: Token[], tol: Tolerance): MatchResult {
  const n = Math.max(exp.length, act.length);
  for (let i = 0; i < n; i++) {
    const e = exp[i];
    const a = act[i];
    if (!e || !a) {
      const where = e ? `line ${e.line}` : a ? `produced line ${a.line}` : '';
      return mismatch(`${where}: ${e ? `'${context(exp, i)}'` : '<end>'} vs ${a ? `'${context(act, i)}'` : '<end>'}`);
    }
    const same = e.value !== undefined && a.value !== undefined ? numbersClose(e.value, a.value, tol) : e.text === a.text;
    if (!same) {
      const before = exp
        .slice(Math.max(0, i - 3), i)
        .map((t) => t.text)
        .join(' ');
      return mismatch(`line ${e.line}${before ? ` after '${before}'` : ''}: '${e.text}' vs '${a.text}' (produced line ${a.line})`);
    }
  }
  return MATCH;
}

function compareAs(expected: string, actual: string, tol: Tolerance, ignoreLineOrder: boolean): MatchResult {
  if (ignoreLineOrder) {
    const sortLines = (t: string) =>
      normaliseText(t)
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .filter((l) => l !== '')
        .sort()
        .join('\n');
    return compareTokens(tokenize(sortLines(expected)), tokenize(sortLines(actual)), tol);
  }
  return compareTokens(tokenize(expected), tokenize(actual), tol);
}

// A boolean printed as a number (False vs 0) or an integer column printed as float (1 vs 1.0) is
// the same value in another dtype: the text is compared again with booleans as 0/1 and the dtype
// names of bool/int/float collapsed. Only these renderings: other words still differ.
const BOOL_WORD = /\b(True|False)\b/g;
const NUMERIC_DTYPE = /\bdtype(:\s*|=['"]?)(?:bool|u?int(?:8|16|32|64)?|float(?:16|32|64)?)\b['"]?/g;

function dtypeNeutral(text: string): string {
  return text.replace(NUMERIC_DTYPE, 'dtype$1<number>').replace(BOOL_WORD, (w) => (w === 'True' ? '1' : '0'));
}

function hasDtypeRendering(text: string): boolean {
  return /\b(True|False)\b|\bdtype/.test(text) || /\d\.0\b/.test(text);
}

/**
 * Stored output text against produced output text. The reason cites the first differing token.
 * Text printed by pandas in a layout that changed between versions (info(), value_counts()) is
 * compared again in one canonical layout (pandas-layout.ts): same content, same tolerance. A text
 * that differs only in a dtype's rendering (False vs 0, dtype: bool vs int64) matches with a note;
 * with ignoreLineOrder, a listing of Kaggle's folders is compared as a set (listing.ts).
 */
export function compareText(expected: string, actual: string, options: TextCompareOptions = {}): MatchResult {
  const tol: Tolerance = { ...DEFAULT_TOLERANCE, ...options.tol };
  const ignoreLineOrder = options.ignoreLineOrder ?? false;
  const first = compareLayouts(expected, actual, tol, ignoreLineOrder);
  if (first.match) return first;
  if (ignoreLineOrder) {
    const listing = compareKaggleListing(expected, actual);
    if (listing) return listing.match ? listing : first;
  }
  if (hasDtypeRendering(expected) || hasDtypeRendering(actual)) {
    const e = dtypeNeutral(expected);
    const a = dtypeNeutral(actual);
    if ((e !== expected || a !== actual) && compareLayouts(e, a, tol, ignoreLineOrder).match) {
      return { match: true, note: 'same values; a dtype rendered differently (bool as 0/1, int as float)' };
    }
  }
  return first;
}

function compareLayouts(expected: string, actual: string, tol: Tolerance, ignoreLineOrder: boolean): MatchResult {
  const plain = compareAs(expected, actual, tol, ignoreLineOrder);
  if (plain.match || !(hasPandasLayout(expected) || hasPandasLayout(actual))) return plain;
  const e = canonicalPandasLayout(expected);
  const a = canonicalPandasLayout(actual);
  if (e === expected && a === actual) return plain;
  const canonical = compareAs(e, a, tol, ignoreLineOrder);
  if (canonical.match) return { match: true, note: "same content in pandas' layout of another version (info(), value_counts())" };
  return mismatch(`${canonical.reason} (in pandas' canonical layout)`);
}
