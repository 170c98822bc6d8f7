// Selection and filters: counting and summarising the rows a condition keeps.
import { categoricalColumns, continuousColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { niceNumber, py } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

export const filterCount: Family = {
  id: 'filter-count',
  category: 'selection',
  title: 'count the rows above or below a threshold',
  variants: [{ id: 'above' }, { id: 'below' }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile));
    if (!x?.stats) return null;
    const above = variant === 'above';
    const t = niceNumber(above ? x.stats.q75 : x.stats.q25);
    const op = above ? '>' : '<';
    const w = new Phrase();
    const X = w.col(x.name);
    const T = w.num(t);
    const word = above ? 'greater than' : 'less than';
    return {
      steps: [
        loadStep(source),
        step('mask', `mask = ${col('df', x.name)} ${op} ${t}`, 'mask', ['load_data']),
        step('matched', 'matched = df[mask]', 'matched', ['load_data', 'mask']),
        step('answer', 'answer = int(len(matched))', 'answer', ['matched']),
      ],
      questions: [
        `How many rows have ${X} ${word} ${T}?`,
        `Count the records whose ${X} is ${word} ${T}.`,
        `In how many rows is ${X} strictly ${above ? 'above' : 'below'} ${T}?`,
      ],
      hint: `Build a boolean mask comparing ${X} with the threshold and count the rows it keeps; missing values do not qualify.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const filterAggregate: Family = {
  id: 'filter-aggregate',
  category: 'selection',
  title: 'a statistic of one column over the rows where a category matches',
  variants: [{ id: 'mean' }, { id: 'max' }, { id: 'median', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!y) return null;
    const v = rng.choice(usableValues(c));
    const w = new Phrase();
    const [C, Y, V] = [w.col(c.name), w.col(y.name), w.val(v)];
    const word = { mean: 'average', max: 'largest', median: 'median' }[variant] ?? variant;
    return {
      steps: [
        loadStep(source),
        step('subset', `subset = df[${col('df', c.name)} == ${py(v)}]`, 'subset', ['load_data']),
        step('values', `values = ${col('subset', y.name)}`, 'values', ['subset']),
        step('answer', `answer = float(values.${variant}())`, 'answer', ['values']),
      ],
      questions: [
        `What is the ${word} ${Y} among rows where ${C} is ${V}?`,
        `Among the records with ${C} equal to ${V}, what is the ${word} value of ${Y}?`,
        `Restrict the data to ${C} == ${V}. What is the ${word} of ${Y} there?`,
      ],
      hint: `Filter the rows on ${C}, select ${Y} and take its ${variant} (missing values are skipped).`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const filterTwoConditions: Family = {
  id: 'filter-two-conditions',
  category: 'selection',
  title: 'count the rows meeting a category condition and a numeric one',
  variants: [{ id: 'and' }, { id: 'or', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const x = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!x?.stats) return null;
    const v = rng.choice(usableValues(c));
    const t = niceNumber(x.stats.q50);
    const w = new Phrase();
    const [C, V, X, T] = [w.col(c.name), w.val(v), w.col(x.name), w.num(t)];
    const and = variant === 'and';
    return {
      steps: [
        loadStep(source),
        step('is_value', `is_value = ${col('df', c.name)} == ${py(v)}`, 'is_value', ['load_data']),
        step('is_large', `is_large = ${col('df', x.name)} > ${t}`, 'is_large', ['load_data']),
        step('both', `both = is_value ${and ? '&' : '|'} is_large`, 'both', ['is_value', 'is_large']),
        step('answer', 'answer = int(both.sum())', 'answer', ['both']),
      ],
      questions: and
        ? [
            `How many rows have ${C} equal to ${V} and ${X} greater than ${T}?`,
            `Count the records where ${C} is ${V} and, at the same time, ${X} exceeds ${T}.`,
          ]
        : [
            `How many rows have ${C} equal to ${V} or ${X} greater than ${T} (or both)?`,
            `Count the records that satisfy at least one of: ${C} is ${V}; ${X} exceeds ${T}.`,
          ],
      hint: `Make one boolean mask per condition, combine them with ${and ? 'and' : 'or'}, and count the True values.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const extremeRowLookup: Family = {
  id: 'extreme-row-lookup',
  category: 'selection',
  title: 'a value of one column in the row where another is largest or smallest',
  variants: [{ id: 'max' }, { id: 'min' }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const others = profile.columns.filter((k) => k.name !== x.name && k.kind !== 'datetime' && (k.kind === 'string' ? k.unique > 1 : k.unique > 2) && !/[`\n"\\]/.test(k.name));
    const b = rng.choice(others.length ? others : [x]);
    if (b.name === x.name) return null;
    const w = new Phrase();
    const [X, B] = [w.col(x.name), w.col(b.name)];
    const word = variant === 'max' ? 'largest' : 'smallest';
    return {
      steps: [
        loadStep(source),
        step('extreme', `extreme = ${col('df', x.name)}.${variant}()`, 'extreme', ['load_data']),
        step('rows', `rows = df[${col('df', x.name)} == extreme]`, 'rows', ['load_data', 'extreme']),
        step('answer', `answer = sorted(set(${col('rows', b.name)}.dropna().tolist()), key=str)`, 'answer', ['rows']),
      ],
      questions: [
        `What is the ${B} of the row with the ${word} ${X}?`,
        `Find the record whose ${X} is the ${word}. What is its ${B}?`,
        `Look up ${B} for the row where ${X} reaches its ${variant === 'max' ? 'maximum' : 'minimum'}.`,
      ],
      hint: `Find the ${variant === 'max' ? 'maximum' : 'minimum'} of ${X}, keep the rows that reach it, and read ${B} there; when several rows tie, each of their values is a valid answer.`,
      answer: { mode: 'one-of' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const selectionFamilies: Family[] = [filterCount, filterAggregate, filterTwoConditions, extremeRowLookup];

