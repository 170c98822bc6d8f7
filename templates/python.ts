// Python literals and the way values are written in questions, shared by every family: the code
// and the question show the same text for a number, so what the question says is what ran.
import type { Scalar } from './types.js';

/** A Python string literal (JSON's escapes are valid in Python). */
export function pyStr(text: string): string {
  return JSON.stringify(text);
}

/** A Python literal for a profile value. */
export function py(value: Scalar): string {
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return numberText(value);
}

/** A list of column names as a Python list literal. */
export function pyList(names: readonly string[]): string {
  return `[${names.map(pyStr).join(', ')}]`;
}

/** Shortest round-trip text of a number, valid in Python and in prose. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(n);
}

/** A threshold people would write: two significant digits (29.7 -> 30, 0.0734 -> 0.073). */
export function niceNumber(x: number, digits = 2): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  return Number(x.toPrecision(digits));
}

/** A value as a question shows it: strings in double quotes, numbers and booleans plain. */
export function valueText(value: Scalar): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return numberText(value);
}

/** A column as a question shows it. */
export function colText(name: string): string {
  return `\`${name}\``;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? `${n}th`;
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** Small counts in words, so a question's "top three" never collides with a numeric answer. */
export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}
