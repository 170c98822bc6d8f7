// Distribution statistics: spread, shape, quantiles, outliers, and composed questions such as
// "the column with the highest variance, then its mean" (with held-out recombinations).
import { continuousColumns, numericFeatureColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { niceNumber, pyList } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

const SELECT: Record<string, { code: string; word: string }> = {
  variance: { code: 'numeric.var()', word: 'the highest variance' },
  skewness: { code: 'numeric.skew()', word: 'the highest skewness' },
  kurtosis: { code: 'numeric.kurt()', word: 'the highest kurtosis' },
  range: { code: 'numeric.max() - numeric.min()', word: 'the widest range (max minus min)' },
};
const REDUCE: Record<string, string> = { mean: 'mean', median: 'median', max: 'maximum' };

/** The example: pick a column by one statistic, report another. */
export const selectThenStat: Family = {
  id: 'select-then-stat',
  category: 'distribution',
  title: 'the column with the highest variance/skewness/range, then its mean/median/max',
  variants: [
    { id: 'variance-mean' },
    { id: 'variance-median', validation: true },
    { id: 'skewness-mean' },
    { id: 'range-median' },
    { id: 'kurtosis-max' },
    { id: 'skewness-median', heldout: true },
    { id: 'range-max', heldout: true },
  ],
  build({ profile, source, rng }, variant) {
    const [sel, red] = variant.split('-') as [string, string];
    const select = SELECT[sel];
    const reduceWord = REDUCE[red];
    if (!select || !reduceWord) return null;
    const cols = continuousColumns(profile);
    if (cols.length < 3) return null;
    const chosen = rng.sample(cols, Math.min(cols.length, rng.int(3, 6))).map((c) => c.name);
    const w = new Phrase();
    const listed = chosen.map((c) => w.col(c)).join(', ');
    return {
      steps: [
        loadStep(source),
        step('numeric', `numeric = df[${pyList(chosen)}]`, 'numeric', ['load_data']),
        step('spread', `spread = ${select.code}`, 'spread', ['numeric']),
        step('chosen', 'chosen = spread.idxmax()', 'chosen', ['spread']),
        step('answer', `answer = float(numeric[chosen].${red}())`, 'answer', ['numeric', 'chosen']),
      ],
      questions: [
        `Among ${listed}, take the column with ${select.word}. What is its ${reduceWord}?`,
        `Of the columns ${listed}, which has ${select.word}? Report that column's ${reduceWord}.`,
        `Find the column with ${select.word} among ${listed} and give its ${reduceWord} value.`,
      ],
      hint: `Compute the statistic for each listed column, pick the largest, then take the ${reduceWord} of that column (missing values skipped).`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      difficulty: 'medium',
      keep: w.keep,
    };
  },
};

export const quantile: Family = {
  id: 'quantile',
  category: 'distribution',
  title: 'a quantile of a column',
  variants: [{ id: 'q10' }, { id: 'q25' }, { id: 'q75', validation: true }, { id: 'q90', heldout: true }],
  build({ profile, source, rng }, variant) {
    const q = Number(variant.slice(1)) / 100;
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const w = new Phrase();
    const X = w.col(x.name);
    const pct = `${Math.round(q * 100)}th`;
    return {
      steps: [
        loadStep(source),
        step('values', `values = ${col('df', x.name)}.dropna()`, 'values', ['load_data']),
        step('answer', `answer = float(values.quantile(${q}))`, 'answer', ['values']),
      ],
      questions: [
        `What is the ${pct} percentile of ${X}?`,
        `Compute the ${q} quantile of ${X} (linear interpolation).`,
        `Below which value of ${X} do ${Math.round(q * 100)} percent of the rows fall (pandas' default quantile)?`,
      ],
      hint: `Drop missing values of ${X} and take pandas' quantile with linear interpolation.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const iqrOutliers: Family = {
  id: 'iqr-outliers',
  category: 'distribution',
  title: 'the number of outliers by the IQR rule (a 9-step chain)',
  variants: [{ id: 'k1.5' }, { id: 'k3', heldout: true }],
  build({ profile, source, rng }, variant) {
    const k = Number(variant.slice(1));
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const w = new Phrase();
    const X = w.col(x.name);
    return {
      steps: [
        loadStep(source),
        step('values', `values = ${col('df', x.name)}.dropna()`, 'values', ['load_data']),
        step('q1', 'q1 = values.quantile(0.25)', 'q1', ['values']),
        step('q3', 'q3 = values.quantile(0.75)', 'q3', ['values']),
        step('iqr', 'iqr = q3 - q1', 'iqr', ['q1', 'q3']),
        step('lower', `lower = q1 - ${k} * iqr`, 'lower', ['q1', 'iqr']),
        step('upper', `upper = q3 + ${k} * iqr`, 'upper', ['q3', 'iqr']),
        step('outliers', 'outliers = values[(values < lower) | (values > upper)]', 'outliers', ['values', 'lower', 'upper']),
        step('answer', 'answer = int(len(outliers))', 'answer', ['outliers']),
      ],
      questions: [
        `How many values of ${X} are outliers by the ${k} x IQR rule (outside [Q1 - ${k} IQR, Q3 + ${k} IQR])?`,
        `Using quartiles of ${X} and fences at ${k} times the interquartile range, count the values that fall outside the fences.`,
      ],
      hint: `Quartiles of the non-missing ${X}, IQR = Q3 - Q1, fences Q1 - ${k}*IQR and Q3 + ${k}*IQR; count values strictly outside.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const maxZScore: Family = {
  id: 'max-zscore',
  category: 'distribution',
  title: 'the largest absolute z-score of a column',
  variants: [{ id: 'sample-std' }],
  build({ profile, source, rng }) {
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const w = new Phrase();
    const X = w.col(x.name);
    return {
      steps: [
        loadStep(source),
        step('values', `values = ${col('df', x.name)}.dropna()`, 'values', ['load_data']),
        step('z', 'z = (values - values.mean()) / values.std()', 'z', ['values']),
        step('answer', 'answer = float(z.abs().max())', 'answer', ['z']),
      ],
      questions: [
        `What is the largest absolute z-score among the values of ${X} (sample standard deviation)?`,
        `Standardise ${X} with its mean and sample standard deviation. How far, in standard deviations, is the most extreme value from the mean?`,
      ],
      hint: `z = (x - mean) / std with the sample (n - 1) standard deviation; take the maximum of |z|.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const shapeStat: Family = {
  id: 'shape-stat',
  category: 'distribution',
  title: 'variance, skewness, kurtosis or coefficient of variation of a column',
  variants: [{ id: 'var' }, { id: 'skew', validation: true }, { id: 'cv' }, { id: 'kurt', heldout: true }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile).filter((c) => variant !== 'cv' || (c.stats?.min ?? -1) > 0));
    if (!x) return null;
    const w = new Phrase();
    const X = w.col(x.name);
    const word = { var: 'sample variance', skew: 'skewness', cv: 'coefficient of variation (sample std / mean)', kurt: 'excess kurtosis' }[variant] ?? variant;
    const expr = variant === 'cv' ? 'values.std() / values.mean()' : `values.${variant}()`;
    return {
      steps: [
        loadStep(source),
        step('values', `values = ${col('df', x.name)}.dropna()`, 'values', ['load_data']),
        step('answer', `answer = float(${expr})`, 'answer', ['values']),
      ],
      questions: [`What is the ${word} of ${X}?`, `Compute the ${word} of the column ${X}, ignoring missing values.`],
      hint: `Use pandas' unbiased estimators on the non-missing values of ${X}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

/** Several columns qualify: the answer is a set, any member is right. */
export const medianAbove: Family = {
  id: 'median-above',
  category: 'distribution',
  title: 'name one column whose median exceeds a threshold (several are right)',
  variants: [{ id: 'median' }, { id: 'mean', heldout: true }],
  build({ profile, source, rng }, variant) {
    const cols = numericFeatureColumns(profile).filter((c) => c.stats && c.missing < profile.rows);
    if (cols.length < 3) return null;
    const stat = (c: (typeof cols)[number]) => (variant === 'median' ? (c.stats?.q50 ?? 0) : (c.stats?.mean ?? 0));
    const sorted = [...cols].sort((a, b) => stat(b) - stat(a));
    const m = rng.int(2, Math.min(3, sorted.length - 1));
    const hi = stat(sorted[m - 1] as (typeof cols)[number]);
    const lo = stat(sorted[m] as (typeof cols)[number]);
    if (!(hi > lo)) return null;
    // The shortest threshold strictly between the m-th and (m+1)-th largest statistic.
    let t = lo;
    for (let d = 1; d <= 6; d++) {
      const c = niceNumber((hi + lo) / 2, d);
      if (c > lo && c < hi) {
        t = c;
        break;
      }
    }
    if (!(t > lo && t < hi)) return null;
    const chosen = cols.map((c) => c.name);
    const w = new Phrase();
    const T = w.num(t);
    return {
      steps: [
        loadStep(source),
        step('numeric', `numeric = df[${pyList(chosen)}]`, 'numeric', ['load_data']),
        step('stat', `stat = numeric.${variant}()`, 'stat', ['numeric']),
        step('answer', `answer = sorted(stat[stat > ${t}].index.tolist())`, 'answer', ['stat']),
      ],
      questions: [
        `Name one numeric column (not an identifier) whose ${variant} is greater than ${T}.`,
        `Give any numeric, non-id column of the table with a ${variant} above ${T}.`,
      ],
      hint: `Compute the ${variant} of each numeric non-id column and keep those above ${T}; any of them is a valid answer.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const distributionFamilies: Family[] = [selectThenStat, quantile, iqrOutliers, maxZScore, shapeStat, medianAbove];
