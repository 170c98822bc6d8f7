// A code mutation: one small rewrite of one statement that makes a plausible analysis mistake.
export const MUTATION_KINDS = [
  'wrong_column',
  'wrong_aggregation',
  'flipped_comparison',
  'off_by_one',
  'dropped_filter',
  'dropped_dropna',
  'wrong_join_key',
  'fit_on_test',
  'wrong_fill_value',
  'swapped_operands',
  'dropped_feature',
  'wrong_hyperparameter',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  cellIndex: number;
  statementId: number;
  /** 1-based line in the cell where the rewrite starts */
  line: number;
  /** character offsets in the cell's source */
  start: number;
  end: number;
  before: string;
  after: string;
  description: string;
}
