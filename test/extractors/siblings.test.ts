import { describe, expect, it } from 'vitest';
import { siblingQuestion } from '../../extractors/mutations/siblings.js';

const rewrite = (kind: Parameters<typeof siblingQuestion>[2]['kind'], question: string, code: string, before: string, after: string) =>
  siblingQuestion(question, code, { kind, before, after });

describe('sibling questions', () => {
  it('renames the column the mutant reads', () => {
    const code = "df = pd.read_csv('t.csv')\nx = df['Age'].mean()";
    expect(rewrite('wrong_column', 'What is the average `Age`?', code, "'Age'", "'Fare'")).toEqual({ question: 'What is the average `Fare`?', from: '`Age`', to: '`Fare`' });
    // the program uses the column twice: the mutant changed one of them, so no question describes it
    expect(rewrite('wrong_column', 'Fill `Age` with its median; what is its mean?', "x = df['Age'].fillna(df['Age'].median()).mean()", "'Age'", "'Fare'")).toHaveProperty('reason');
    expect(rewrite('wrong_column', 'Is `Age` above the mean of `Age`?', code, "'Age'", "'Fare'")).toHaveProperty('reason');
    expect(rewrite('wrong_column', 'Correlation of `Age` and `Fare`?', code, "'Age'", "'Fare'")).toHaveProperty('reason');
  });

  it('swaps the aggregation word only when it names the one operation that changed', () => {
    const code = "x = df.groupby('g')['y'].mean().idxmax()";
    expect(rewrite('wrong_aggregation', 'Which group has the highest average `y`?', code, 'idxmax', 'idxmin')).toMatchObject({ question: 'Which group has the lowest average `y`?' });
    expect(rewrite('wrong_aggregation', 'Which group has the highest average `y`?', code, 'mean', 'median')).toMatchObject({ question: 'Which group has the highest median `y`?' });
    expect(rewrite('wrong_aggregation', 'What is the sample variance of `y`?', 'x = df["y"].var()', 'var', 'std')).toMatchObject({ question: 'What is the sample standard deviation of `y`?' });
    expect(rewrite('wrong_aggregation', 'Look up `a` where `b` reaches its Maximum.', 'x = df.loc[df["b"].idxmax(), "a"]', 'idxmax', 'idxmin')).toMatchObject({ question: 'Look up `a` where `b` reaches its Minimum.' });
    // "widest range (max minus min)" and "maximum" both name max/min operations: which one changed is unknown
    const range = "r = (df[cols].max() - df[cols].min()).idxmax()\nx = df[r].max()";
    expect(rewrite('wrong_aggregation', 'Which column has the widest range (max minus min)? Report its maximum.', range, 'idxmax', 'idxmin')).toHaveProperty('reason');
    // "most" and "least" name max and min; an aside in parentheses explains, it does not ask; "at most" compares
    const strongest = 'strength = corr.abs()\nbest = strength.max()\nanswer = sorted(strength[strength == best].index)';
    expect(rewrite('wrong_aggregation', 'Among the other numeric columns (identifiers excluded), which is most strongly correlated with `y`?', strongest, 'max', 'min')).toMatchObject({ question: 'Among the other numeric columns (identifiers excluded), which is least strongly correlated with `y`?' });
    const bins = 'counts = bins.value_counts()\ntarget = counts.max()';
    expect(rewrite('wrong_aggregation', 'Cut `x` into five bins (bin 1 = lowest values). Give the bin with the largest count.', bins, 'max', 'min')).toMatchObject({ question: 'Cut `x` into five bins (bin 1 = lowest values). Give the bin with the smallest count.' });
    expect(rewrite('wrong_aggregation', 'Among rows with `x` at most 5, which `g` has the highest mean `y`?', 'a = df[df.x <= 5].groupby("g")["y"].mean().idxmax()', 'idxmax', 'idxmin')).toMatchObject({ question: 'Among rows with `x` at most 5, which `g` has the lowest mean `y`?' });
    // a fraction computed with .mean() is not named in the question
    expect(rewrite('wrong_aggregation', 'What fraction of rows have `y` equal to 0?', 'x = (df["y"] == 0).mean()', 'mean', 'median')).toHaveProperty('reason');
  });

  it('flips the comparison phrase when the question says exactly one comparison', () => {
    expect(rewrite('flipped_comparison', 'Count the records whose `x` is greater than 7.', 'n = (df["x"] > 7).sum()', '>', '<')).toMatchObject({ question: 'Count the records whose `x` is less than 7.' });
    expect(rewrite('flipped_comparison', 'Among records with `x` Above 3, what is the mean `y`?', 'm = df[df["x"] > 3]["y"].mean()', '>', '<')).toMatchObject({ question: 'Among records with `x` Below 3, what is the mean `y`?' });
    expect(rewrite('flipped_comparison', 'What share of rows have `x` equal to 5?', 'p = (df["x"] == 5).mean()', '==', '!=')).toMatchObject({ question: 'What share of rows have `x` not equal to 5?' });
    expect(rewrite('flipped_comparison', 'What share of rows have `x` not equal to 5?', 'p = (df["x"] != 5).mean()', '!=', '==')).toMatchObject({ question: 'What share of rows have `x` equal to 5?' });
    // two comparisons in the question: the one of this kind followed by the value the program compares with
    expect(rewrite('flipped_comparison', 'How many rows have `a` equal to 1 and `b` greater than 2?', 'n = ((df["a"] == 1) & (df["b"] > 2)).sum()', '>', '<')).toMatchObject({ question: 'How many rows have `a` equal to 1 and `b` less than 2?' });
    expect(rewrite('flipped_comparison', 'Count the records where `h` is 0 and, at the same time, `g` exceeds 85.', 'n = len(df[(df["h"] == 0) & (df["g"] > 85)])', '==', '!=')).toMatchObject({ question: 'Count the records where `h` is not 0 and, at the same time, `g` exceeds 85.' });
    // two of the same kind, or a value the question does not say after it, or the operator twice in the program
    expect(rewrite('flipped_comparison', 'How many rows have `a` above 1 and `b` above 2?', 'n = ((df["a"] > 1) & (df["b"] >= 2)).sum()', '>', '<')).toMatchObject({ question: 'How many rows have `a` below 1 and `b` above 2?' });
    expect(rewrite('flipped_comparison', 'How many rows have `a` above 1 and `b` above 2?', 'n = ((df["a"] > t) & (df["b"] >= 2)).sum()', '>', '<')).toHaveProperty('reason');
    expect(rewrite('flipped_comparison', 'How many rows have `a` equal to 1 and `b` greater than 2?', 'n = ((df["a"] == 1) & (df["b"] > 3)).sum()', '>', '<')).toHaveProperty('reason');
    expect(rewrite('flipped_comparison', 'Count rows with `x` greater than 7.', 'n = (df["x"] > 7).sum()\nm = (df["y"] > 1).sum()', '>', '<')).toHaveProperty('reason');
    // an internal comparison the question does not state
    expect(rewrite('flipped_comparison', 'Find the record whose `x` is the smallest.', 'r = df[df["x"] == df["x"].min()]', '==', '!=')).toHaveProperty('reason');
  });

  it('finds the changed comparison by its statement where the program compares with the operator more than once', () => {
    const flip = (q: string, code: string, statement?: string, before = '==', after = '!=') => siblingQuestion(q, code, { kind: 'flipped_comparison', before, after }, statement);
    const code = 'given = df[df["season"] == 2]\nhits = given["holiday"] == 0\nanswer = float(hits.mean())';
    const question = 'Among rows with `season` = 2, what fraction has `holiday` = 0?';
    expect(flip(question, code, 'given = df[df["season"] == 2]')).toMatchObject({ question: 'Among rows with `season` != 2, what fraction has `holiday` = 0?', from: '=', to: '!=' });
    expect(flip(question, code, 'hits = given["holiday"] == 0')).toMatchObject({ question: 'Among rows with `season` = 2, what fraction has `holiday` != 0?' });
    // without the statement, which of the two changed is unknown
    expect(flip(question, code)).toHaveProperty('reason');
    // a string value in single quotes in code, double in the question; a comparison with a name the question does not say
    const likeliest = "outcome = df['workingday'] == 0\nrates = outcome.groupby(df['holiday']).mean()\nbest = rates.max()\nanswer = sorted(rates[rates == best].index)";
    expect(flip('Conditioning on `holiday`, under which value is `workingday` = 0 most likely?', likeliest, "outcome = df['workingday'] == 0")).toMatchObject({ question: 'Conditioning on `holiday`, under which value is `workingday` != 0 most likely?' });
    expect(flip('Conditioning on `holiday`, under which value is `workingday` = 0 most likely?', likeliest, 'answer = sorted(rates[rates == best].index)')).toHaveProperty('reason');
    // the same comparison written twice: the question's phrase governs both, the mutant changed one
    const lift = 'overall = (df["w"] == 0).mean()\nconditional = (df.loc[df["v"] == 2, "w"] == 0).mean()\nanswer = conditional / overall';
    expect(flip('What is the lift of `w` = 0 among rows with `v` = 2?', lift, 'overall = (df["w"] == 0).mean()')).toHaveProperty('reason');
    expect(flip('What is the lift of `w` = 0 among rows with `v` = 2?', lift, 'conditional = (df.loc[df["v"] == 2, "w"] == 0).mean()')).toHaveProperty('reason');
    // the question's value must follow the column: `x` = 3 does not say the program's `x` == 2
    expect(flip('Among rows with `x` = 3, what share has `y` = 2?', 'a = df[df["x"] == 3]\nb = (a["x"] == 2).mean()', 'b = (a["x"] == 2).mean()')).toHaveProperty('reason');
  });

  it('flips an equality with a boolean and a year the question says falls in', () => {
    expect(rewrite('flipped_comparison', 'What is the median `Spa` among rows where `CryoSleep` is False?', 'subset = df[df["CryoSleep"] == False]\nm = subset["Spa"].median()', '==', '!=')).toMatchObject({ question: 'What is the median `Spa` among rows where `CryoSleep` is not False?' });
    expect(rewrite('flipped_comparison', 'What is the average `atemp` over the rows whose `datetime` falls in 2012?', 'dates = pd.to_datetime(df["datetime"])\nin_year = df[dates.dt.year == 2012]', '==', '!=')).toMatchObject({ question: 'What is the average `atemp` over the rows whose `datetime` does not fall in 2012?' });
    expect(rewrite('flipped_comparison', 'What is the average `atemp` over the rows whose `datetime` does not fall in 2012?', 'in_year = df[dates.dt.year != 2012]', '!=', '==')).toMatchObject({ question: 'What is the average `atemp` over the rows whose `datetime` falls in 2012?' });
  });

  it('changes the count in digits or words', () => {
    expect(rewrite('off_by_one', 'List the five smallest values of `y`.', 'v = df["y"].nsmallest(5)', '5', '6')).toMatchObject({ question: 'List the six smallest values of `y`.' });
    expect(rewrite('off_by_one', 'Round the mean of `y` to 2 decimals.', 'v = round(df["y"].mean(), 2)', '2', '3')).toMatchObject({ question: 'Round the mean of `y` to 3 decimals.' });
    // 0.5 is not a 5, and a number said twice is ambiguous
    expect(rewrite('off_by_one', 'Top 3 values above 0.5?', 'v = df[df.y > 0.5]["y"].nlargest(3)', '3', '4')).toMatchObject({ question: 'Top 4 values above 0.5?' });
    expect(rewrite('off_by_one', 'Top 3 values, rounded to 3 places?', 'v = df["y"].nlargest(3)', '3', '4')).toHaveProperty('reason');
  });

  it('removes a dropped column from the listed set', () => {
    const code = 'cols = ["a", "b", "c"]\nx = df[cols].var().idxmax()';
    // the operator rewrites the list's items, as in ["a", "b", "c"] -> ["a", "b"]
    expect(rewrite('dropped_feature', 'Among `a`, `b`, `c`, which varies most?', code, '"a", "b", "c"', '"a", "b"')).toMatchObject({ question: 'Among `a`, `b`, which varies most?' });
    expect(rewrite('dropped_feature', 'Among `a`, `b` and `c`, which varies most?', code, '"a", "b", "c"', '"a", "b"')).toMatchObject({ question: 'Among `a`, `b`, which varies most?' });
    expect(rewrite('dropped_feature', 'Among `a`, `b`, `c`, which varies most?', code, '"a", "b", "c"', '"b", "c"')).toMatchObject({ question: 'Among `b`, `c`, which varies most?' });
    expect(rewrite('dropped_feature', 'Among `a`, `b`, `c`, which varies most?', code, '"a", "b", "c"', '"a", "b", "c"')).toHaveProperty('reason');
  });

  it('drops the filter clause the question states, when it names exactly the filtered columns', () => {
    const code = 'subset = df[df["x"] > 3]\nm = subset["y"].mean()';
    const drop = (q: string, c = code, before = 'df[df["x"] > 3]') => rewrite('dropped_filter', q, c, before, 'df');
    expect(drop('Among records with `x` above 3, what is the mean `y`?')).toMatchObject({ question: 'What is the mean `y`?', to: '' });
    expect(drop('Join `a.csv` with `b.csv` on `k` (inner join). Among the joined rows where `x` is greater than 3, what is the mean `y`?')).toMatchObject({ question: 'Join `a.csv` with `b.csv` on `k` (inner join). What is the mean `y`?' });
    expect(drop('What is the average `y` of the rows where `x` is greater than 3? If no row qualifies, answer None.')).toMatchObject({ question: 'What is the average `y`? If no row qualifies, answer None.' });
    expect(drop('What is the probability that `y` is 1 given that `x` is 3?', 'subset = df[df["x"] == 3]\np = (subset["y"] == 1).mean()', 'df[df["x"] == 3]')).toMatchObject({ question: 'What is the probability that `y` is 1?' });
    // a quoted value is not a column
    expect(drop('What is the mean `y` for rows where `x` is "a b"?', 'subset = df[df["x"] == "a b"]\nm = subset["y"].mean()', 'df[df["x"] == "a b"]')).toMatchObject({ question: 'What is the mean `y`?' });
    // the mask reads a column the clause does not name; the filter is internal; no clause
    expect(drop('Among records with `x` above 3, what is the mean `y`?', 'subset = df[df["y"].notna() & (df["x"] > 3)]', 'df[df["y"].notna() & (df["x"] > 3)]')).toHaveProperty('reason');
    expect(drop('Which group has the highest mean `y`?', 'w = per_group[per_group == best]', 'per_group[per_group == best]')).toHaveProperty('reason');
    expect(drop('What is the `y` of the row with the smallest `x`?', 'r = df[df["x"] == df["x"].min()]', 'df[df["x"] == df["x"].min()]')).toHaveProperty('reason');
  });

  it('changes a keyword argument the question states', () => {
    const code = 'model = DecisionTreeRegressor(max_depth=4, random_state=0)\nmodel.fit(X, y)';
    expect(rewrite('wrong_hyperparameter', 'Fit a tree (max_depth=4, random_state=0). What is its R^2?', code, '4', '2')).toMatchObject({ question: 'Fit a tree (max_depth=2, random_state=0). What is its R^2?', from: 'max_depth=4' });
    // the question does not state it, or the value is used twice in the program
    expect(rewrite('wrong_hyperparameter', 'Fit a logistic regression. What is its accuracy?', 'm = LogisticRegression(max_iter=1000)', '1000', '500')).toHaveProperty('reason');
    expect(rewrite('wrong_hyperparameter', 'Fit a tree (max_depth=4).', 'm = Tree(max_depth=4)\nk = KFold(n_splits=4)', '4', '2')).toHaveProperty('reason');
  });

  it('moves an ordinal rank the question says to the mutant\'s position', () => {
    const code = 'values = sorted(df["y"].dropna().unique(), reverse=True)\nanswer = values[4]';
    expect(rewrite('off_by_one', 'Ignoring repeats, which value of `y` is the fifth highest?', code, '4', '5')).toMatchObject({ question: 'Ignoring repeats, which value of `y` is the sixth highest?', from: 'fifth', to: 'sixth' });
    expect(rewrite('off_by_one', 'Second largest distinct `y`?', 'answer = values[1]', '1', '2')).toMatchObject({ question: 'Third largest distinct `y`?' });
    // the ordinal is not the changed position
    expect(rewrite('off_by_one', 'Which value of `y` is the fifth highest?', 'answer = values[3]', '3', '4')).toHaveProperty('reason');
  });

  it('swaps the operands the question words, when they name what the program subtracts or divides', () => {
    const code = 'spread = (df[cols].max() - df[cols].min()).idxmax()';
    expect(rewrite('swapped_operands', 'Take the column with the widest range (max minus min). What is its median?', code, 'df[cols].max() - df[cols].min()', 'df[cols].min() - df[cols].max()')).toMatchObject({
      question: 'Take the column with the widest range (min minus max). What is its median?',
    });
    expect(rewrite('swapped_operands', 'What is the coefficient of variation (sample std / mean) of `y`?', 'cv = s.std() / s.mean()', 's.std() / s.mean()', 's.mean() / s.std()')).toMatchObject({ question: 'What is the coefficient of variation (sample mean / std) of `y`?' });
    // operands the question does not word, or words that are not the program's operands
    expect(rewrite('swapped_operands', 'What is q3 minus q1?', 'v = upper - lower', 'upper - lower', 'lower - upper')).toHaveProperty('reason');
    expect(rewrite('swapped_operands', 'Mean of `a` / (|`b`| + 1)?', 'r = df["a"] / (df["b"].abs() + 1)', 'df["a"] / (df["b"].abs() + 1)', '(df["b"].abs() + 1) / df["a"]')).toHaveProperty('reason');
  });

  it('swaps two stated literals when the operands differ in those alone', () => {
    const q = 'Divide the mean `fare` for rows with `class` = 3 by the mean `fare` for rows with `class` = 1. What do you get?';
    expect(rewrite('swapped_operands', q, 'answer = float(g.loc[3] / g.loc[1])', 'g.loc[3] / g.loc[1]', 'g.loc[1] / g.loc[3]')).toMatchObject({
      question: 'Divide the mean `fare` for rows with `class` = 1 by the mean `fare` for rows with `class` = 3. What do you get?',
    });
    expect(rewrite('swapped_operands', 'What is the ratio of the total `a` to the total `b`?', 'r = df["a"].sum() / df["b"].sum()', 'df["a"].sum() / df["b"].sum()', 'df["b"].sum() / df["a"].sum()')).toMatchObject({
      question: 'What is the ratio of the total `b` to the total `a`?',
    });
    // stated in the other order than the program's (what share of the total a part is), or twice
    expect(rewrite('swapped_operands', 'What share of `total` comes from `part`?', 'r = df["part"].sum() / df["total"].sum()', 'df["part"].sum() / df["total"].sum()', 'df["total"].sum() / df["part"].sum()')).toHaveProperty('reason');
    expect(rewrite('swapped_operands', 'Rows with `k` = 3 or 1: divide the mean at 3 by the mean at 1.', 'r = g.loc[3] / g.loc[1]', 'g.loc[3] / g.loc[1]', 'g.loc[1] / g.loc[3]')).toHaveProperty('reason');
    // operands that differ in more than one place
    expect(rewrite('swapped_operands', 'Divide `a` at 3 by `b` at 1.', 'r = x["a"][3] / x["b"][1]', 'x["a"][3] / x["b"][1]', 'x["b"][1] / x["a"][3]')).toHaveProperty('reason');
  });

  it('states a zero fill where the question states a fill computed from the data', () => {
    const code = 'filler = df["Age"].median()\nfilled = df["Age"].fillna(filler)';
    expect(rewrite('wrong_fill_value', 'Fill the missing values of `Age` with its median. What is its mean afterwards?', code, 'filler', '0')).toMatchObject({
      question: 'Fill the missing values of `Age` with zero. What is its mean afterwards?',
    });
    expect(rewrite('wrong_fill_value', 'Use `a`, `b` with missing values filled by their medians.', 'n = l[["a", "b"]].fillna(l[["a", "b"]].median())', 'l[["a", "b"]].median()', '0')).toMatchObject({
      question: 'Use `a`, `b` with missing values filled by zero.',
    });
    // a per-column fill replaced by 0 fills every column; a zero fill replaced by -1 has no words
    expect(rewrite('wrong_fill_value', 'Fill missing `Age` with its median.', 'x = d.fillna({"Age": d["Age"].median()})', '{"Age": d["Age"].median()}', '0')).toHaveProperty('reason');
    expect(rewrite('wrong_fill_value', 'Replace missing `x` with zero.', 'f = df["x"].fillna(0)', '0', '-1')).toHaveProperty('reason');
  });

  it('refuses operators the question does not name', () => {
    expect(rewrite('fit_on_test', 'Report the test R^2.', 'm.fit(X_train, y_train)', 'X_train, y_train', 'X_test, y_test')).toEqual({ reason: 'no question rewrite for this operator' });
    expect(rewrite('dropped_dropna', 'What is the mean `y`?', 'v = df["y"].dropna().mean()', 'df["y"].dropna()', 'df["y"]')).toEqual({ reason: 'no question rewrite for this operator' });
  });
});

describe('sibling questions: equalities written after a column', () => {
  it('flips `col` = value, `col` == value and `col` is value', () => {
    const code = 'p = (df["LotConfig"] == "CulDSac").mean()';
    expect(rewrite('flipped_comparison', 'Among rows with `LotConfig` = "CulDSac", what fraction has a pool?', code, '==', '!=')).toMatchObject({ question: 'Among rows with `LotConfig` != "CulDSac", what fraction has a pool?' });
    expect(rewrite('flipped_comparison', 'Restrict the data to `quality` == 7. What is the median of `pH` there?', code, '==', '!=')).toMatchObject({ question: 'Restrict the data to `quality` != 7. What is the median of `pH` there?' });
    expect(rewrite('flipped_comparison', 'What is the average `alcohol` among rows where `quality` is 5?', code, '==', '!=')).toMatchObject({ question: 'What is the average `alcohol` among rows where `quality` is not 5?' });
    expect(rewrite('flipped_comparison', 'What is the mean `Fare` for rows where `Embarked` is not "S"?', 'm = df[df["Embarked"] != "S"]["Fare"].mean()', '!=', '==')).toMatchObject({ question: 'What is the mean `Fare` for rows where `Embarked` is "S"?' });
  });

  it('leaves `col` is <words> alone: that is not a comparison with a value', () => {
    expect(rewrite('flipped_comparison', 'Find the record whose `atemp` is the smallest. What is its `humidity`?', 'r = df[df["atemp"] == df["atemp"].min()]', '==', '!=')).toHaveProperty('reason');
    // two stated comparisons: which one the program flipped is not known from the text
    expect(rewrite('flipped_comparison', 'What is the probability that `Sex` is "male" given that `SibSp` is 1?', 'p = (df[df.SibSp == 1].Sex == "male").mean()', '==', '!=')).toHaveProperty('reason');
  });
});
