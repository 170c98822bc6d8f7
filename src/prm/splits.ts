// Deterministic train/validation/test/heldout assignment, grouped so nothing leaks: every episode
// of one source dataset (or competition) lands in the same split, and mutants and consistency traces
// follow their gold episode. Episodes of real Kaggle notebooks form the `real` split (held out by
// competition: never trained on), so the verifier is measured on real notebooks too. The export stage calls the same function, so a corpus split here and
// one split by the export agree. Pure: the split depends only on the key, the seed and the fractions.
import { hashUnit } from './rng.js';

export const SPLITS = ['train', 'validation', 'test', 'heldout', 'real'] as const;
export type Split = (typeof SPLITS)[number];

export interface SplitInput {
  episode_id: string;
  gold_episode_id?: string | null;
  source?: string | null;
  dataset?: string | null;
  competition?: string | null;
  heldout?: boolean | null;
  split?: string | null;
}

export interface SplitOptions {
  seed?: number;
  /** shares of validation and test; the rest is train */
  validation?: number;
  test?: number;
  /** put every Kaggle episode (every evidence tier) in the `real` split; false: split them like the rest */
  real?: boolean;
}

export const DEFAULT_SPLIT_OPTIONS: Required<SplitOptions> = { seed: 0, validation: 0.1, test: 0.1, real: true };

/** What episodes are grouped by: the source dataset, else the competition, else the gold episode. */
export function splitGroupKey(e: SplitInput): string {
  if (e.dataset) return `dataset:${e.dataset}`;
  if (e.competition) return `competition:${e.competition}`;
  return `episode:${e.gold_episode_id ?? e.episode_id}`;
}

/** The split of one episode: held-out template variants first, then a hash of its group key. */
export function computeSplit(e: SplitInput, options: SplitOptions = {}): Split {
  const o = { ...DEFAULT_SPLIT_OPTIONS, ...options };
  if (o.real && e.source === 'kaggle') return 'real';
  if (e.heldout) return 'heldout';
  const u = hashUnit(`${o.seed}\u0000${splitGroupKey(e)}`);
  if (u < o.test) return 'test';
  if (u < o.test + o.validation) return 'validation';
  return 'train';
}

/** The stored split when the export wrote one, otherwise the computed one; Kaggle episodes are
 * `real` whatever the export wrote (the export splits them by competition with the rest). */
export function splitOf(e: SplitInput, options: SplitOptions = {}): Split {
  if ((options.real ?? DEFAULT_SPLIT_OPTIONS.real) && e.source === 'kaggle') return 'real';
  if (e.split && (SPLITS as readonly string[]).includes(e.split)) return e.split as Split;
  return computeSplit(e, options);
}
