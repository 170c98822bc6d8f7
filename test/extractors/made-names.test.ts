import { beforeAll, describe, expect, it } from 'vitest';
import { madeNames } from '../../extractors/mutations/made-names.js';
import type { MutationContext } from '../../extractors/mutations/operators.js';
import { mutationCandidates } from '../../extractors/mutations/select.js';
import { loadPythonParser, type PythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram } from '../../extractors/python/program.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const program = (code: string) => analyzeProgram(parser, [{ cellIndex: 0, source: code }]);

describe('madeNames', () => {
  it('collects the labels a program gives a computed result', () => {
    const code = [
      'import pandas as pd',
      'df = pd.read_csv("t.csv")',
      'corr = df[["Age", "Fare", "Pclass"]].corr()',
      'pairs = corr.stack().rename_axis(["a", "b"]).reset_index(name="r")',
      'table = df["Sex"].value_counts().rename_axis("value").reset_index(name="n")',
      'share = df["Sex"].value_counts(normalize=True).to_frame("share")',
      'g = df.groupby("Sex").agg(total=("Fare", "sum"))',
      'r = df.rename(columns={"Age": "age_years"})',
      'long = df.melt(var_name="field", value_name="amount")',
      'df["FamilySize"] = df["SibSp"] + df["Parch"] + 1',
    ].join('\n');
    const columns = new Map([['df', ['Age', 'Fare', 'Pclass', 'Sex', 'SibSp', 'Parch']]]);
    expect([...madeNames(program(code), columns)].sort()).toEqual(['a', 'age_years', 'amount', 'b', 'field', 'n', 'r', 'share', 'total', 'value']);
  });

  it('leaves the columns of a table read from a file mutable, and what read_csv names', () => {
    const code = 'train = pd.read_csv("train.csv")\nsub = pd.DataFrame({"PassengerId": train["PassengerId"], "Survived": preds})\nraw = pd.read_csv("x.csv", names=["u", "v"])';
    expect([...madeNames(program(code), new Map([['train', ['PassengerId', 'Survived', 'Age']]]))]).toEqual([]);
    // the submission's names are made up where the run captured no table read from a file
    expect([...madeNames(program(code))].sort()).toEqual(['PassengerId', 'Survived']);
  });

  it('keeps wrong_column and dropped_feature off them', () => {
    const code = 'best = pairs["r"].max()\ntop = table["n"].head(3)\nout = pairs.loc[pairs["r"] == best, ["a", "b"]]\nfeatures = df[["Age", "Fare"]]\nx = df["Age"].mean()';
    const p = program(code);
    const ctx: MutationContext = {
      columns: new Map([['pairs', ['a', 'b', 'r', 'q']], ['table', ['value', 'n', 'm']], ['df', ['Age', 'Fare', 'Pclass']]]),
      boundNames: new Set(),
      madeNames: new Set(['a', 'b', 'r', 'n', 'value']),
    };
    const kinds = (kind: string) => p.statements.flatMap((s) => mutationCandidates(p, s.id, ctx, true)).filter((m) => m.kind === kind && m.statementId !== undefined);
    const columns = [...new Set(kinds('wrong_column').map((m) => `${m.before}->${m.after}`))].sort();
    // only the data's column changes (pairs["r"] and table["n"] are made up, though q and m are there to swap in)
    expect(columns).toEqual(['"Age"->"Fare"', '"Age"->"Pclass"']);
    expect([...new Set(kinds('dropped_feature').map((m) => m.before))]).toEqual(['"Age", "Fare"']);
  });
});
