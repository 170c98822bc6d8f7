// Regex helpers for matching a question's words and a program's text, shared by the sibling
// rewrites and the verifier's exact-match features. Pure.

/** The question rewritten for a mutant, or why it is not. */
export type SiblingQuestion = { question: string; from: string; to: string } | { reason: string };

/** `s` as a literal inside a regular expression. */
export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Occurrences of `pattern` (a global regex) in `text`. */
export const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

/** A whole number in text or code (not part of a longer number, a decimal or a name). */
export const numberRe = (n: string) => new RegExp(`(?<![\\w.])${escape(n)}(?![\\w]|\\.\\d)`, 'g');

/** Numbers as questions spell them out, by value. */
export const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

/** Ordinals as questions say ranks, by rank minus one ("first" is 0). */
export const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];

/** An ordinal as a whole word, any case (global: use with matchAll). */
export const ORDINAL_RE = new RegExp(`(?<![\\w-])(?:${ORDINALS.join('|')})(?![\\w-])`, 'gi');
