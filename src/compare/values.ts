// answersMatch: is a produced JSON-like value the expected answer? Numbers within tolerance,
// NaN equal to NaN, strings with whitespace normalised, lists elementwise (or as multisets), sets,
// objects key-wise, tables by columns and rows. The reason names the first difference by its path.
import { compareTables, isTable, type TableOptions } from './table.js';
import { DEFAULT_TOLERANCE, MATCH, mismatch, numbersClose, parseNumber, show, type MatchResult, type Tolerance } from './tolerance.js';

export interface AnswerOptions extends TableOptions {
  /** compare lists as multisets (order ignored) */
  unordered?: boolean;
  /** string comparison ignores case */
  ignoreCase?: boolean;
}

export type AnswerTolerance = Partial<Tolerance> & AnswerOptions;

function normaliseString(s: string, ignoreCase: boolean): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return ignoreCase ? t.toLowerCase() : t;
}

/** JSON cannot carry NaN or infinities: serialisers write them as strings ("NaN", "Infinity"). */
function specialNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = parseNumber(value);
  return n !== undefined && !Number.isFinite(n) ? n : undefined;
}

function canonical(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? value.toPrecision(6) : String(value);
  if (typeof value === 'string') return normaliseString(value, false);
  if (value instanceof Set) return `set:${[...value].map(canonical).sort().join(',')}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return String(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function at(path: string): string {
  return path ? `${path}: ` : '';
}

/** Multiset match: every expected item pairs with a distinct actual item (greedy, by tolerance). */
function unorderedMatch(expected: unknown[], actual: unknown[], path: string, tol: Tolerance, options: AnswerOptions): MatchResult {
  if (expected.length !== actual.length) return mismatch(`${at(path)}${expected.length} items vs ${actual.length}`);
  const used = new Array<boolean>(actual.length).fill(false);
  // Sort both sides the same way first so the greedy pairing is almost always linear.
  const order = (xs: unknown[]) => xs.map((v, i) => [canonical(v), i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const act = order(actual);
  for (const [, ei] of order(expected)) {
    const item = expected[ei];
    let found = -1;
    for (const [, ai] of act) {
      if (!used[ai] && compareValues(item, actual[ai], '', tol, options).match) {
        found = ai;
        break;
      }
    }
    if (found < 0) return mismatch(`${at(path)}${show(item)} has no match among the produced items`);
    used[found] = true;
  }
  return MATCH;
}

function compareValues(expected: unknown, actual: unknown, path: string, tol: Tolerance, options: AnswerOptions): MatchResult {
  const en = typeof expected === 'number' ? expected : specialNumber(expected);
  const an = typeof actual === 'number' ? actual : specialNumber(actual);
  if (en !== undefined && an !== undefined) {
    return numbersClose(en, an, tol) ? MATCH : mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
  }
  if (expected === null || expected === undefined || actual === null || actual === undefined) {
    return (expected ?? null) === (actual ?? null) ? MATCH : mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    const ic = options.ignoreCase ?? false;
    return normaliseString(expected, ic) === normaliseString(actual, ic) ? MATCH : mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
  }
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    return expected === actual ? MATCH : mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
  }
  if (expected instanceof Set || actual instanceof Set) {
    const e = expected instanceof Set ? [...expected] : Array.isArray(expected) ? expected : undefined;
    const a = actual instanceof Set ? [...actual] : Array.isArray(actual) ? actual : undefined;
    if (!e || !a) return mismatch(`${at(path)}a set vs ${show(actual)}`);
    return unorderedMatch(e, a, path, tol, options);
  }
  if (isTable(expected) || isTable(actual)) {
    if (!isTable(expected) || !isTable(actual)) return mismatch(`${at(path)}a table vs ${show(isTable(expected) ? actual : expected)}`);
    const r = compareTables(expected, actual, tol, options);
    return r.match ? r : mismatch(`${at(path)}${r.reason}`);
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
    if (options.unordered) return unorderedMatch(expected, actual, path, tol, options);
    if (expected.length !== actual.length) return mismatch(`${at(path)}length ${expected.length} vs ${actual.length}`);
    for (let i = 0; i < expected.length; i++) {
      const r = compareValues(expected[i], actual[i], join(path, i), tol, options);
      if (!r.match) return r;
    }
    return MATCH;
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const missing = Object.keys(e).filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !(k in e));
    if (missing.length) return mismatch(`${at(path)}key '${missing[0]}' missing`);
    if (extra.length) return mismatch(`${at(path)}unexpected key '${extra[0]}'`);
    for (const key of Object.keys(e)) {
      const r = compareValues(e[key], a[key], join(path, key), tol, options);
      if (!r.match) return r;
    }
    return MATCH;
  }
  // A number against a numeric string (a value read back from text): compare as numbers.
  const en2 = typeof expected === 'string' ? parseNumber(expected) : typeof expected === 'number' ? expected : undefined;
  const an2 = typeof actual === 'string' ? parseNumber(actual) : typeof actual === 'number' ? actual : undefined;
  if (en2 !== undefined && an2 !== undefined) {
    return numbersClose(en2, an2, tol) ? MATCH : mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
  }
  return mismatch(`${at(path)}${show(expected)} vs ${show(actual)}`);
}

/**
 * Does `actual` answer like `expected`? Tolerances default to rtol 1e-5, atol 1e-8 (pass the
 * configured ones). The reason of a mismatch names the path of the first difference
 * (`scores[2]: 0.81 vs 0.79`, `row 12, column 'SalePrice': 181000.2 vs 181022.0`).
 */
export function answersMatch(expected: unknown, actual: unknown, tol: AnswerTolerance = {}): MatchResult {
  const t: Tolerance = { rtol: tol.rtol ?? DEFAULT_TOLERANCE.rtol, atol: tol.atol ?? DEFAULT_TOLERANCE.atol };
  return compareValues(expected, actual, '', t, tol);
}
