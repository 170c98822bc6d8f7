// Correlation: between two columns, the strongest partner of a target, the most correlated pair.
import { binaryColumns, continuousColumns, numericFeatureColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { pyList, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, loadStep, step } from './common.js';

export const pairCorrelation: Family = {
  id: 'pair-correlation',
  category: 'correlation',
  title: 'the correlation coefficient between two columns',
  variants: [{ id: 'pearson' }, { id: 'spearman', heldout: true }, { id: 'kendall' }],
  build({ profile, source, rng }, variant) {
    const cols = continuousColumns(profile);
    if (cols.length < 2) return null;
    if (variant === 'kendall' && profile.rows > 20_000) return null; // O(n^2) in pandas
    const [a, b] = rng.sample(cols, 2) as [(typeof cols)[number], (typeof cols)[number]];
    const w = new Phrase();
    const [A, B] = [w.col(a.name), w.col(b.name)];
    const name = variant[0]?.toUpperCase() + variant.slice(1);
    return {
      steps: [
        loadStep(source),
        step('pair', `pair = df[${pyList([a.name, b.name])}].dropna()`, 'pair', ['load_data']),
        step('answer', `answer = float(pair[${pyStr(a.name)}].corr(pair[${pyStr(b.name)}], method=${pyStr(variant)}))`, 'answer', ['pair']),
      ],
      questions: [
        `What is the ${name} correlation between ${A} and ${B}?`,
        `Using the rows where both are present, compute the ${name} correlation coefficient of ${A} and ${B}.`,
      ],
      hint: `Keep the rows where both columns are present and compute the ${name} coefficient.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const strongestCorrelate: Family = {
  id: 'strongest-correlate',
  category: 'correlation',
  title: 'the column most strongly correlated (in absolute value) with a target',
  variants: [{ id: 'absolute' }, { id: 'negative', heldout: true }],
  build({ profile, source, rng }, variant) {
    const targets = [...continuousColumns(profile), ...binaryColumns(profile).filter((c) => c.kind === 'numeric')];
    const y = rng.pick(targets);
    if (!y) return null;
    const features = numericFeatureColumns(profile).filter((c) => c.name !== y.name);
    if (features.length < 3) return null;
    const chosen = features.map((c) => c.name);
    const w = new Phrase();
    const Y = w.col(y.name);
    const negative = variant === 'negative';
    return {
      steps: [
        loadStep(source),
        step('numeric', `numeric = df[${pyList([...chosen, y.name])}]`, 'numeric', ['load_data']),
        step('corr', `corr = numeric.corr()[${pyStr(y.name)}].drop(${pyStr(y.name)})`, 'corr', ['numeric']),
        step('strength', negative ? 'strength = corr' : 'strength = corr.abs()', 'strength', ['corr']),
        step('best', `best = strength.${negative ? 'min' : 'max'}()`, 'best', ['strength']),
        step('answer', 'answer = sorted(strength[strength == best].index.tolist())', 'answer', ['strength', 'best']),
      ],
      questions: negative
        ? [
            `Among the other numeric columns (identifiers excluded), which has the most negative Pearson correlation with ${Y}?`,
            `Which numeric column (not an id) is most negatively correlated with ${Y}?`,
          ]
        : [
            `Among the other numeric columns (identifiers excluded), which is most strongly correlated with ${Y}, in absolute value?`,
            `Which numeric feature (not an id) has the largest absolute Pearson correlation with ${Y}?`,
          ],
      hint: `Correlate every numeric non-id column with ${Y} (pairwise complete rows), drop ${Y} itself, and take the ${negative ? 'most negative' : 'largest absolute'} coefficient.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const mostCorrelatedPair: Family = {
  id: 'most-correlated-pair',
  category: 'correlation',
  title: 'the pair of numeric columns with the highest absolute correlation',
  variants: [{ id: 'pearson' }, { id: 'spearman', heldout: true }],
  build({ profile, source }, variant) {
    const cols = numericFeatureColumns(profile);
    if (cols.length < 3) return null;
    return {
      steps: [
        loadStep(source, ['import numpy as np']),
        step('numeric', `numeric = df[${pyList(cols.map((c) => c.name))}]`, 'numeric', ['load_data']),
        step('corr', `corr = numeric.corr(method=${pyStr(variant)}).abs()`, 'corr', ['numeric']),
        step('pairs', 'pairs = corr.where(np.triu(np.ones(corr.shape, dtype=bool), k=1)).stack().rename_axis(["a", "b"]).reset_index(name="r")', 'pairs', ['corr']),
        step('best', 'best = pairs["r"].max()', 'best', ['pairs']),
        step('answer', 'answer = sorted(" & ".join(sorted([a, b])) for a, b in pairs.loc[pairs["r"] == best, ["a", "b"]].itertuples(index=False))', 'answer', ['pairs', 'best']),
      ],
      questions: [
        `Which two numeric columns (identifiers excluded) have the highest absolute ${variant === 'pearson' ? 'Pearson' : 'Spearman'} correlation? Answer "A & B" with the names in alphabetical order.`,
        `Find the most strongly correlated pair of distinct numeric non-id columns (${variant} coefficient, absolute value). Write it as "A & B", names sorted alphabetically.`,
      ],
      hint: 'Build the absolute correlation matrix of the numeric non-id columns, look only above the diagonal, and take the largest entry.',
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      difficulty: 'medium',
      keep: [],
    };
  },
};

export const correlationFamilies: Family[] = [pairCorrelation, strongestCorrelate, mostCorrelatedPair];
