import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnInfo } from '../../extractors/mutations/columns.js';
import { mutationsIn, type MutationContext } from '../../extractors/mutations/operators.js';
import { applyMutation, mutationCandidates, pickMutations } from '../../extractors/mutations/select.js';
import { loadPythonParser, syntaxErrors, type PythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram } from '../../extractors/python/program.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const ctx = {
  columns: new Map<string, string[]>([
    ['df', ['Age', 'Fare', 'Sex']],
    ['left', ['id', 'city', 'x']],
    ['right', ['id', 'city', 'y']],
  ]),
  boundNames: new Set(['X_train', 'y_train', 'X_valid', 'y_valid']),
};

function mutate(code: string) {
  const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
  const s = program.statements[0];
  if (!s) throw new Error('no statement');
  return mutationsIn(s, ctx).map((m) => {
    const [cell] = applyMutation([{ cellIndex: 0, source: code }], m);
    return { kind: m.kind, code: cell?.source, description: m.description };
  });
}

describe('mutation operators', () => {
  it.each([
    ["older = df[df['Age'] > 30]", 'flipped_comparison', "older = df[df['Age'] < 30]"],
    ["avg = df['Fare'].mean()", 'wrong_aggregation', "avg = df['Fare'].median()"],
    ["g = df.groupby('Sex').agg('sum')", 'wrong_aggregation', "g = df.groupby('Sex').agg('mean')"],
    ['top = s.head(5)', 'off_by_one', 'top = s.head(6)'],
    ['part = df.iloc[:10]', 'off_by_one', 'part = df.iloc[:11]'],
    ["older = df[df['Age'] > 30]", 'dropped_filter', 'older = df'],
    ['clean = df.dropna()', 'dropped_dropna', 'clean = df'],
    ['df.dropna(inplace=True)', 'dropped_dropna', 'df.dropna()'],
    ["m = pd.merge(left, right, on='id')", 'wrong_join_key', "m = pd.merge(left, right, on='city')"],
    ['model.fit(X_train, y_train)', 'fit_on_test', 'model.fit(X_valid, y_valid)'],
    ["df['Age'] = df['Age'].fillna(df['Age'].median())", 'wrong_fill_value', "df['Age'] = df['Age'].fillna(0)"],
    ['ratio = a / b', 'swapped_operands', 'ratio = b / a'],
    ["features = ['Age', 'Fare', 'Sex']", 'dropped_feature', "features = ['Age', 'Fare']"],
    ['m = RandomForestClassifier(n_estimators=100, max_depth=5, random_state=1)', 'wrong_hyperparameter', 'm = RandomForestClassifier(n_estimators=50, max_depth=5, random_state=1)'],
  ])('%s -> %s', (code, kind, expected) => {
    const found = mutate(code).filter((m) => m.kind === kind);
    expect(found.map((m) => m.code)).toContain(expected);
  });

  it('does not flip a test of a range into a second test on the same side', () => {
    const kinds = (code: string) => mutate(code).filter((m) => m.kind === 'flipped_comparison').map((m) => m.code);
    // (values < lower) | (values < upper) is one test written twice: the style gives it away
    expect(kinds('out = values[(values < lower) | (values > upper)]')).toEqual([]);
    expect(kinds("x = df[(df['Age'] >= 18) & (65 > df['Age'])]")).toEqual([]);
    expect(kinds('ok = a > 1 and a < 9')).toEqual([]);
    // tests of different operands, or an equality beside a comparison, still flip
    expect(kinds("x = df[(df['Age'] > 30) & (df['Fare'] < 10)]")).toEqual(["x = df[(df['Age'] < 30) & (df['Fare'] < 10)]", "x = df[(df['Age'] > 30) & (df['Fare'] > 10)]"]);
    expect(kinds("x = df[(df['Age'] > 30) & (df['Sex'] == 'male')]")).toEqual(["x = df[(df['Age'] < 30) & (df['Sex'] == 'male')]", "x = df[(df['Age'] > 30) & (df['Sex'] != 'male')]"]);
  });

  it('flips an equality only against a literal, and drops only a filter that reads a column', () => {
    const kinds = (code: string, kind: string) => mutate(code).filter((m) => m.kind === kind).map((m) => m.code);
    expect(kinds("x = df[df['Sex'] == 'male']", 'flipped_comparison')).toEqual(["x = df[df['Sex'] != 'male']"]);
    expect(kinds('x = df[df.n == -1]', 'flipped_comparison')).toEqual(['x = df[df.n != -1]']);
    // the rows at an extreme the program computed: "all but the best" is no analyst's mistake
    expect(kinds('w = per_group[per_group == best]', 'flipped_comparison')).toEqual([]);
    expect(kinds("r = df[df['x'] == df['x'].max()]", 'flipped_comparison')).toEqual([]);
    // order comparisons flip wherever they are
    expect(kinds('out = values[values > upper]', 'flipped_comparison')).toEqual(['out = values[values < upper]']);
    expect(kinds('w = per_group[per_group == best]', 'dropped_filter')).toEqual([]);
    expect(kinds('out = values[(values < lower) | (values > upper)]', 'dropped_filter')).toEqual([]);
    expect(kinds("r = df[df['x'] == extreme]", 'dropped_filter')).toEqual(['r = df']);
  });

  it("replaces a column only with another column of the same frame", () => {
    const found = mutate("avg = df['Fare'].mean()").filter((m) => m.kind === 'wrong_column');
    expect(found.map((m) => m.code)).toEqual(["avg = df['Age'].mean()", "avg = df['Sex'].mean()"]);
    expect(mutate("avg = other['Fare'].mean()").filter((m) => m.kind === 'wrong_column')).toEqual([]);
  });

  it('does not fit on test data when no such variables exist', () => {
    expect(mutate('model.fit(X_tr, y_tr)').filter((m) => m.kind === 'fit_on_test')).toEqual([]);
  });

  it('every mutant is valid Python', () => {
    for (const code of ["older = df[(df['Age'] > 30) & (df.Sex == 'male')]", 'x = (a - b) / c.sum()', "t = df.sort_values('Fare').head(3)['Age'].max()"]) {
      for (const m of mutate(code)) expect(syntaxErrors(parser.parse(m.code ?? '').rootNode)).toEqual([]);
    }
  });
});

describe('mutants spelled as people write code', () => {
  const codes = (code: string, kind: string) => mutate(code).filter((m) => m.kind === kind).map((m) => m.code);

  it('drops inplace from a statement-level dropna, its comma with it, instead of writing pass', () => {
    expect(codes("df.dropna(subset=['Age'], inplace=True)", 'dropped_dropna')).toEqual(["df.dropna(subset=['Age'])"]);
    expect(codes("df.drop_duplicates(inplace=True, keep='first')", 'dropped_dropna')).toEqual(["df.drop_duplicates(keep='first')"]);
    expect(codes('df.dropna(inplace = True, )', 'dropped_dropna')).toEqual(['df.dropna()']);
    expect(codes('df.dropna(\n    how="any",\n    inplace=True,\n)', 'dropped_dropna')).toEqual(['df.dropna(\n    how="any",\n)']);
  });

  it('drops any one column of a feature list, leaving no stray comma', () => {
    expect(codes("features = ['Age', 'Fare', 'Sex']", 'dropped_feature')).toEqual(["features = ['Fare', 'Sex']", "features = ['Age', 'Sex']", "features = ['Age', 'Fare']"]);
    expect(codes("f = ['Age', 'Fare',]", 'dropped_feature')).toEqual(["f = ['Fare',]", "f = ['Age',]"]);
    expect(codes("f = [\n    'Age',\n    'Fare',\n    'Sex',\n]", 'dropped_feature')).toEqual(["f = [\n    'Fare',\n    'Sex',\n]", "f = [\n    'Age',\n    'Sex',\n]", "f = [\n    'Age',\n    'Fare',\n]"]);
    // a list that names a result's axes selects no column: nothing to drop
    expect(codes("p = s.rename_axis(['Age', 'Fare']).reset_index(name='r')", 'dropped_feature')).toEqual([]);
    expect(codes("p = s.set_axis(['Age', 'Fare'], axis=1)", 'dropped_feature')).toEqual([]);
    expect(codes("t = s.reset_index(names=['Age', 'Fare'])", 'dropped_feature')).toEqual([]);
    expect(codes("x = df[['Age', 'Fare']].rename_axis('v')", 'dropped_feature')).toHaveLength(2);
  });

  it('writes a changed hyperparameter as a literal of the same spelling', () => {
    const hp = (code: string) => codes(code, 'wrong_hyperparameter');
    expect(hp('m = XGBClassifier(learning_rate=0.3)')).toEqual(['m = XGBClassifier(learning_rate=3.0)']);
    expect(hp('m = XGBClassifier(learning_rate=0.05)')).toEqual(['m = XGBClassifier(learning_rate=0.5)']);
    expect(hp('m = LogisticRegression(C=1.0, tol=1e-4)')).toEqual(['m = LogisticRegression(C=10.0, tol=1e-4)', 'm = LogisticRegression(C=1.0, tol=1e-3)']);
    expect(hp('m = LogisticRegression(tol=1e-05)')).toEqual(['m = LogisticRegression(tol=1e-04)']);
    expect(hp('m = LogisticRegression(tol=1e-1)')).toEqual(['m = LogisticRegression(tol=1.0)']);
    expect(hp('m = RandomForestClassifier(n_estimators=1, max_depth=7)')).toEqual(['m = RandomForestClassifier(n_estimators=2, max_depth=7)', 'm = RandomForestClassifier(n_estimators=1, max_depth=3)']);
    // an integer spelled with underscores is left alone rather than written as NaN
    expect(hp('m = RandomForestClassifier(n_estimators=1_000)')).toEqual([]);
  });

  it('fills with -1 where the program filled with a zero of any spelling', () => {
    expect(codes("df['Age'] = df['Age'].fillna(0.0)", 'wrong_fill_value')).toEqual(["df['Age'] = df['Age'].fillna(-1)"]);
  });

  it('every rewrite parses, and its literals are ones Python prints back the same way', () => {
    const code = "m = RandomForestClassifier(n_estimators=200, learning_rate=0.1, tol=1e-4)\ndf.dropna(subset=['Age'], inplace=True)\nf = ['Age', 'Fare', 'Sex']";
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
    for (const s of program.statements) {
      for (const m of mutationsIn(s, ctx)) {
        const [cell] = applyMutation([{ cellIndex: 0, source: code }], m);
        expect(syntaxErrors(parser.parse(cell?.source ?? '').rootNode), cell?.source).toEqual([]);
        expect(m.after).not.toMatch(/\d{6,}|NaN|,\s*[\])]|\(\s*,|\bpass\b/);
      }
    }
  });
});

describe('wrong column', () => {
  const frame = {
    columns: ['PassengerId', 'Survived', 'Pclass', 'Name', 'Sex', 'Age', 'Fare', 'Embarked', 'it\'s'],
    dtypes: { PassengerId: 'int64', Survived: 'int64', Pclass: 'int64', Name: 'object', Sex: 'object', Age: 'float64', Fare: 'float64', Embarked: 'object', "it's": 'float64' },
    shape: [891, 9],
    missing: { Age: 177, Embarked: 2 },
    stats: {
      PassengerId: { mean: 446, std: 257.35, min: 1, max: 891, sum: 397386 },
      Survived: { mean: 0.38, std: 0.49, min: 0, max: 1, sum: 342 },
      Pclass: { mean: 2.31, std: 0.84, min: 1, max: 3, sum: 2057 },
      Age: { mean: 29.7, std: 14.5, min: 0.42, max: 80, sum: 21205.17 },
      Fare: { mean: 32.2, std: 49.7, min: 0, max: 512.33, sum: 28693.95 },
    },
  };
  const info = columnInfo(frame);
  const titanic = { columns: new Map([['df', frame.columns]]), boundNames: new Set<string>(), columnInfo: new Map([['df', info]]) };
  const mutants = (code: string, context: MutationContext = titanic) => {
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
    return mutationCandidates(program, 0, context, true).filter((m) => m.kind === 'wrong_column');
  };

  it('reads kinds and identifiers from the hook summary', () => {
    expect(info.get('PassengerId')).toEqual({ kind: 'numeric', idLike: true });
    expect(info.get('Pclass')).toEqual({ kind: 'numeric', idLike: false });
    expect(info.get('Age')).toEqual({ kind: 'numeric', idLike: false });
    expect(info.get('Sex')).toEqual({ kind: 'string', idLike: false });
    expect(columnInfo({ columns: ['customer_id', 'city'], dtypes: { customer_id: 'object', city: 'object' } }).get('customer_id')?.idLike).toBe(true);
    expect(columnInfo({ columns: ['d'], dtypes: { d: 'datetime64[ns]' } }).get('d')?.kind).toBe('datetime');
  });

  it('offers every other column of the same kind, no identifier, none it cannot quote', () => {
    const after = (code: string) => mutants(code).map((m) => m.after);
    expect(after("a = df['Age'].mean()")).toEqual(["'Survived'", "'Pclass'", "'Fare'"]);
    expect(after("s = df['Sex'].value_counts()")).toEqual(["'Name'", "'Embarked'"]);
    // double quotes: a name with a single quote can be written
    expect(after('a = df["Age"].mean()')).toContain('"it\'s"');
    // the gold column an identifier: any other non-identifier column
    expect(after("n = df['PassengerId'].max()")).toEqual(["'Survived'", "'Pclass'", "'Age'", "'Fare'"]);
    // without dtypes every other column is a candidate, in order
    expect(mutants("a = df['Age'].mean()", { columns: titanic.columns, boundNames: new Set() }).map((m) => m.after)).toContain("'PassengerId'");
  });

  it('offers no column of another kind: a frame with one numeric column keeps it', () => {
    // the correlation of each pair of columns, as the templates build it: `r` is the only number
    const pairs = columnInfo({ columns: ['a', 'b', 'r'], dtypes: { a: 'object', b: 'object', r: 'float64' }, shape: [10, 3] });
    const ctx = { columns: new Map([['pairs', ['a', 'b', 'r']]]), boundNames: new Set<string>(), columnInfo: new Map([['pairs', pairs]]) };
    expect(mutants('best = pairs["r"].max()', ctx)).toEqual([]);
    expect(mutants('first = pairs["a"].iloc[0]', ctx).map((m) => m.after)).toEqual(['"b"']);
  });

  it('picks the swapped-in column from the seed: it varies, and a seed repeats its pick', () => {
    const candidates = mutants("a = df['Age'].mean()");
    const picked = Array.from({ length: 40 }, (_, seed) => pickMutations(candidates, 1, seed)[0]?.after);
    expect(new Set(picked)).toEqual(new Set(["'Survived'", "'Pclass'", "'Fare'"]));
    expect(Array.from({ length: 40 }, (_, seed) => pickMutations(candidates, 1, seed)[0]?.after)).toEqual(picked);
  });

  it('picks among join keys the frames share, not always the first', () => {
    const ctx3 = { columns: new Map([['left', ['id', 'city', 'year', 'x']], ['right', ['id', 'city', 'year', 'y']]]), boundNames: new Set<string>() };
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: "m = pd.merge(left, right, on='id')" }]);
    const candidates = mutationCandidates(program, 0, ctx3, true).filter((m) => m.kind === 'wrong_join_key');
    expect(candidates.map((m) => m.after)).toEqual(["'city'", "'year'"]);
    const picked = new Set(Array.from({ length: 20 }, (_, seed) => pickMutations(candidates, 1, seed)[0]?.after));
    expect(picked.size).toBe(2);
  });
});

describe('swapped operands', () => {
  const swapped = (code: string) => mutate(code).filter((m) => m.kind === 'swapped_operands').map((m) => m.code);

  it('writes parentheses only where precedence needs them, with the spacing the program used', () => {
    expect(swapped('d = a - b')).toEqual(['d = b - a']);
    expect(swapped('r = len(df)/size')).toEqual(['r = size/len(df)']);
    expect(swapped('d = a - b * c')).toEqual(['d = b * c - a']);
    expect(swapped('d = a - (b + c)')).toEqual(['d = (b + c) - a']);
    expect(swapped('d = a + b - c')).toEqual(['d = c - (a + b)']);
    expect(swapped('q = a * b / c')).toEqual(['q = c / (a * b)']);
    expect(swapped('d = a ** 2 - b')).toEqual(['d = b - a ** 2']);
    expect(swapped('d = -a - b')).toEqual(['d = b - (-a)']);
    expect(swapped("r = df['x'].sum() / df['y'].sum()")).toEqual(["r = df['y'].sum() / df['x'].sum()"]);
  });

  it('computes the swapped value in Python', () => {
    const cases = ['a - b', 'a / b', 'a - b * c', 'a - (b + c)', 'a + b - c', 'a * b / c', 'a - b - c', 'a / b / c', '-a - b', 'a ** 2 - b', 'a - b ** 2', '(a if a > b else c) - b', 'a - (b if b else c)'];
    const lines = ['a, b, c = 7.0, 3.0, 2.0', 'out = []'];
    for (const expr of cases) {
      const program = analyzeProgram(parser, [{ cellIndex: 0, source: `v = ${expr}` }]);
      const s = program.statements[0];
      if (!s) throw new Error('no statement');
      // the outermost - or / of the expression: its own operands swapped
      const outer = mutationsIn(s, ctx).filter((m) => m.kind === 'swapped_operands').sort((x, y) => x.end - x.start - (y.end - y.start)).at(-1);
      if (!outer) throw new Error(`no swap in ${expr}`);
      const after = applyMutation([{ cellIndex: 0, source: `v = ${expr}` }], outer)[0]?.source.slice(4) ?? '';
      expect(syntaxErrors(parser.parse(after).rootNode), after).toEqual([]);
      // the outer node of `expr` is `L op R`; the mutant must equal `(R) op (L)`
      const node = parser.parse(expr).rootNode.namedChild(0)?.namedChild(0);
      const left = node?.childForFieldName('left')?.text;
      const right = node?.childForFieldName('right')?.text;
      const op = node?.children.find((c) => c !== null && !c.isNamed)?.type;
      lines.push(`out.append([${JSON.stringify(after)}, ${after}, (${right}) ${op} (${left}), ${expr}])`);
    }
    lines.push('import json', 'print(json.dumps(out))');
    const r = spawnSync('/usr/bin/python3', ['-c', lines.join('\n')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout) as [string, number, number, number][];
    expect(results).toHaveLength(cases.length);
    for (const [text, mutant, expected, gold] of results) {
      expect(mutant, text).toBeCloseTo(expected, 12);
      expect(mutant, text).not.toBeCloseTo(gold, 6);
    }
  });
});

describe('picking mutations', () => {
  const code = [
    'import pandas as pd',
    "df = pd.DataFrame({'Age': [20, 35, 50], 'Fare': [7.0, 70.0, 30.0], 'Sex': ['m', 'f', 'm']})",
    "older = df[df['Age'] > 30]",
    "avg = older['Fare'].mean()",
    'unused = df.head(2)',
    'print(avg)',
  ].join('\n');
  it('only mutates statements on the path to the final output, kinds first, deterministically', () => {
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
    const candidates = mutationCandidates(program, 5, ctx);
    expect(candidates.every((c) => [1, 2, 3].includes(c.statementId))).toBe(true);
    const kinds = new Set(candidates.map((c) => c.kind)).size;
    const a = pickMutations(candidates, kinds, 7);
    expect(a).toEqual(pickMutations(candidates, kinds, 7));
    expect(new Set(a.map((m) => m.kind)).size).toBe(kinds);
    // one mutant per place at most: a place offering several columns still gives one
    const places = new Set(candidates.map((c) => `${c.kind}:${c.start}:${c.end}`)).size;
    expect(places).toBeLessThan(candidates.length);
    const more = pickMutations(candidates, candidates.length + 5, 7);
    expect(more).toHaveLength(places);
    expect(new Set(more.map((c) => `${c.kind}:${c.start}:${c.end}`)).size).toBe(places);
  });
});
