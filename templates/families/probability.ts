// Conditional probabilities over a two-valued outcome and a conditioning category.
import { binaryColumns, categoricalColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { py, pyStr } from '../python.js';
import type { BuildContext, ColumnProfile, Family, Scalar } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

/** An outcome column and one of its two values, and a different conditioning column. */
function outcomeAndCondition(ctx: BuildContext): { t: ColumnProfile; tv: Scalar; c: ColumnProfile } | null {
  const t = ctx.rng.pick(binaryColumns(ctx.profile));
  if (!t) return null;
  const c = ctx.rng.pick(categoricalColumns(ctx.profile).filter((k) => k.name !== t.name));
  if (!c) return null;
  const tv = ctx.rng.choice(t.top.map((x) => x.value));
  return { t, tv, c };
}

export const conditionalProbability: Family = {
  id: 'conditional-probability',
  category: 'probability',
  title: 'P(outcome | condition), or the inverse P(condition | outcome)',
  variants: [{ id: 'forward' }, { id: 'inverse', heldout: true }],
  build(ctx, variant) {
    const picked = outcomeAndCondition(ctx);
    if (!picked) return null;
    const { t, tv, c } = picked;
    const v = ctx.rng.choice(usableValues(c));
    const w = new Phrase();
    const [T, TV, C, V] = [w.col(t.name), w.val(tv), w.col(c.name), w.val(v)];
    const forward = variant === 'forward';
    const [given, event] = forward ? [`${col('df', c.name)} == ${py(v)}`, `${t.name}`] : [`${col('df', t.name)} == ${py(tv)}`, `${c.name}`];
    return {
      steps: [
        loadStep(ctx.source),
        step('given', `given = df[${given}]`, 'given', ['load_data']),
        step('hits', `hits = ${col('given', event)} == ${py(forward ? tv : v)}`, 'hits', ['given']),
        step('answer', 'answer = float(hits.mean())', 'answer', ['hits']),
      ],
      questions: forward
        ? [`What is the probability that ${T} is ${TV} given that ${C} is ${V}?`, `Among rows with ${C} = ${V}, what fraction has ${T} = ${TV}?`]
        : [`What is the probability that ${C} is ${V} given that ${T} is ${TV}?`, `Among rows with ${T} = ${TV}, what fraction has ${C} = ${V}?`],
      hint: 'Keep the rows that satisfy the condition and take the share of them where the event holds (rows with a missing value count as not matching).',
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const likeliestGroup: Family = {
  id: 'likeliest-group',
  category: 'probability',
  title: 'the category under which an outcome is most likely',
  variants: [{ id: 'most-likely' }, { id: 'least-likely' }],
  build(ctx, variant) {
    const picked = outcomeAndCondition(ctx);
    if (!picked) return null;
    const { t, tv, c } = picked;
    const w = new Phrase();
    const [T, TV, C] = [w.col(t.name), w.val(tv), w.col(c.name)];
    const most = variant === 'most-likely';
    return {
      steps: [
        loadStep(ctx.source),
        step('outcome', `outcome = ${col('df', t.name)} == ${py(tv)}`, 'outcome', ['load_data']),
        step('rates', `rates = outcome.groupby(${col('df', c.name)}).mean()`, 'rates', ['load_data', 'outcome']),
        step('best', `best = rates.${most ? 'max' : 'min'}()`, 'best', ['rates']),
        step('answer', 'answer = sorted(rates[rates == best].index.tolist(), key=str)', 'answer', ['rates', 'best']),
      ],
      questions: [
        `For which value of ${C} is the probability that ${T} is ${TV} the ${most ? 'highest' : 'lowest'}?`,
        `Conditioning on ${C}, under which value is ${T} = ${TV} ${most ? 'most' : 'least'} likely?`,
      ],
      hint: `Compute the share of ${T} = ${TV} within each ${C} group and take the ${most ? 'largest' : 'smallest'}.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const outcomeLift: Family = {
  id: 'outcome-lift',
  category: 'probability',
  title: 'the lift of an outcome under a condition: P(outcome | condition) / P(outcome)',
  variants: [{ id: 'lift' }],
  build(ctx) {
    const picked = outcomeAndCondition(ctx);
    if (!picked) return null;
    const { t, tv, c } = picked;
    const v = ctx.rng.choice(usableValues(c));
    const w = new Phrase();
    const [T, TV, C, V] = [w.col(t.name), w.val(tv), w.col(c.name), w.val(v)];
    return {
      steps: [
        loadStep(ctx.source),
        step('overall', `overall = (${col('df', t.name)} == ${py(tv)}).mean()`, 'overall', ['load_data']),
        step('conditional', `conditional = (df.loc[${col('df', c.name)} == ${py(v)}, ${pyStr(t.name)}] == ${py(tv)}).mean()`, 'conditional', ['load_data']),
        step('answer', 'answer = float(conditional / overall)', 'answer', ['conditional', 'overall']),
      ],
      questions: [
        `How many times more (or less) likely is ${T} = ${TV} when ${C} is ${V} than overall? Give P(${t.name} = ${String(tv)} | ${c.name} = ${String(v)}) / P(${t.name} = ${String(tv)}).`,
        `What is the lift of ${T} = ${TV} among rows with ${C} = ${V}, relative to all rows?`,
      ],
      hint: 'Divide the share of the outcome within the condition by its share over all rows.',
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const probabilityFamilies: Family[] = [conditionalProbability, likeliestGroup, outcomeLift];

