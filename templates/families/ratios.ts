// Ratios and percentages: shares of rows, shares of a total, ratios between groups.
import { categoricalColumns, continuousColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { py, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, col, loadStep, step } from './common.js';

export const valuePercentage: Family = {
  id: 'value-percentage',
  category: 'ratios',
  title: 'the percentage (or fraction) of rows with a given value',
  variants: [{ id: 'percent' }, { id: 'fraction', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const v = rng.choice(usableValues(c));
    const w = new Phrase();
    const [C, V] = [w.col(c.name), w.val(v)];
    const percent = variant === 'percent';
    return {
      steps: [
        loadStep(source),
        step('is_value', `is_value = ${col('df', c.name)} == ${py(v)}`, 'is_value', ['load_data']),
        step('answer', `answer = float(is_value.mean()${percent ? ' * 100' : ''})`, 'answer', ['is_value']),
      ],
      questions: percent
        ? [`What percentage of all rows have ${C} equal to ${V}?`, `Out of every row in the table, what percent has ${V} as its ${C}? Give a number between 0 and 100.`]
        : [`What fraction of all rows have ${C} equal to ${V}? Give a number between 0 and 1.`, `Which share of the rows (as a proportion) has ${C} = ${V}?`],
      hint: `Compare ${C} with ${V} and average the booleans over all rows (rows with a missing ${C} count as not matching)${percent ? ', times 100' : ''}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const groupMeanRatio: Family = {
  id: 'group-mean-ratio',
  category: 'ratios',
  title: 'the ratio between the means of a measure in two groups',
  variants: [{ id: 'mean' }, { id: 'median', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const values = usableValues(c);
    if (values.length < 2) return null;
    const [a, b] = rng.sample(values, 2) as [(typeof values)[number], (typeof values)[number]];
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name && (k.stats?.min ?? -1) > 0));
    if (!y) return null;
    const w = new Phrase();
    const [C, Y, A, B] = [w.col(c.name), w.col(y.name), w.val(a), w.val(b)];
    const word = variant === 'mean' ? 'mean' : 'median';
    return {
      steps: [
        loadStep(source),
        step('per_group', `per_group = df.groupby(${pyStr(c.name)})[${pyStr(y.name)}].${variant}()`, 'per_group', ['load_data']),
        step('answer', `answer = float(per_group.loc[${py(a)}] / per_group.loc[${py(b)}])`, 'answer', ['per_group']),
      ],
      questions: [
        `What is the ratio of the ${word} ${Y} for rows with ${C} = ${A} to the ${word} ${Y} for rows with ${C} = ${B}?`,
        `Divide the ${word} ${Y} for rows with ${C} = ${A} by the ${word} ${Y} for rows with ${C} = ${B}. What do you get?`,
      ],
      hint: `Compute the ${word} of ${Y} per ${C} and divide the entry of ${A} by the entry of ${B}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const shareOfTotal: Family = {
  id: 'share-of-total',
  category: 'ratios',
  title: 'the percentage of a column total contributed by one group',
  variants: [{ id: 'percent' }],
  build({ profile, source, rng }) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name && (k.stats?.min ?? -1) >= 0 && (k.stats?.max ?? 0) > 0));
    if (!y) return null;
    const v = rng.choice(usableValues(c));
    const w = new Phrase();
    const [C, Y, V] = [w.col(c.name), w.col(y.name), w.val(v)];
    return {
      steps: [
        loadStep(source),
        step('total', `total = ${col('df', y.name)}.sum()`, 'total', ['load_data']),
        step('part', `part = df.loc[${col('df', c.name)} == ${py(v)}, ${pyStr(y.name)}].sum()`, 'part', ['load_data']),
        step('answer', 'answer = float(part / total * 100)', 'answer', ['part', 'total']),
      ],
      questions: [
        `What percentage of the total ${Y} comes from rows where ${C} is ${V}?`,
        `Of the sum of ${Y} over all rows, what percent is contributed by the ${C} = ${V} rows?`,
      ],
      hint: `Sum ${Y} over the ${V} rows and over all rows (missing values are skipped) and take the ratio times 100.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const largestGroupShare: Family = {
  id: 'largest-group-share',
  category: 'ratios',
  title: 'the share of rows in the most common value of a column',
  variants: [{ id: 'fraction' }, { id: 'smallest-fraction', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile, 30));
    if (!c) return null;
    const w = new Phrase();
    const C = w.col(c.name);
    const largest = variant === 'fraction';
    return {
      steps: [
        loadStep(source),
        step('counts', `counts = ${col('df', c.name)}.value_counts()`, 'counts', ['load_data']),
        step('size', `size = counts.${largest ? 'max' : 'min'}()`, 'size', ['counts']),
        step('answer', 'answer = float(size / len(df))', 'answer', ['size', 'load_data']),
      ],
      questions: [
        `What fraction of all rows belongs to the ${largest ? 'most' : 'least'} common value of ${C}?`,
        `Take the ${largest ? 'most' : 'least'} frequent ${C} value. Which proportion of the table's rows has it (0 to 1)?`,
      ],
      hint: `Count the values of ${C}, take the ${largest ? 'largest' : 'smallest'} count and divide by the number of rows (missing values included in the denominator).`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const ratioFamilies: Family[] = [valuePercentage, groupMeanRatio, shareOfTotal, largestGroupShare];
