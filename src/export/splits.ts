// Leak-free splits: every episode of one group (a competition, or a source dataset) lands in the
// same split, mutants and consistency traces with their gold episode, and the held-out template
// variants in their own split. Groups are ordered by a seeded hash and filled into test, then
// validation, until each holds its share of the episodes; the rest is train, except the validation
// variants' episodes (never trained on), which go to validation. Deterministic for a seed.
import { createHash } from 'node:crypto';
import { isValidationVariant } from '../prm/splits.js';

/** `episode` groups only a gold episode with its mutants: for a corpus of one competition, where a
 * split by data cannot hold anything out (the demo); the card says it is not leak-free by data. */
export type SplitBy = 'competition' | 'dataset' | 'episode';
export type Split = 'train' | 'validation' | 'test' | 'heldout';

export interface SplitEpisode {
  episode_id: string;
  gold_episode_id: string | null;
  competition: string | null;
  dataset: string | null;
  heldout: boolean | null;
  template_family?: string | null;
  template_variant?: string | null;
}

export interface SplitOptions {
  seed: number;
  validation: number;
  test: number;
  splitBy: SplitBy;
  /** `family/variant` keys never trained on: their episodes in train go to validation (default: templates/registry.ts) */
  validationVariants?: ReadonlySet<string>;
}

export const DEFAULT_SPLITS: SplitOptions = { seed: 0, validation: 0.1, test: 0.1, splitBy: 'competition' };

export function groupKey(e: SplitEpisode, by: SplitBy): string {
  if (by === 'episode') return `episode:${e.gold_episode_id ?? e.episode_id}`;
  const first = by === 'competition' ? e.competition : e.dataset;
  const second = by === 'competition' ? e.dataset : e.competition;
  if (first) return `${by}:${first}`;
  if (second) return `${by === 'competition' ? 'dataset' : 'competition'}:${second}`;
  return `episode:${e.gold_episode_id ?? e.episode_id}`;
}

function order(seed: number, key: string): string {
  return createHash('sha256').update(`${seed}\u0000${key}`).digest('hex');
}

export interface SplitAssignment {
  byEpisode: Map<string, Split>;
  byGroup: Map<string, Split>;
}

export function assignSplits(episodes: readonly SplitEpisode[], options: SplitOptions = DEFAULT_SPLITS): SplitAssignment {
  const byEpisode = new Map<string, Split>();
  const sizes = new Map<string, number>();
  // Validation variants count in their group's size, so the groups (and test) are the ones the
  // split had before those variants were set apart: only their episodes in train move.
  const pool = episodes.filter((e) => !e.heldout);
  for (const e of pool) sizes.set(groupKey(e, options.splitBy), (sizes.get(groupKey(e, options.splitBy)) ?? 0) + 1);
  const groups = [...sizes.keys()].sort((a, b) => order(options.seed, a).localeCompare(order(options.seed, b)));
  const total = pool.length;
  const byGroup = new Map<string, Split>();
  let test = 0;
  let validation = 0;
  for (const g of groups) {
    const n = sizes.get(g) ?? 0;
    // the first groups fill test, then validation, each up to its share (at least one group when
    // there are three or more, so every split has something)
    if (groups.length >= 3 && (test === 0 || test + n <= options.test * total) && test < options.test * total) {
      byGroup.set(g, 'test');
      test += n;
    } else if (groups.length >= 3 && (validation === 0 || validation + n <= options.validation * total) && validation < options.validation * total) {
      byGroup.set(g, 'validation');
      validation += n;
    } else {
      byGroup.set(g, 'train');
    }
  }
  for (const e of episodes) {
    const split = e.heldout ? 'heldout' : (byGroup.get(groupKey(e, options.splitBy)) ?? 'train');
    byEpisode.set(e.episode_id, split === 'train' && isValidationVariant(e, options.validationVariants) ? 'validation' : split);
  }
  return { byEpisode, byGroup };
}
