// Fitting and scoring simple scikit-learn models: regression, classification, importances,
// clustering, cross-validation. Every model that draws random numbers gets a fixed random_state.
import { binaryColumns, continuousColumns, numericFeatureColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { countWord, py, pyList, pyStr } from '../python.js';
import type { BuildContext, ColumnProfile, Family } from '../types.js';
import { EXACT, LOOSE, col, loadStep, step } from './common.js';

/** Between `min` and four continuous features other than the target. */
function features(ctx: BuildContext, target: string, min = 2): string[] {
  const cols = continuousColumns(ctx.profile).filter((c) => c.name !== target);
  return ctx.rng.sample(cols, Math.min(cols.length, ctx.rng.int(min, 4))).map((c) => c.name);
}

function pickTarget<T>(items: T[], ctx: BuildContext): T | undefined {
  return items.length ? ctx.rng.pick(items) : undefined;
}

const REGRESSORS: Record<string, { imports: string; make: string; word: string }> = {
  linear: { imports: 'from sklearn.linear_model import LinearRegression', make: 'LinearRegression()', word: 'a linear regression' },
  tree: { imports: 'from sklearn.tree import DecisionTreeRegressor', make: 'DecisionTreeRegressor(max_depth=4, random_state=0)', word: 'a decision tree regressor (max_depth=4, random_state=0)' },
};

const METRICS: Record<string, { imports: string; fn: string; word: string }> = {
  r2: { imports: 'from sklearn.metrics import r2_score', fn: 'r2_score', word: 'R^2' },
  mae: { imports: 'from sklearn.metrics import mean_absolute_error', fn: 'mean_absolute_error', word: 'mean absolute error' },
};

export const regressionScore: Family = {
  id: 'regression-score',
  category: 'models',
  title: 'fit a regression on a train/test split and score it on the test part',
  variants: [{ id: 'linear-r2' }, { id: 'linear-mae' }, { id: 'tree-r2', heldout: true }],
  build(ctx, variant) {
    const [kind, metric] = variant.split('-') as [string, string];
    const model = REGRESSORS[kind];
    const m = METRICS[metric];
    const y = pickTarget(continuousColumns(ctx.profile), ctx);
    if (!model || !m || !y) return null;
    const feats = features(ctx, y.name);
    if (feats.length < 2) return null;
    const seed = ctx.seed % 100;
    const w = new Phrase();
    const Y = w.col(y.name);
    const F = feats.map((f) => w.col(f)).join(', ');
    return {
      steps: [
        loadStep(ctx.source),
        step('data', `data = df[${pyList([...feats, y.name])}].dropna()`, 'data', ['load_data']),
        step('features', `features = data[${pyList(feats)}]`, 'features', ['data']),
        step('target', `target = ${col('data', y.name)}`, 'target', ['data']),
        step(
          'split',
          `from sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.25, random_state=${seed})`,
          'X_train',
          ['features', 'target'],
        ),
        step('model', `${model.imports}\nmodel = ${model.make}.fit(X_train, y_train)`, 'model', ['split']),
        step('pred', 'pred = model.predict(X_test)', 'pred', ['model', 'split']),
        step('answer', `${m.imports}\nanswer = float(${m.fn}(y_test, pred))`, 'answer', ['pred', 'split']),
      ],
      questions: [
        `Predict ${Y} from ${F} with ${model.word}. Drop rows missing any of these columns, hold out 25% as a test set (train_test_split, random_state=${seed}), and report the test ${m.word}.`,
        `Using rows where ${F} and ${Y} are all present, split 75/25 with random_state=${seed}, fit ${model.word} for ${Y}, and give its ${m.word} on the test split.`,
      ],
      hint: 'Select the columns, drop incomplete rows, split with the given seed, fit on the training part, predict the test part, and score it.',
      answer: { mode: 'value' },
      tolerance: LOOSE,
      keep: w.keep,
    };
  },
};

const CLASSIFIERS: Record<string, { imports: string; make: string; word: string }> = {
  logistic: {
    imports: 'from sklearn.linear_model import LogisticRegression\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler',
    make: 'make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))',
    word: 'a logistic regression on standardised features',
  },
  tree: { imports: 'from sklearn.tree import DecisionTreeClassifier', make: 'DecisionTreeClassifier(max_depth=4, random_state=0)', word: 'a decision tree classifier (max_depth=4, random_state=0)' },
};

export const classifierScore: Family = {
  id: 'classifier-score',
  category: 'models',
  title: 'fit a classifier for a two-valued column and score it on a test split',
  variants: [{ id: 'logistic-accuracy' }, { id: 'tree-accuracy' }, { id: 'logistic-auc', heldout: true }],
  build(ctx, variant) {
    const [kind, metric] = variant.split('-') as [string, string];
    const model = CLASSIFIERS[kind];
    const t: ColumnProfile | undefined = pickTarget(binaryColumns(ctx.profile), ctx);
    if (!model || !t) return null;
    const positive = ctx.rng.choice(t.top.map((x) => x.value));
    const feats = features(ctx, t.name);
    if (feats.length < 2) return null;
    const seed = ctx.seed % 100;
    const w = new Phrase();
    const [T, P] = [w.col(t.name), w.val(positive)];
    const F = feats.map((f) => w.col(f)).join(', ');
    const auc = metric === 'auc';
    return {
      steps: [
        loadStep(ctx.source),
        step('data', `data = df[${pyList([...feats, t.name])}].dropna()`, 'data', ['load_data']),
        step('features', `features = data[${pyList(feats)}]`, 'features', ['data']),
        step('target', `target = (${col('data', t.name)} == ${py(positive)}).astype(int)`, 'target', ['data']),
        step(
          'split',
          `from sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.25, random_state=${seed})`,
          'X_train',
          ['features', 'target'],
        ),
        step('model', `${model.imports}\nmodel = ${model.make}.fit(X_train, y_train)`, 'model', ['split']),
        auc ? step('scores', 'scores = model.predict_proba(X_test)[:, 1]', 'scores', ['model', 'split']) : step('pred', 'pred = model.predict(X_test)', 'pred', ['model', 'split']),
        auc
          ? step('answer', 'from sklearn.metrics import roc_auc_score\nanswer = float(roc_auc_score(y_test, scores))', 'answer', ['scores', 'split'])
          : step('answer', 'from sklearn.metrics import accuracy_score\nanswer = float(accuracy_score(y_test, pred))', 'answer', ['pred', 'split']),
      ],
      questions: [
        `Predict whether ${T} is ${P} from ${F} with ${model.word}. Drop incomplete rows, hold out 25% (train_test_split, random_state=${seed}), and report the test ${auc ? 'ROC AUC' : 'accuracy'}.`,
        `Fit ${model.word} that tells ${T} = ${P} apart from the other value, using ${F} (complete rows only, 75/25 split with random_state=${seed}). What ${auc ? 'ROC AUC' : 'accuracy'} does it reach on the test split?`,
      ],
      hint: `Encode ${T} = ${P} as 1 and the other value as 0, split with the given seed, fit, and score on the held-out part.`,
      answer: { mode: 'value' },
      tolerance: LOOSE,
      keep: w.keep,
    };
  },
};

export const topImportance: Family = {
  id: 'top-importance',
  category: 'models',
  title: 'the most important feature of a fitted tree model over every complete numeric column',
  variants: [{ id: 'tree' }, { id: 'forest', heldout: true }],
  build(ctx, variant) {
    const y = pickTarget(continuousColumns(ctx.profile), ctx);
    if (!y) return null;
    // The question cannot list the candidates (the answer is one of them): it defines them instead.
    const feats = numericFeatureColumns(ctx.profile)
      .filter((c) => c.name !== y.name && c.missing === 0 && c.unique >= 2)
      .map((c) => c.name);
    if (feats.length < 3 || feats.length > 40) return null;
    const tree = variant === 'tree';
    const make = tree ? 'DecisionTreeRegressor(max_depth=4, random_state=0)' : 'RandomForestRegressor(n_estimators=50, max_depth=6, random_state=0)';
    const imports = tree ? 'from sklearn.tree import DecisionTreeRegressor' : 'from sklearn.ensemble import RandomForestRegressor';
    const word = tree ? 'a decision tree regressor (max_depth=4, random_state=0)' : 'a random forest regressor (50 trees, max_depth=6, random_state=0)';
    const w = new Phrase();
    const Y = w.col(y.name);
    return {
      steps: [
        loadStep(ctx.source),
        step('data', `data = df[${pyList([...feats, y.name])}].dropna()`, 'data', ['load_data']),
        step('model', `${imports}\nmodel = ${make}.fit(data[${pyList(feats)}], ${col('data', y.name)})`, 'model', ['data']),
        step('importance', `importance = pd.Series(model.feature_importances_, index=${pyList(feats)})`, 'importance', ['model']),
        step('best', 'best = importance.max()', 'best', ['importance']),
        step('answer', 'answer = sorted(importance[importance == best].index.tolist())', 'answer', ['importance', 'best']),
      ],
      questions: [
        `Fit ${word} predicting ${Y} from every other numeric column that has no missing value (identifiers excluded), on the rows where ${Y} is present. Which feature has the highest importance?`,
        `Train ${word} for ${Y}, using as features all other complete numeric columns except identifiers (rows with ${Y} missing dropped). Which feature does it rate most important (feature_importances_)?`,
      ],
      hint: 'Fit the model on all those rows (no split) and compare feature_importances_.',
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const largestCluster: Family = {
  id: 'largest-cluster',
  category: 'models',
  title: 'the size of the largest k-means cluster on standardised features',
  variants: [{ id: 'largest' }, { id: 'smallest', heldout: true }],
  build(ctx, variant) {
    const feats = features(ctx, '');
    if (feats.length < 2) return null;
    const k = ctx.rng.choice([3, 4]);
    const largest = variant === 'largest';
    const w = new Phrase();
    const F = feats.map((f) => w.col(f)).join(', ');
    return {
      steps: [
        loadStep(ctx.source),
        step('data', `data = df[${pyList(feats)}].dropna()`, 'data', ['load_data']),
        step('scaled', 'from sklearn.preprocessing import StandardScaler\nscaled = StandardScaler().fit_transform(data)', 'scaled', ['data']),
        step('labels', `from sklearn.cluster import KMeans\nlabels = KMeans(n_clusters=${k}, n_init=10, random_state=0).fit_predict(scaled)`, 'labels', ['scaled']),
        step('sizes', 'sizes = pd.Series(labels).value_counts()', 'sizes', ['labels']),
        step('answer', `answer = int(sizes.${largest ? 'max' : 'min'}())`, 'answer', ['sizes']),
      ],
      questions: [
        `Standardise ${F} (complete rows only) and run k-means with ${countWord(k)} clusters (n_init=10, random_state=0). How many rows are in the ${largest ? 'largest' : 'smallest'} cluster?`,
        `Cluster the complete rows of ${F}, after scaling each to zero mean and unit variance, into ${countWord(k)} k-means clusters (n_init=10, random_state=0). What is the size of the ${largest ? 'biggest' : 'smallest'} cluster?`,
      ],
      hint: 'Drop incomplete rows, standardise, fit KMeans with the given settings, and count rows per cluster label.',
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const crossValidatedScore: Family = {
  id: 'cross-validated-score',
  category: 'models',
  title: 'the mean 5-fold cross-validated R^2 of a ridge regression',
  variants: [{ id: 'ridge-r2' }],
  build(ctx) {
    const y = pickTarget(continuousColumns(ctx.profile), ctx);
    if (!y) return null;
    const feats = features(ctx, y.name);
    if (feats.length < 2) return null;
    const w = new Phrase();
    const Y = w.col(y.name);
    const F = feats.map((f) => w.col(f)).join(', ');
    return {
      steps: [
        loadStep(ctx.source),
        step('data', `data = df[${pyList([...feats, y.name])}].dropna()`, 'data', ['load_data']),
        step(
          'scores',
          `from sklearn.linear_model import Ridge\nfrom sklearn.model_selection import cross_val_score\nscores = cross_val_score(Ridge(alpha=1.0), data[${pyList(feats)}], data[${pyStr(y.name)}], cv=5, scoring="r2")`,
          'scores',
          ['data'],
        ),
        step('answer', 'answer = float(scores.mean())', 'answer', ['scores']),
      ],
      questions: [
        `What is the mean R^2 of a ridge regression (alpha=1.0) predicting ${Y} from ${F}, over 5-fold cross-validation without shuffling, on the complete rows?`,
        `Run 5-fold cross-validation (unshuffled folds) of Ridge(alpha=1.0) for ${Y} with features ${F}, using rows without missing values. Average the fold R^2 scores.`,
      ],
      hint: 'Drop incomplete rows and use cross_val_score with cv=5 and scoring r2, then average.',
      answer: { mode: 'value' },
      tolerance: LOOSE,
      keep: w.keep,
    };
  },
};

export const modelFamilies: Family[] = [regressionScore, classifierScore, topImportance, largestCluster, crossValidatedScore];
