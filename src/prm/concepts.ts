// A small lexicon that maps question words and code operations to shared concepts (extremes,
// averages, counts, comparisons, ...), for the hashing embedding. The pair features of tokens.ts
// (`x:<word>|<op>`) are specific to the words a training question used: "fewest" next to `.min` says
// nothing about "lowest" next to `.min`. Concept pairs (`sem:min|max`: the question asks for a
// minimum, the code takes a maximum) mean the same in every template family and every notebook, so
// what the model learns from one family carries over to families it never saw. The lexicon says
// which words and operations belong together; whether a pair is right or wrong is left to training.

const QUESTION_CONCEPTS: Record<string, readonly string[]> = {
  min: ['least', 'fewest', 'smallest', 'lowest', 'minimum', 'min', 'minimal', 'bottom', 'shortest', 'youngest', 'earliest'],
  max: ['most', 'largest', 'highest', 'maximum', 'max', 'greatest', 'biggest', 'top', 'busiest', 'longest', 'oldest', 'latest', 'extreme'],
  mean: ['average', 'mean', 'avg', 'averages', 'means'],
  median: ['median'],
  sum: ['total', 'sum', 'sums'],
  count: ['count', 'many', 'number', 'frequent', 'often', 'occur', 'rows'],
  distinct: ['distinct', 'unique', 'repeats', 'duplicates'],
  spread: ['standard', 'deviation', 'deviations', 'std', 'variance', 'spread'],
  greater: ['greater', 'above', 'more', 'over', 'exceed', 'exceeds', 'higher', 'older', 'after', 'larger'],
  less: ['less', 'below', 'under', 'fewer', 'lower', 'younger', 'before', 'smaller'],
  quantile: ['quantile', 'percentile', 'quartile', 'quartiles', 'interquartile', 'bins', 'bin'],
  correlation: ['correlation', 'correlated', 'pearson', 'correlates'],
  missing: ['missing', 'nan', 'null', 'complete', 'present', 'empty'],
  share: ['fraction', 'proportion', 'share', 'percentage', 'percent', 'ratio', 'probability', 'likely'],
  join: ['join', 'joined', 'merge', 'found', 'concatenate'],
  model: ['fit', 'predict', 'predicting', 'regression', 'classifier', 'tree', 'accuracy', 'score', 'validation'],
};

/** Operation tokens (from tokens.ts `operationTokens`) per concept. */
const CODE_CONCEPTS: Record<string, readonly string[]> = {
  min: ['.min', 'min(', '.idxmin', '.nsmallest', '.argmin', 'ascending=True', '.cummin'],
  max: ['.max', 'max(', '.idxmax', '.nlargest', '.argmax', 'ascending=False', '.cummax'],
  mean: ['.mean', 'mean('],
  median: ['.median', 'median('],
  sum: ['.sum', 'sum(', '.cumsum'],
  count: ['.count', 'len(', '.size', '.value_counts', '.shape'],
  distinct: ['.nunique', '.unique', '.drop_duplicates', 'set(', '.duplicated'],
  spread: ['.std', '.var', 'std(', 'var('],
  greater: ['>', '>=', '.gt', '.ge'],
  less: ['<', '<=', '.lt', '.le'],
  quantile: ['.quantile', '.percentile', '.qcut', '.cut', 'quantile('],
  correlation: ['.corr', '.corrwith', 'pearsonr('],
  missing: ['.dropna', '.isna', '.isnull', '.notna', '.notnull', '.fillna'],
  share: ['/', 'normalize=True'],
  join: ['.merge', '.join', '.isin', '.concat', 'concat('],
  model: ['.fit', '.predict', '.score', 'fit_transform', '.fit_transform', 'cross_val_score(', 'train_test_split('],
};

/** String literals naming an aggregation (`.agg('min')`, `aggfunc='mean'`) count as that operation. */
const AGGREGATION_STRINGS: Record<string, string> = { min: 'min', max: 'max', mean: 'mean', median: 'median', sum: 'sum', count: 'count', nunique: 'distinct', std: 'spread', var: 'spread', size: 'count' };

const WORD_TO_CONCEPT = invert(QUESTION_CONCEPTS);
const OP_TO_CONCEPT = invert(CODE_CONCEPTS);

function invert(table: Record<string, readonly string[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [concept, items] of Object.entries(table)) for (const item of items) out.set(item, concept);
  return out;
}

/** Concepts the question's content words name. */
export function questionConcepts(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const c = WORD_TO_CONCEPT.get(w);
    if (c) out.add(c);
  }
  return out;
}

/** Concepts a step's code performs, from its operation tokens and aggregation-name strings. */
export function codeConcepts(ops: Iterable<string>, code: string): Set<string> {
  const out = new Set<string>();
  for (const op of ops) {
    const c = OP_TO_CONCEPT.get(op);
    if (c) out.add(c);
  }
  for (const m of code.matchAll(/['"](\w+)['"]/g)) {
    const c = AGGREGATION_STRINGS[m[1] as string];
    if (c) out.add(c);
  }
  return out;
}

/**
 * `sem:<question concept>|<code concept>` for every pair, and `sem:-|<code concept>` for an
 * operation whose concept the question never names.
 */
export function conceptPairTokens(question: ReadonlySet<string>, code: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of code) {
    if (!question.has(c)) out.push(`sem:-|${c}`);
    for (const q of question) out.push(`sem:${q}|${c}`);
  }
  return out;
}
