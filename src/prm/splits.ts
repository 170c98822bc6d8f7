// Deterministic train/validation/test/heldout assignment, grouped so nothing leaks: every episode
// of one source dataset (or competition) lands in the same split, and mutants and consistency traces
// follow their gold episode. Held-out template variants form `heldout`; the validation variants
// (templates/registry.ts) are never trained on: where their dataset is in train they go to
// `validation` (in test they stay), so what is tuned on validation is tuned on variants training
// never shows too, and test holds the episodes it always held. Episodes of real Kaggle notebooks form
// the `real` split (held out by competition: never trained on), so the verifier is measured on real
// notebooks too. The export stage calls the same rules, so a corpus split here and one split by the
// export agree. Pure: the split depends only on the key, the seed and the fractions.
import { VALIDATION_VARIANTS } from '../../templates/registry.js';
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
  template_family?: string | null;
  template_variant?: string | null;
  split?: string | null;
}

export interface SplitOptions {
  seed?: number;
  /** shares of validation and test; the rest is train */
  validation?: number;
  test?: number;
  /** put every Kaggle episode (every evidence tier) in the `real` split; false: split them like the rest */
  real?: boolean;
  /** `family/variant` keys never trained on: their episodes in train go to validation (default: templates/registry.ts) */
  validationVariants?: ReadonlySet<string>;
}

export const DEFAULT_SPLIT_OPTIONS: Required<SplitOptions> = { seed: 0, validation: 0.1, test: 0.1, real: true, validationVariants: VALIDATION_VARIANTS };

/** Whether an episode is of a validation variant (never trained on). */
export function isValidationVariant(e: Pick<SplitInput, 'template_family' | 'template_variant'>, variants: ReadonlySet<string> = VALIDATION_VARIANTS): boolean {
  return Boolean(e.template_family && e.template_variant && variants.has(`${e.template_family}/${e.template_variant}`));
}

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
  return isValidationVariant(e, o.validationVariants) ? 'validation' : 'train';
}

/** The stored split when the export wrote one, otherwise the computed one; Kaggle episodes are
 * `real` whatever the export wrote (the export splits them by competition with the rest), and a
 * validation variant is `validation` where an export older than that rule stored `train`. */
export function splitOf(e: SplitInput, options: SplitOptions = {}): Split {
  if ((options.real ?? DEFAULT_SPLIT_OPTIONS.real) && e.source === 'kaggle') return 'real';
  if (e.split && (SPLITS as readonly string[]).includes(e.split)) {
    return e.split === 'train' && !e.heldout && isValidationVariant(e, options.validationVariants) ? 'validation' : (e.split as Split);
  }
  return computeSplit(e, options);
}
