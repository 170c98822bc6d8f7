import { describe, expect, it } from 'vitest';
import { auditTable, fitProbe, probeSamples, probeScore, probeStepScores, runAudit, type ProbeModel } from '../../src/prm/audit.js';
import type { Example } from '../../src/prm/dataset.js';
import type { Split } from '../../src/prm/splits.js';
import { stepCompletion } from '../../src/prm/step-text.js';

// A corpus where the wrong steps differ from gold by a construct: gold takes `.mean()`, the
// mutants `.median()` (a style shortcut), and optionally counterfactuals take `.median()` where it
// is right. Values never enter the probe.
function corpus(groups: number, withCounterfactuals: boolean, withSiblings = false): Example[] {
  const out: Example[] = [];
  const splits: Split[] = ['train', 'train', 'train', 'test', 'heldout'];
  for (let g = 0; g < groups; g++) {
    const split = splits[g % splits.length] as Split;
    const col = `col_${g % 7}`;
    const step = (code: string, label: boolean | null, index: number) => ({ index, text: stepCompletion({ name: 'x', code, value: g }), label });
    const base = { group: `g${g}`, source: 'synthetic', split, prompt: '# question: q\n', finalKey: '', templateFamily: g % 2 ? 'fam-a' : 'fam-b' };
    const load = step("df = pd.read_csv('a.csv')", true, 0);
    out.push({ ...base, id: `g${g}`, kind: 'gold', finalCorrect: true, steps: [load, step(`x = df['${col}'].mean()`, true, 1)] });
    out.push({ ...base, id: `m${g}`, kind: 'mutant', mutationKind: 'wrong_aggregation', finalCorrect: false, steps: [load, step(`x = df['${col}'].median()`, false, 1)] });
    out.push({ ...base, id: `f${g}`, kind: 'mutant', mutationKind: 'flipped_comparison', finalCorrect: false, steps: [load, step(`x = df[df['${col}'] < 3]['${col}'].mean()`, false, 1)] });
    if (withCounterfactuals) {
      out.push({ ...base, id: `c${g}`, kind: 'counterfactual', mutationKind: 'wrong_aggregation', finalCorrect: true, steps: [load, step(`x = df['${col}'].median()`, true, 1)] });
      out.push({ ...base, id: `d${g}`, kind: 'counterfactual', mutationKind: 'flipped_comparison', finalCorrect: true, steps: [load, step(`x = df[3 > df['${col}']]['${col}'].mean()`, true, 1)] });
    }
    if (withSiblings) {
      // the question rewritten to the one the median mutant answers: its code right, gold's wrong
      const sib = { ...base, group: `sb${g}`, prompt: '# question: q, median\n', mutationKind: 'wrong_aggregation' };
      out.push({ ...sib, id: `sb${g}`, kind: 'sibling', finalCorrect: true, steps: [load, step(`x = df['${col}'].median()`, true, 1)] });
      out.push({ ...sib, id: `sm${g}`, kind: 'sibling_mutant', finalCorrect: false, steps: [load, step(`x = df['${col}'].mean()`, false, 1)] });
    }
  }
  return out;
}

describe('shortcut audit', () => {
  it('pairs each changed step with its own copy of the reference step and leaves unchanged steps out', () => {
    const samples = probeSamples(corpus(5, true, true));
    // per group: two mutated steps (positive), two counterfactual steps (negative), each with a copy
    // of gold step 1 (negative); a sibling pair: the mutant's code right, gold's code wrong; the
    // load step is the same everywhere and is left out
    expect(samples.filter((s) => s.exampleId === 'g0')).toEqual([
      expect.objectContaining({ stepIndex: 1, mutant: false, operators: ['wrong_aggregation'], origin: 'mutant' }),
      expect.objectContaining({ stepIndex: 1, mutant: false, operators: ['flipped_comparison'], origin: 'mutant' }),
      expect.objectContaining({ stepIndex: 1, mutant: false, operators: ['wrong_aggregation'], origin: 'counterfactual' }),
      expect.objectContaining({ stepIndex: 1, mutant: false, operators: ['flipped_comparison'], origin: 'counterfactual' }),
    ]);
    expect(samples.filter((s) => s.exampleId === 'sm0')).toEqual([expect.objectContaining({ stepIndex: 1, mutant: true, origin: 'sibling', code: "x = df['col_0'].mean()" })]);
    expect(samples.filter((s) => s.exampleId === 'sb0')).toEqual([expect.objectContaining({ stepIndex: 1, mutant: false, origin: 'sibling', code: "x = df['col_0'].median()" })]);
    expect(samples.filter((s) => s.mutant)).toHaveLength(15);
    expect(samples.filter((s) => !s.mutant)).toHaveLength(35);
  });

  it('sibling pairs make every construct of a mutant as often right as wrong', () => {
    const withSiblings = runAudit(corpus(60, false, true), ['test', 'heldout']).result;
    const without = runAudit(corpus(60, false), ['test', 'heldout']).result;
    // .median() is wrong in a mutant and right in a sibling, .mean() the other way round
    expect(without.by_operator.wrong_aggregation?.auroc).toBeGreaterThan(0.9);
    expect(withSiblings.by_operator.wrong_aggregation?.auroc).toBeLessThan(0.7);
    // the mutants alone are reported too: the flipped comparison has no sibling and stays found
    expect(withSiblings.by_split_mutants.test?.positives).toBe(without.by_split.test?.positives);
    expect(withSiblings.by_operator.flipped_comparison?.auroc).toBeGreaterThan(0.9);
    expect(withSiblings.pass).toBe(false);
    expect(auditTable(withSiblings)).toContain('| split test, mutants alone |');
  });

  it('finds the construct when only mutants use it, and sits near 0.5 when counterfactuals use it too', () => {
    const shortcut = runAudit(corpus(60, false), ['test', 'heldout']).result;
    expect(shortcut.by_split.test?.auroc).toBeGreaterThan(0.9);
    expect(shortcut.by_operator.wrong_aggregation?.auroc).toBeGreaterThan(0.9);
    expect(shortcut.pass).toBe(false);
    const fixed = runAudit(corpus(60, true), ['test', 'heldout']).result;
    // the median step is wrong in a mutant and right in a counterfactual: code alone cannot tell
    // (gold's own .mean() is still never wrong, and paired with each change: 0.83 here, against 1.0
    // without counterfactuals; sibling pairs, below, remove that too)
    expect(fixed.by_operator.wrong_aggregation?.auroc).toBeLessThan(0.9);
    expect(fixed.by_split.test?.auroc).toBeLessThan(shortcut.by_split.test?.auroc as number);
    expect(Object.keys(fixed.by_family).sort()).toEqual(['fam-a', 'fam-b']);
    expect(auditTable(fixed)).toContain('| operator wrong_aggregation |');
  });

  it('scores every step as a baseline: the chance it is right from its code alone', () => {
    const examples = corpus(20, false);
    const { model } = runAudit(examples);
    const scores = probeStepScores(model, examples);
    const gold = scores.get('g3') as number[];
    const mutant = scores.get('m3') as number[];
    expect(gold).toHaveLength(2);
    expect(mutant[1]).toBeLessThan(gold[1] as number);
  });

  it('averages probes fitted with consecutive seeds, so one shuffling order does not decide the AUROC', () => {
    const examples = corpus(20, false);
    const { result, model } = runAudit(examples, ['test', 'heldout'], { probes: 3, seed: 7 });
    expect(result.probes).toBe(3);
    expect(model).toHaveLength(3);
    const samples = probeSamples(examples);
    const singles = [7, 8, 9].map((seed) => fitProbe(samples, { seed }));
    const code = samples[0]?.code as string;
    const mean = singles.reduce((s, m) => s + probeScore(m, code), 0) / 3;
    expect(probeScore(model, code)).toBeCloseTo(mean, 6);
    // the members differ: averaging them is not a no-op
    expect(probeScore(singles[0] as ProbeModel, code)).not.toBe(probeScore(singles[1] as ProbeModel, code));
  });
});
