// Deduplication: an exact key (code hash with comments and layout normalised away) and
// near-duplicate clusters (MinHash over token shingles, then union-find over pairs above a
// Jaccard threshold). Kaggle forks are common; the export keeps one episode per cluster.
import { createHash } from 'node:crypto';
import type { PythonParser, SyntaxNode } from '../python/parser.js';

/** The program's tokens without comments, whitespace or string quote style. */
export function codeTokens(parser: PythonParser, code: string): string[] {
  const tokens: string[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type === 'comment') return;
    if (node.type === 'string') {
      tokens.push(`"${node.text.replace(/^[rbuRBUfF]*('''|"""|'|")|('''|"""|'|")$/g, '')}"`);
      return;
    }
    if (node.childCount === 0) {
      if (node.text.trim() !== '') tokens.push(node.text);
      return;
    }
    for (const c of node.children) if (c) visit(c);
  };
  visit(parser.parse(code).rootNode);
  return tokens;
}

export function exactKey(tokens: readonly string[]): string {
  return createHash('sha256').update(tokens.join('\u0001')).digest('hex').slice(0, 32);
}

function hash32(text: string): number {
  return createHash('md5').update(text).digest().readUInt32LE(0);
}

/** Odd multipliers and offsets of the permutations, fixed so signatures are comparable across runs. */
const PERMUTATIONS: { a: number; b: number }[] = Array.from({ length: 256 }, (_, p) => ({ a: hash32(`a:${p + 1}`) | 1, b: hash32(`b:${p + 1}`) }));

/** MinHash signature of the k-token shingles (multiply-add permutations over 32-bit hashes). */
export function minhash(tokens: readonly string[], permutations = 64, shingle = 5): number[] {
  const shingles = new Set<string>();
  for (let i = 0; i + shingle <= Math.max(tokens.length, shingle); i++) shingles.add(tokens.slice(i, i + shingle).join(' '));
  const base = Uint32Array.from([...shingles], (s) => hash32(s));
  const sig: number[] = [];
  for (let p = 0; p < Math.min(permutations, PERMUTATIONS.length); p++) {
    const { a, b } = PERMUTATIONS[p] as { a: number; b: number };
    let min = 0xffffffff;
    for (let i = 0; i < base.length; i++) {
      const v = (Math.imul(a, base[i] as number) + b) >>> 0;
      if (v < min) min = v;
    }
    sig.push(min);
  }
  return sig;
}

export function estimatedJaccard(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
  return a.length === 0 ? 0 : same / a.length;
}

/**
 * Cluster items whose estimated Jaccard similarity is at least `threshold`. LSH banding finds the
 * candidate pairs; each candidate pair is confirmed on the full signature. Returns item id -> cluster id
 * (the smallest member id, so clusters are stable).
 */
export function nearDuplicateClusters(items: readonly { id: string; signature: readonly number[] }[], threshold = 0.8, bands = 16): Map<string, string> {
  const parent = new Map(items.map((i) => [i.id, i.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const rows = Math.max(1, Math.floor((items[0]?.signature.length ?? 0) / bands));
  const bySig = new Map(items.map((i) => [i.id, i.signature]));
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, string[]>();
    for (const item of items) {
      const key = `${band}:${item.signature.slice(band * rows, (band + 1) * rows).join(',')}`;
      buckets.set(key, [...(buckets.get(key) ?? []), item.id]);
    }
    for (const ids of buckets.values()) {
      // buckets are small; a huge one (many identical forks) is capped to keep this near-linear
      const capped = ids.slice(0, 200);
      for (let i = 0; i < capped.length; i++) {
        for (let j = i + 1; j < capped.length; j++) {
          const a = capped[i] as string;
          const b = capped[j] as string;
          if (find(a) !== find(b) && estimatedJaccard(bySig.get(a) ?? [], bySig.get(b) ?? []) >= threshold) union(a, b);
        }
      }
      for (const extra of ids.slice(200)) union(capped[0] as string, extra);
    }
  }
  return new Map(items.map((i) => [i.id, find(i.id)]));
}
