// A small seeded PRNG (mulberry32 over a SHA-256 of the key): the same key gives the same picks on
// every machine, so a (CSV, template, seed) always yields the same program.
import { createHash } from 'node:crypto';
import type { Rng } from './types.js';

export function seededRng(key: string): Rng {
  let state = createHash('sha256').update(key).digest().readUInt32LE(0);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return {
    next,
    int,
    shuffle,
    pick: <T>(items: readonly T[]): T | undefined => (items.length ? items[int(0, items.length - 1)] : undefined),
    choice: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('choice from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    sample: <T>(items: readonly T[], k: number): T[] => shuffle(items).slice(0, k),
  };
}
