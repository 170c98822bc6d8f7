// Chains of eight or more steps: cleaning, deriving, grouping and ranking in one program; a full
// model pipeline; a time-series chain.
import { binaryColumns, categoricalColumns, continuousColumns, datetimeColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { py, pyList, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, LOOSE, col, loadStep, step } from './common.js';

export const cleanRatioChain: Family = {
  id: 'chain-clean-ratio',
  category: 'chains',
  title: 'deduplicate, fill, filter, derive a ratio, group, rank: the top group average (9 steps)',
  variants: [{ id: 'mean' }, { id: 'median', heldout: true }],
  build({ profile, source, rng }, variant) {
    const c = rng.pick(categoricalColumns(profile));
    if (!c) return null;
    const nums = continuousColumns(profile).filter((k) => k.name !== c.name);
    if (nums.length < 2) return null;
    const [x, y] = rng.sample(nums, 2) as [(typeof nums)[number], (typeof nums)[number]];
    const w = new Phrase();
    const [C, X, Y] = [w.col(c.name), w.col(x.name), w.col(y.name)];
    return {
      steps: [
        loadStep(source),
        step('subset', `subset = df[${pyList([c.name, x.name, y.name])}]`, 'subset', ['load_data']),
        step('deduped', 'deduped = subset.drop_duplicates()', 'deduped', ['subset']),
        step('filled', `filled = deduped.fillna({${pyStr(x.name)}: ${col('deduped', x.name)}.median()})`, 'filled', ['deduped']),
        step('present', `present = filled[${col('filled', y.name)}.notna() & ${col('filled', c.name)}.notna()]`, 'present', ['filled']),
        step('with_ratio', `with_ratio = present.assign(ratio=${col('present', y.name)} / (${col('present', x.name)}.abs() + 1))`, 'with_ratio', ['present']),
        step('per_group', `per_group = with_ratio.groupby(${pyStr(c.name)})["ratio"].${variant}()`, 'per_group', ['with_ratio']),
        step('ranked', 'ranked = per_group.sort_values(ascending=False)', 'ranked', ['per_group']),
        step('answer', 'answer = float(ranked.iloc[0])', 'answer', ['ranked']),
      ],
      questions: [
        `Keep ${C}, ${X} and ${Y}; drop duplicate rows; fill missing ${X} with its median (after deduplication); drop rows missing ${Y} or ${C}; compute ratio = ${Y} / (|${X}| + 1); take the ${variant} ratio per ${C}. What is the highest group ${variant}?`,
        `Working on the columns ${C}, ${X}, ${Y} with duplicates removed, median-filled ${X}, and rows with ${Y} and ${C} present: per ${C} group, what is the largest ${variant} of ${Y} / (|${X}| + 1)?`,
      ],
      hint: 'Follow the steps in order: deduplicate before computing the median, then filter, derive the ratio, aggregate per group and sort.',
      answer: { mode: 'value' },
      tolerance: CLOSE,
      difficulty: 'hard',
      keep: w.keep,
    };
  },
};

export const modelPipelineChain: Family = {
  id: 'chain-model-pipeline',
  category: 'chains',
  title: 'select, impute, one-hot encode, split, scale, fit, predict, score (10 steps)',
  variants: [{ id: 'logistic' }, { id: 'forest', heldout: true }],
  build({ profile, source, rng, seed }, variant) {
    const t = rng.pick(binaryColumns(profile));
    if (!t) return null;
    const positive = rng.choice(t.top.map((v) => v.value));
    const nums = continuousColumns(profile).filter((k) => k.name !== t.name);
    const cats = categoricalColumns(profile, 8).filter((k) => k.name !== t.name && k.kind === 'string');
    if (nums.length < 2 || cats.length < 1) return null;
    const numeric = rng.sample(nums, Math.min(nums.length, 3)).map((k) => k.name);
    const category = rng.choice(cats).name;
    const split = seed % 100;
    const logistic = variant === 'logistic';
    const w = new Phrase();
    const [T, P, K] = [w.col(t.name), w.val(positive), w.col(category)];
    const N = numeric.map((n) => w.col(n)).join(', ');
    const model = logistic ? 'LogisticRegression(max_iter=1000)' : 'RandomForestClassifier(n_estimators=100, max_depth=6, random_state=0)';
    const modelImport = logistic ? 'from sklearn.linear_model import LogisticRegression' : 'from sklearn.ensemble import RandomForestClassifier';
    return {
      steps: [
        loadStep(source),
        step('labelled', `labelled = df[${col('df', t.name)}.notna()]`, 'labelled', ['load_data']),
        step('target', `target = (${col('labelled', t.name)} == ${py(positive)}).astype(int)`, 'target', ['labelled']),
        step('numeric', `numeric = labelled[${pyList(numeric)}].fillna(labelled[${pyList(numeric)}].median())`, 'numeric', ['labelled']),
        step('encoded', `encoded = pd.get_dummies(${col('labelled', category)}.fillna("missing"), prefix=${pyStr(category)}, dtype=float)`, 'encoded', ['labelled']),
        step('features', 'features = pd.concat([numeric, encoded], axis=1)', 'features', ['numeric', 'encoded']),
        step(
          'split',
          `from sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.25, random_state=${split})`,
          'X_train',
          ['features', 'target'],
        ),
        step('scaler', 'from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler().fit(X_train)', 'scaler', ['split']),
        step('model', `${modelImport}\nmodel = ${model}.fit(scaler.transform(X_train), y_train)`, 'model', ['scaler', 'split']),
        step('pred', 'pred = model.predict(scaler.transform(X_test))', 'pred', ['model', 'scaler', 'split']),
        step('answer', 'from sklearn.metrics import accuracy_score\nanswer = float(accuracy_score(y_test, pred))', 'answer', ['pred', 'split']),
      ],
      questions: [
        `Predict ${T} = ${P} (1) against the other value (0) on the rows where ${T} is present. Features: ${N} with missing values filled by their medians, plus one-hot columns of ${K} (missing as its own category). Split 75/25 with random_state=${split}, standardise with the training part, fit ${model}, and report the test accuracy.`,
        `Build a classifier for ${T} = ${P}: median-impute ${N}, one-hot encode ${K} (missing -> "missing"), split 75/25 (random_state=${split}), scale on the training split, train ${model}. What accuracy does it get on the test split?`,
      ],
      hint: 'Impute with the medians of the labelled rows, encode, then split before fitting the scaler so the test part stays unseen.',
      answer: { mode: 'value' },
      tolerance: LOOSE,
      difficulty: 'hard',
      keep: w.keep,
    };
  },
};

export const rollingChain: Family = {
  id: 'chain-rolling-jump',
  category: 'chains',
  title: 'parse dates, keep a year, daily totals, 7-day rolling mean, largest day-on-day rise (9 steps)',
  variants: [{ id: 'rise' }, { id: 'drop', heldout: true }],
  build({ profile, source, rng }, variant) {
    const d = rng.pick(datetimeColumns(profile).filter((c) => (c.dates?.days ?? 0) >= 30));
    if (!d?.dates) return null;
    const y = rng.pick(continuousColumns(profile).filter((c) => c.name !== d.name));
    if (!y) return null;
    const year = rng.int(Number(d.dates.min.slice(0, 4)), Number(d.dates.max.slice(0, 4)));
    const rise = variant === 'rise';
    const w = new Phrase();
    const [D, Y, YEAR] = [w.col(d.name), w.col(y.name), w.num(year)];
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        step('in_year', `in_year = df.assign(day=dates.dt.floor("D"))[dates.dt.year == ${year}]`, 'in_year', ['load_data', 'dates']),
        step('daily', `daily = in_year.groupby("day")[${pyStr(y.name)}].sum()`, 'daily', ['in_year']),
        step('calendar', 'calendar = daily.asfreq("D", fill_value=0)', 'calendar', ['daily']),
        step('rolling', 'rolling = calendar.rolling(7).mean()', 'rolling', ['calendar']),
        step('change', 'change = rolling.diff()', 'change', ['rolling']),
        step('extreme', `extreme = change.${rise ? 'max' : 'min'}()`, 'extreme', ['change']),
        step('answer', 'answer = sorted(t.strftime("%Y-%m-%d") for t in change[change == extreme].index)', 'answer', ['change', 'extreme']),
      ],
      questions: [
        `For rows of ${YEAR} (by ${D}), total ${Y} per calendar day (days without rows count as 0 between the first and last day), take a 7-day rolling mean, and find the day on which it ${rise ? 'rises' : 'falls'} the most from the previous day. Answer YYYY-MM-DD.`,
        `Daily sums of ${Y} in ${YEAR} (dates from ${D}, missing days filled with 0), smoothed by a 7-day trailing mean: on which date (YYYY-MM-DD) is the day-over-day ${rise ? 'increase' : 'decrease'} of the smoothed series largest?`,
      ],
      hint: 'Sum per day, fill the calendar gaps with zeros, roll over 7 days (the first six are undefined), difference, and take the extreme.',
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      difficulty: 'hard',
      keep: w.keep,
    };
  },
};

export const chainFamilies: Family[] = [cleanRatioChain, modelPipelineChain, rollingChain];

