// The template library's vocabulary: what a CSV profile says about its columns, what a family is
// given to build a program, and what it gives back (steps, phrasings, hint, answer shape,
// tolerance). Families are pure: a profile and a seed in, an instance (or null) out.

export type ColumnKind = 'numeric' | 'boolean' | 'string' | 'datetime';

export type Scalar = string | number | boolean;

export interface NumericStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  q10: number;
  q25: number;
  q50: number;
  q75: number;
  q90: number;
  skew: number;
}

export interface ColumnProfile {
  name: string;
  /** pandas dtype as printed (`int64`, `object`, ...) */
  dtype: string;
  kind: ColumnKind;
  /** numeric with whole values only */
  integer: boolean;
  /** distinct non-missing values */
  unique: number;
  missing: number;
  /** the most frequent values (count descending, then value), at most 12 */
  top: { value: Scalar; count: number }[];
  stats?: NumericStats;
  /** datetime columns: first and last timestamp (ISO), whether times of day occur, distinct days */
  dates?: { min: string; max: string; hasTime: boolean; days: number };
}

export interface DataProfile {
  rows: number;
  columns: ColumnProfile[];
  /** fully duplicated rows */
  duplicates: number;
}

/** Where a table comes from and how a program loads it. */
export interface SourceInfo {
  /** identity: `titanic/train.csv`, `sklearn:iris`, `/abs/path/file.csv` */
  key: string;
  /** episodes.dataset: competition slug, `sklearn:<name>`, `statsmodels:<name>`, `csv:<path>` */
  dataset: string;
  /** how questions name the table when they need to (`train.csv`, the iris dataset) */
  name: string;
  /** import lines the load expression needs (pandas is always imported) */
  imports: string[];
  /** a Python expression that evaluates to the DataFrame */
  loadExpr: string;
  /** sha256 of the data (file bytes, or the loaded frame for bundled datasets) */
  contentSha256: string;
}

/** A second table of the same folder that shares columns with the first. */
export interface PartnerInfo {
  source: SourceInfo;
  profile: DataProfile;
  /** columns both tables have */
  shared: string[];
  /** a shared identifier-like column to join on, when there is one */
  key: string | null;
  /** rows of the first table whose key occurs in the partner */
  matches: number;
  /** the key is unique in the partner */
  partnerUnique: boolean;
}

/** One step of a program: plain pandas/numpy/sklearn statements, then the expression captured. */
export interface TemplateStep {
  name: string;
  code: string;
  /** the expression captured after the step's code (a name the step binds) */
  variable: string;
  dependsOn: string[];
}

/**
 * How the final value becomes the answer: `value` as is; `one-of` a list of every valid answer
 * (stored as `{value}` when there is one, `{values}` when several are equally right); `list` an
 * ordered or unordered list that is the answer as a whole.
 */
export type AnswerMode = { mode: 'value' } | { mode: 'one-of' } | { mode: 'list'; ordered: boolean };

export interface Tolerance {
  rtol: number;
  atol: number;
}

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Instance {
  steps: TemplateStep[];
  /** phrasings of the same question (at least two); the seed picks which comes first */
  questions: string[];
  hint: string;
  answer: AnswerMode;
  tolerance: Tolerance;
  /** by default from the number of steps */
  difficulty?: Difficulty;
  /** what the question names (columns, values, numbers): a paraphrase must keep each verbatim */
  keep: string[];
}

export type Category =
  | 'selection'
  | 'groupby'
  | 'ranking'
  | 'ratios'
  | 'missing'
  | 'correlation'
  | 'distribution'
  | 'datetime'
  | 'joins'
  | 'binning'
  | 'probability'
  | 'models'
  | 'chains'
  | 'distractors';

export interface Variant {
  id: string;
  /** kept apart for generalisation tests (episodes get heldout = true) */
  heldout?: boolean;
  /**
   * never trained on either: its episodes are in the validation split, so the epoch, the
   * temperature and the ProcessBench threshold are chosen where the model meets variants it has not
   * seen, as the heldout split does (WILDS' out-of-distribution validation). Disjoint from the
   * heldout variants, and only in families that keep two trained variants or more.
   */
  validation?: boolean;
}

export interface BuildContext {
  source: SourceInfo;
  profile: DataProfile;
  /** other tables of the same folder (for joins) */
  partners: PartnerInfo[];
  rng: Rng;
  seed: number;
}

export interface Family {
  id: string;
  category: Category;
  /** one line for `hookmine synth --list` and docs/templates.md */
  title: string;
  variants: Variant[];
  /** the plausible approach leads nowhere: the right answer is that there is none (null) */
  distractor?: boolean;
  /** needs a partner table (joins) */
  needsPartner?: boolean;
  /** the program for this table, variant and seed, or null when the table has no suitable columns */
  build(ctx: BuildContext, variant: string): Instance | null;
}

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  /** a random item, undefined for an empty list */
  pick<T>(items: readonly T[]): T | undefined;
  /** a random item of a list known to be non-empty (throws on an empty one) */
  choice<T>(items: readonly T[]): T;
  sample<T>(items: readonly T[], k: number): T[];
  shuffle<T>(items: readonly T[]): T[];
}
