// The default embedding: offline, deterministic feature hashing of a step's name, code and value
// tokens (or a prompt's words) into a fixed-size vector. Signed hashing keeps collisions unbiased,
// log counts keep one repeated token from dominating, and the vector is L2-normalised.
import { pairTokens, proseTokens, stepTokens } from './tokens.js';

export const HASHING_VERSION = 'hashing-v8';

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
 * Features that get a dimension of their own (hashing v6), after the hashed buckets: a stated setting
 * contradicted, a list that leaves out the question's columns, a step that changed nothing, and
 * (v7) operands taken in or against the question's order, a subscript at a stated rank or past it,
 * (v8) numeric columns a table leaves out of the table it was taken from. Hashed
 * among hundreds of tokens each of them weighs almost nothing and shares its bucket; on the shared
 * corpus the PRM found none of the contradicted `max_depth` settings while they were hashed.
 */
export const DEDICATED_FEATURES = [
  'em:kw-stated-conflict',
  'em:kw-stated-same',
  'em:kw-number-out',
  'em:number-out',
  'em:number-in',
  'em:list-omits:0',
  'em:list-omits:1',
  'em:list-omits:2',
  'em:list-omits:3',
  'em:list-extra',
  'em:column-in',
  'em:column-out',
  'em:order-same',
  'em:order-swapped',
  'em:rank-index-same',
  'em:rank-index-next',
  'vf:unchanged',
  'vf:left-out-complete:1',
  'vf:left-out-complete:2',
  'vf:left-out-complete:3+',
  'vf:left-out-incomplete',
  'vf:error',
  'vf:empty',
  'vf:missing',
  'vf:negative',
  'vf:zero',
] as const;

/** Dimensions kept for the dedicated features: none below 256, where they would take a seventh of the buckets or more. */
export function dedicatedDims(dim: number): number {
  return dim >= 256 ? DEDICATED_FEATURES.length : 0;
}

/**
 * A prompt is a bag of words. A step is the normalised sum of two unit vectors: its own tokens, and
 * (when the text carries its prompt before PAIR_SEPARATOR) the question x step pair tokens; then the
 * dedicated features, each present one adding 1 in its own dimension, and the whole is normalised.
 */
export function hashingEmbed(text: string, kind: TextKind, dim: number): Float32Array {
  const dedicated = dedicatedDims(dim);
  const hashed = dim - dedicated;
  const out = new Float32Array(dim);
  if (kind === 'prompt') {
    out.set(hashTokens(proseTokens(text), hashed));
    return out;
  }
  const cut = text.indexOf(PAIR_SEPARATOR);
  const ownTokens = stepTokens(cut < 0 ? text : text.slice(cut + 1));
  const pairTokenList = cut < 0 ? [] : pairTokens(text.slice(0, cut), text.slice(cut + 1));
  const own = hashTokens(ownTokens, hashed);
  if (pairTokenList.length) {
    const pair = hashTokens(pairTokenList, hashed);
    for (let i = 0; i < hashed; i++) own[i] = (own[i] as number) + (pair[i] as number);
  }
  out.set(own);
  if (dedicated) {
    const present = new Set([...ownTokens, ...pairTokenList]);
    DEDICATED_FEATURES.forEach((f, i) => {
      if (present.has(f)) out[hashed + i] = 1;
    });
  }
  let norm = 0;
  for (const x of out) norm += x * x;
  if (norm > 0) for (let i = 0; i < dim; i++) out[i] = (out[i] as number) / Math.sqrt(norm);
  return out;
}
