// The default embedding: offline, deterministic feature hashing of a step's name, code and value
// tokens (or a prompt's words) into a fixed-size vector. Signed hashing keeps collisions unbiased,
// log counts keep one repeated token from dominating, and the vector is L2-normalised.
import { pairTokens, proseTokens, stepTokens } from './tokens.js';

export const HASHING_VERSION = 'hashing-v5';

/** Joins a prompt and a step into one text for providers that embed steps in their question's context. */
export const PAIR_SEPARATOR = '\u0000';

export type TextKind = 'prompt' | 'step';

/** FNV-1a, 32 bit: fast and stable across platforms. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hashTokens(tokens: readonly string[], dim: number): Float32Array {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vector = new Float32Array(dim);
  for (const [token, count] of counts) {
    const h = fnv1a(token);
    const sign = (h & 0x80000000) === 0 ? 1 : -1;
    vector[(h & 0x7fffffff) % dim] += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dim; i++) vector[i] = (vector[i] as number) * scale;
  }
  return vector;
}

/**
 * A prompt is a bag of words. A step is the normalised sum of two unit vectors: its own tokens, and
 * (when the text carries its prompt before PAIR_SEPARATOR) the question x step pair tokens.
 */
export function hashingEmbed(text: string, kind: TextKind, dim: number): Float32Array {
  if (kind === 'prompt') return hashTokens(proseTokens(text), dim);
  const cut = text.indexOf(PAIR_SEPARATOR);
  if (cut < 0) return hashTokens(stepTokens(text), dim);
  const prompt = text.slice(0, cut);
  const step = text.slice(cut + 1);
  const own = hashTokens(stepTokens(step), dim);
  const pair = hashTokens(pairTokens(prompt, step), dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    own[i] = (own[i] as number) + (pair[i] as number);
    norm += (own[i] as number) ** 2;
  }
  if (norm > 0) for (let i = 0; i < dim; i++) own[i] = (own[i] as number) / Math.sqrt(norm);
  return own;
}
