import { beforeAll, describe, expect, it } from 'vitest';
import { counterfactualsIn, pickCounterfactuals, type Counterfactual } from '../../extractors/mutations/counterfactuals.js';
import { mutationsIn } from '../../extractors/mutations/operators.js';
import { applyMutation, rng } from '../../extractors/mutations/select.js';
import { loadPythonParser, syntaxErrors, type PythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram } from '../../extractors/python/program.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

function rewrites(code: string): { kind: string; code: string; exact: boolean }[] {
  const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
  const s = program.statements[0];
  if (!s) throw new Error('no statement');
  return counterfactualsIn(s).map((c) => ({ kind: c.kind, code: applyMutation([{ cellIndex: 0, source: code }], c)[0]?.source ?? '', exact: c.exact }));
}

describe('counterfactual rewrites', () => {
  it('flips a comparison by swapping its operands: the mutant operator, the same mask', () => {
    expect(rewrites("older = df[df['Age'] > 30]")).toContainEqual({ kind: 'flipped_comparison', code: "older = df[30 < df['Age']]", exact: true });
    // == and != have no order to flip: no rewrite
    expect(rewrites("x = df[df['Sex'] == 'male']").filter((r) => r.kind === 'flipped_comparison')).toEqual([]);
  });

  it('writes an aggregation with the method its mutant swaps in, compensated where an identity exists', () => {
    const codes = (code: string) => rewrites(code).filter((r) => r.kind === 'wrong_aggregation').map((r) => r.code);
    expect(codes("m = df['Fare'].max()")).toEqual(["m = (-(-df['Fare']).min())"]);
    expect(codes("s = df['Fare'].std()")).toEqual(["s = (df['Fare'].var() ** 0.5)"]);
    expect(codes("t = df['Fare'].sum()")).toEqual(["t = (df['Fare'].mean() * df['Fare'].count())"]);
    expect(codes("i = counts.idxmax()")).toEqual(['i = (-counts).idxmin()']);
    // no identity: the swapped method itself, which execution keeps only where it equals gold
    expect(codes("a = df['Fare'].mean()")).toEqual(["a = df['Fare'].median()"]);
    expect(codes("g = df.groupby('Sex')['Fare'].agg('mean')")).toContain("g = df.groupby('Sex')['Fare'].agg('median')");
  });

  it('bumps a literal and takes the one back, and swaps operands with their inverse', () => {
    expect(rewrites('top = counts.head(3)')).toContainEqual({ kind: 'off_by_one', code: 'top = counts.head(4 - 1)', exact: true });
    expect(rewrites('r = a / b')).toContainEqual({ kind: 'swapped_operands', code: 'r = (1 / ((b) / (a)))', exact: false });
    expect(rewrites('d = a - b')).toContainEqual({ kind: 'swapped_operands', code: 'd = (-((b) - (a)))', exact: true });
  });

  it('makes code that parses', () => {
    const code = "x = (df[df['Age'] >= 18]['Fare'].max() - df['Fare'].min()) / df['Fare'].std() + df.head(5)['Age'].sum()";
    const all = rewrites(code);
    expect(all.length).toBeGreaterThan(5);
    for (const r of all) expect(syntaxErrors(parser.parse(r.code).rootNode), r.code).toEqual([]);
  });

  it('prefers the kinds of the episode\'s mutants and exact rewrites, and never repeats a mutant', () => {
    const code = "x = df[df['Age'] > 30]['Fare'].mean() - 1";
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: code }]);
    const s = program.statements[0];
    if (!s) throw new Error('no statement');
    const candidates = counterfactualsIn(s);
    const mutants = mutationsIn(s, { columns: new Map(), boundNames: new Set() }).filter((m) => m.kind === 'wrong_aggregation');
    const picked: Counterfactual[] = pickCounterfactuals(candidates, mutants, 1, rng(1));
    expect(picked).toHaveLength(1);
    // the mean -> median rewrite is the mutant's own text: the other kinds are picked instead
    expect(picked[0]?.kind).not.toBe('wrong_aggregation');
    expect(picked[0]?.exact).toBe(true);
    const withComparison = pickCounterfactuals(candidates, [...mutants, ...mutationsIn(s, { columns: new Map(), boundNames: new Set() }).filter((m) => m.kind === 'flipped_comparison')], 1, rng(1));
    expect(withComparison[0]?.kind).toBe('flipped_comparison');
  });
});
