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
    // a fraction computed with .mean() is not named in the question
    expect(rewrite('wrong_aggregation', 'What fraction of rows have `y` equal to 0?', 'x = (df["y"] == 0).mean()', 'mean', 'median')).toHaveProperty('reason');
  });

  it('flips the comparison phrase when the question says exactly one comparison', () => {
    expect(rewrite('flipped_comparison', 'Count the records whose `x` is greater than 7.', 'n = (df["x"] > 7).sum()', '>', '<')).toMatchObject({ question: 'Count the records whose `x` is less than 7.' });
    expect(rewrite('flipped_comparison', 'Among records with `x` Above 3, what is the mean `y`?', 'm = df[df["x"] > 3]["y"].mean()', '>', '<')).toMatchObject({ question: 'Among records with `x` Below 3, what is the mean `y`?' });
    expect(rewrite('flipped_comparison', 'What share of rows have `x` equal to 5?', 'p = (df["x"] == 5).mean()', '==', '!=')).toMatchObject({ question: 'What share of rows have `x` not equal to 5?' });
    expect(rewrite('flipped_comparison', 'What share of rows have `x` not equal to 5?', 'p = (df["x"] != 5).mean()', '!=', '==')).toMatchObject({ question: 'What share of rows have `x` equal to 5?' });
    // two comparisons in the question, or the operator twice in the program
    expect(rewrite('flipped_comparison', 'How many rows have `a` equal to 1 and `b` greater than 2?', 'n = ((df["a"] == 1) & (df["b"] > 2)).sum()', '>', '<')).toHaveProperty('reason');
    expect(rewrite('flipped_comparison', 'Count rows with `x` greater than 7.', 'n = (df["x"] > 7).sum()\nm = (df["y"] > 1).sum()', '>', '<')).toHaveProperty('reason');
    // an internal comparison the question does not state
    expect(rewrite('flipped_comparison', 'Find the record whose `x` is the smallest.', 'r = df[df["x"] == df["x"].min()]', '==', '!=')).toHaveProperty('reason');
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

  it('refuses operators the question does not name', () => {
    expect(rewrite('dropped_filter', 'Mean `y` of rows with `x` above 3?', 'm = df[df.x > 3].y.mean()', 'df[df.x > 3]', 'df')).toEqual({ reason: 'no question rewrite for this operator' });
    expect(rewrite('swapped_operands', 'What is q3 minus q1?', 'v = q3 - q1', 'q3 - q1', 'q1 - q3')).toHaveProperty('reason');
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
