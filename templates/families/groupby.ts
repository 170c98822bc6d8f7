// Group-by aggregates: which group stands out, and what a group's statistic is.
import { categoricalColumns, continuousColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { py, pyList, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, loadStep, step } from './common.js';

const AGG_WORD: Record<string, string> = { mean: 'average', sum: 'total', median: 'median', max: 'maximum', min: 'minimum', std: 'standard deviation', count: 'number of non-missing values' };

export const groupBest: Family = {
  id: 'group-best',
  category: 'groupby',
  title: 'the group with the highest or lowest aggregate of a measure',
  variants: [{ id: 'mean-highest' }, { id: 'mean-lowest' }, { id: 'sum-highest', validation: true }, { id: 'median-highest', heldout: true }],
  build({ profile, source, rng }, variant) {
    const [agg, direction] = variant.split('-') as [string, string];
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!y) return null;
    const w = new Phrase();
    const [C, Y] = [w.col(c.name), w.col(y.name)];
    const best = direction === 'highest' ? 'max' : 'min';
    const word = AGG_WORD[agg] ?? agg;
    return {
      steps: [
        loadStep(source),
        step('per_group', `per_group = df.groupby(${pyStr(c.name)})[${pyStr(y.name)}].${agg}()`, 'per_group', ['load_data']),
        step('best', `best = per_group.${best}()`, 'best', ['per_group']),
        step('answer', 'answer = sorted(per_group[per_group == best].index.tolist(), key=str)', 'answer', ['per_group', 'best']),
      ],
      questions: [
        `Which value of ${C} has the ${direction} ${word} ${Y}?`,
        `Group the rows by ${C}. Which group's ${word} ${Y} is the ${direction}?`,
        `For each ${C}, compute the ${word} of ${Y}. Which ${C} comes out ${direction}?`,
      ],
      hint: `Group by ${C}, aggregate ${Y} with ${agg}, and take the group at the ${best === 'max' ? 'maximum' : 'minimum'} (ties are all valid).`,
      answer: { mode: 'one-of' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const groupValue: Family = {
  id: 'group-value',
  category: 'groupby',
  title: "one group's aggregate of a measure, through groupby",
  variants: [{ id: 'mean' }, { id: 'max' }, { id: 'std', validation: true }, { id: 'count', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!y) return null;
    const v = rng.choice(usableValues(c));
    const w = new Phrase();
    const [C, Y, V] = [w.col(c.name), w.col(y.name), w.val(v)];
    const word = AGG_WORD[variant] ?? variant;
    const cast = variant === 'count' ? 'int' : 'float';
    return {
      steps: [
        loadStep(source),
        step('grouped', `grouped = df.groupby(${pyStr(c.name)})[${pyStr(y.name)}].agg(${pyStr(variant)})`, 'grouped', ['load_data']),
        step('answer', `answer = ${cast}(grouped.loc[${py(v)}])`, 'answer', ['grouped']),
      ],
      questions: [
        `What is the ${word} of ${Y} for the ${C} group ${V}?`,
        `Grouping by ${C}, what ${word} of ${Y} does the group ${V} have?`,
        `Among rows with ${C} = ${V}, what is the ${word} of ${Y}?`,
      ],
      hint: `Group by ${C}, aggregate ${Y} with ${variant}, then read the entry of ${V}.`,
      answer: { mode: 'value' },
      tolerance: variant === 'count' ? EXACT : CLOSE,
      keep: w.keep,
    };
  },
};

export const groupPairBest: Family = {
  id: 'group-pair-best',
  category: 'groupby',
  title: 'the combination of two categories with the highest mean of a measure',
  variants: [{ id: 'mean' }, { id: 'sum' }],
  build({ profile, source, rng }, variant) {
    const cats = categoricalColumns(profile, 8);
    if (cats.length < 2) return null;
    const [a, b] = rng.sample(cats, 2) as [(typeof cats)[number], (typeof cats)[number]];
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== a.name && k.name !== b.name));
    if (!y) return null;
    const w = new Phrase();
    const [A, B, Y] = [w.col(a.name), w.col(b.name), w.col(y.name)];
    const word = AGG_WORD[variant] ?? variant;
    return {
      steps: [
        loadStep(source),
        step('combos', `combos = df.groupby([${pyStr(a.name)}, ${pyStr(b.name)}])[${pyStr(y.name)}].${variant}().reset_index(name="value")`, 'combos', ['load_data']),
        step('top', 'top = combos["value"].max()', 'top', ['combos']),
        step('answer', `answer = sorted(f"{x} / {z}" for x, z in combos.loc[combos["value"] == top, ${pyList([a.name, b.name])}].itertuples(index=False))`, 'answer', ['combos', 'top']),
      ],
      questions: [
        `Which combination of ${A} and ${B} has the highest ${word} ${Y}? Answer as "<${a.name}> / <${b.name}>".`,
        `Group by ${A} and ${B} together. Which pair of values gives the largest ${word} of ${Y}? Write it as "<${a.name}> / <${b.name}>".`,
      ],
      hint: `Group by both columns, aggregate ${Y} with ${variant}, and find the largest entry.`,
      answer: { mode: 'one-of' },
      tolerance: CLOSE,
      difficulty: 'medium',
      keep: w.keep,
    };
  },
};

export const groupDistinctMost: Family = {
  id: 'group-distinct-most',
  category: 'groupby',
  title: 'the group with the most distinct values of another column',
  variants: [{ id: 'nunique' }],
  build({ profile, source, rng }) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const others = profile.columns.filter((k) => k.name !== c.name && k.unique >= 5 && !/[`\n"\\]/.test(k.name));
    const b = rng.choice(others.length ? others : [c]);
    if (b.name === c.name) return null;
    const w = new Phrase();
    const [C, B] = [w.col(c.name), w.col(b.name)];
    return {
      steps: [
        loadStep(source),
        step('distinct', `distinct = df.groupby(${pyStr(c.name)})[${pyStr(b.name)}].nunique()`, 'distinct', ['load_data']),
        step('most', 'most = distinct.max()', 'most', ['distinct']),
        step('answer', 'answer = sorted(distinct[distinct == most].index.tolist(), key=str)', 'answer', ['distinct', 'most']),
      ],
      questions: [
        `Which ${C} group contains the largest number of distinct ${B} values?`,
        `For each value of ${C}, count the different values of ${B}. Which ${C} has the most?`,
      ],
      hint: `Group by ${C} and count unique values of ${B} (missing values are not counted).`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const groupbyFamilies: Family[] = [groupBest, groupValue, groupPairBest, groupDistinctMost];
