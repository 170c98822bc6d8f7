// Ranking and top-k: the largest values, the most frequent categories, a group's rank.
import { categoricalColumns, continuousColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { countWord, ordinal, py, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

export const topValues: Family = {
  id: 'top-values',
  category: 'ranking',
  title: 'the k largest or smallest values of a column, in order',
  variants: [{ id: 'largest' }, { id: 'smallest' }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const k = rng.choice([3, 5]);
    const w = new Phrase();
    const X = w.col(x.name);
    const K = countWord(k);
    const fn = variant === 'largest' ? 'nlargest' : 'nsmallest';
    return {
      steps: [
        loadStep(source),
        step('clean', `clean = ${col('df', x.name)}.dropna()`, 'clean', ['load_data']),
        step('top', `top = clean.${fn}(${k})`, 'top', ['clean']),
        step('answer', 'answer = top.tolist()', 'answer', ['top']),
      ],
      questions: [
        `List the ${K} ${variant} values of ${X}, from the most extreme down.`,
        `What are the ${K} ${variant} ${X} values, in order (${variant === 'largest' ? 'largest' : 'smallest'} first)?`,
      ],
      hint: `Drop missing values of ${X} and take the ${K} ${variant} in order; repeated values count separately.`,
      answer: { mode: 'list', ordered: true },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const topCategories: Family = {
  id: 'top-categories',
  category: 'ranking',
  title: 'the k most frequent values of a column, ties broken alphabetically',
  variants: [{ id: 'most-frequent' }, { id: 'least-frequent', heldout: true }],
  build({ profile, source, rng }, variant) {
    const k = 3;
    const c = rng.pick(categoricalColumns(profile, 30).filter((k2) => k2.unique > k));
    if (!c) return null;
    const w = new Phrase();
    const C = w.col(c.name);
    const most = variant === 'most-frequent';
    return {
      steps: [
        loadStep(source),
        step('counts', `counts = ${col('df', c.name)}.value_counts()`, 'counts', ['load_data']),
        step(
          'table',
          `table = counts.rename_axis("value").reset_index(name="n").sort_values(["n", "value"], ascending=[${most ? 'False' : 'True'}, True])`,
          'table',
          ['counts'],
        ),
        step('answer', `answer = table["value"].head(${k}).tolist()`, 'answer', ['table']),
      ],
      questions: [
        `Which ${countWord(k)} values of ${C} occur ${most ? 'most' : 'least'} often? List them from the ${most ? 'most' : 'least'} frequent, breaking ties alphabetically.`,
        `Give the ${countWord(k)} ${most ? 'most' : 'least'} common ${C} values in order of frequency (${most ? 'most' : 'least'} common first; equal counts in ascending order of the value).`,
      ],
      hint: `Count the values of ${C} (missing values excluded), sort by count ${most ? 'descending' : 'ascending'} then by value, and keep the first ${countWord(k)}.`,
      answer: { mode: 'list', ordered: true },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const groupRank: Family = {
  id: 'group-rank',
  category: 'ranking',
  title: "a group's rank when groups are ordered by the mean of a measure",
  variants: [{ id: 'descending' }, { id: 'ascending' }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile).filter((k) => k.unique >= 3));
    if (!c) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!y) return null;
    const v = rng.choice(usableValues(c));
    const w = new Phrase();
    const [C, Y, V] = [w.col(c.name), w.col(y.name), w.val(v)];
    const desc = variant === 'descending';
    return {
      steps: [
        loadStep(source),
        step('means', `means = df.groupby(${pyStr(c.name)})[${pyStr(y.name)}].mean()`, 'means', ['load_data']),
        step('ranks', `ranks = means.rank(ascending=${desc ? 'False' : 'True'}, method="min")`, 'ranks', ['means']),
        step('answer', `answer = int(ranks.loc[${py(v)}])`, 'answer', ['ranks']),
      ],
      questions: [
        `Rank the ${C} groups by their mean ${Y}, ${desc ? 'highest' : 'lowest'} first (rank 1). What rank does ${V} get?`,
        `When the values of ${C} are ordered by average ${Y} (${desc ? 'largest' : 'smallest'} = rank one, ties share the best rank), where does ${V} place?`,
      ],
      hint: `Average ${Y} per ${C}, rank the averages ${desc ? 'descending' : 'ascending'} with ties sharing the lowest rank, and read the rank of ${V}.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const nthLargest: Family = {
  id: 'nth-largest-distinct',
  category: 'ranking',
  title: 'the n-th largest distinct value of a column',
  variants: [{ id: 'second' }, { id: 'third' }, { id: 'fifth', heldout: true }],
  build({ profile, source, rng }, variant) {
    const n = { second: 2, third: 3, fifth: 5 }[variant] ?? 2;
    const x = rng.pick(continuousColumns(profile).filter((k) => k.unique > n));
    if (!x) return null;
    const w = new Phrase();
    const X = w.col(x.name);
    return {
      steps: [
        loadStep(source),
        step('distinct', `distinct = pd.Series(${col('df', x.name)}.dropna().unique())`, 'distinct', ['load_data']),
        step('ordered', 'ordered = distinct.sort_values(ascending=False).reset_index(drop=True)', 'ordered', ['distinct']),
        step('answer', `answer = float(ordered.iloc[${n - 1}])`, 'answer', ['ordered']),
      ],
      questions: [
        `What is the ${ordinal(n)} largest distinct value of ${X}?`,
        `Ignoring repeats, which value of ${X} is the ${ordinal(n)} highest?`,
      ],
      hint: `Take the distinct non-missing values of ${X}, sort them from high to low and pick the ${ordinal(n)}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const rankingFamilies: Family[] = [topValues, topCategories, groupRank, nthLargest];
