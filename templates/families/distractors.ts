// Distractors: questions whose plausible approach leads nowhere. Filtering as asked keeps no row,
// so averaging "the matching rows" gives NaN; the right answer is that there is none (null). The
// programs show the check that reveals it. Episodes are stored with is_distractor = true.
import { allValuesKnown, categoricalColumns, continuousColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { niceNumber, py, valueText } from '../python.js';
import type { Family, Scalar } from '../types.js';
import { EXACT, col, loadStep, step } from './common.js';

const NONE = 'If no row qualifies, answer None.';

export const emptyFilter: Family = {
  id: 'distractor-empty-filter',
  category: 'distractors',
  title: 'average a measure over rows beyond the maximum of another column (no row qualifies)',
  variants: [{ id: 'above-max' }, { id: 'below-min', heldout: true }],
  distractor: true,
  build({ profile, source, rng }, variant) {
    const nums = continuousColumns(profile);
    if (nums.length < 2) return null;
    const [x, y] = rng.sample(nums, 2) as [(typeof nums)[number], (typeof nums)[number]];
    if (!x.stats) return null;
    const above = variant === 'above-max';
    const span = Math.max(Math.abs(x.stats.max - x.stats.min), 1);
    const t = above ? niceNumber(x.stats.max + span, 2) : niceNumber(x.stats.min - span, 2);
    if (above ? !(t > x.stats.max) : !(t < x.stats.min)) return null;
    const w = new Phrase();
    const [X, Y, T] = [w.col(x.name), w.col(y.name), w.num(t)];
    return {
      steps: [
        loadStep(source),
        step('subset', `subset = df[${col('df', x.name)} ${above ? '>' : '<'} ${t}]`, 'subset', ['load_data']),
        step('count', 'count = int(len(subset))', 'count', ['subset']),
        step('answer', `answer = float(${col('subset', y.name)}.mean()) if count else None`, 'answer', ['subset', 'count']),
      ],
      questions: [
        `What is the average ${Y} of the rows where ${X} is ${above ? 'greater' : 'less'} than ${T}? ${NONE}`,
        `Among records with ${X} ${above ? 'above' : 'below'} ${T}, what is the mean ${Y}? ${NONE}`,
      ],
      hint: `Check how many rows pass the filter on ${X} before averaging.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

const ABSENT_WORDS = ['Other', 'Unknown', 'None', 'Missing', 'Not specified'];

export const absentCategory: Family = {
  id: 'distractor-absent-category',
  category: 'distractors',
  title: 'a statistic for a category value that never occurs',
  variants: [{ id: 'median' }, { id: 'mean' }],
  distractor: true,
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile).filter(allValuesKnown));
    if (!c) return null;
    const present = new Set(c.top.map((t) => String(t.value).toLowerCase()));
    let absent: Scalar | undefined;
    if (c.kind === 'string') absent = ABSENT_WORDS.find((v) => !present.has(v.toLowerCase()));
    else if (c.kind === 'numeric') absent = Math.max(...c.top.map((t) => Number(t.value))) + 1;
    if (absent === undefined) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== c.name));
    if (!y) return null;
    const w = new Phrase();
    const [C, Y, V] = [w.col(c.name), w.col(y.name), w.val(absent)];
    return {
      steps: [
        loadStep(source),
        step('subset', `subset = df[${col('df', c.name)} == ${py(absent)}]`, 'subset', ['load_data']),
        step('count', 'count = int(len(subset))', 'count', ['subset']),
        step('answer', `answer = float(${col('subset', y.name)}.${variant}()) if count else None`, 'answer', ['subset', 'count']),
      ],
      questions: [`What is the ${variant} ${Y} for rows where ${C} is ${V}? ${NONE}`, `For the ${C} group ${valueText(absent)}, what ${variant} ${Y} do the rows have? ${NONE}`],
      hint: `Look at which values ${C} actually takes before filtering.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const noMissing: Family = {
  id: 'distractor-no-missing',
  category: 'distractors',
  title: 'a statistic over the rows where a complete column is missing',
  variants: [{ id: 'median' }],
  distractor: true,
  build({ profile, source, rng }) {
    const complete = profile.columns.filter((c) => c.missing === 0 && !/[`\n"\\]/.test(c.name));
    const x = complete.length ? rng.pick(complete) : undefined;
    if (!x) return null;
    const y = rng.pick(continuousColumns(profile).filter((k) => k.name !== x.name));
    if (!y) return null;
    const w = new Phrase();
    const [X, Y] = [w.col(x.name), w.col(y.name)];
    return {
      steps: [
        loadStep(source),
        step('gaps', `gaps = df[${col('df', x.name)}.isna()]`, 'gaps', ['load_data']),
        step('count', 'count = int(len(gaps))', 'count', ['gaps']),
        step('answer', `answer = float(${col('gaps', y.name)}.median()) if count else None`, 'answer', ['gaps', 'count']),
      ],
      questions: [`What is the median ${Y} of the rows where ${X} is missing? ${NONE}`, `Among rows with no ${X} value, what is the median of ${Y}? ${NONE}`],
      hint: `Count the rows where ${X} is missing first.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const distractorFamilies: Family[] = [emptyFilter, absentCategory, noMissing];
