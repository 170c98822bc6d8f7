// Numeric closeness, the one definition every comparison in hookmine uses.
export interface Tolerance {
  /** relative tolerance (default 1e-5, config HOOKMINE_RTOL) */
  rtol: number;
  /** absolute tolerance (default 1e-8, config HOOKMINE_ATOL) */
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-8 };

export interface MatchResult {
  match: boolean;
  /** what differed, precisely enough to find it ("row 12, column 'SalePrice': 181000.2 vs 181022.0") */
  reason?: string;
  /** a caveat on a match (for example: same lines in a different order) */
  note?: string;
}

export const MATCH: MatchResult = Object.freeze({ match: true });

export function mismatch(reason: string): MatchResult {
  return { match: false, reason };
}

/**
 * numpy.isclose made symmetric: |a - b| <= atol + rtol * max(|a|, |b|). NaN equals NaN (a value
 * that is missing on both sides is the same answer); infinities equal only themselves.
 */
export function numbersClose(a: number, b: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
}

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const NAN_WORDS = new Set(['nan', '-nan']);
const INF_WORDS: Record<string, number> = { inf: Infinity, '+inf': Infinity, infinity: Infinity, '-inf': -Infinity, '-infinity': -Infinity };

/**
 * The number a text spells, or undefined. Accepts what Python and CSV writers print: `1`, `1.0`,
 * `-3.2e-05`, `nan`, `NaN`, `inf`. Hex, thousands separators and percent signs are not numbers.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (NUMERIC.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (NAN_WORDS.has(lower)) return NaN;
  if (lower in INF_WORDS) return INF_WORDS[lower];
  return undefined;
}

/** A value for a reason text: short, and numbers as they are. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number') text = Number.isNaN(value) ? 'NaN' : String(value);
  else if (value === undefined) text = 'undefined';
  else if (value instanceof Set) text = `Set(${value.size})`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
