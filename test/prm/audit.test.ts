import { describe, expect, it } from 'vitest';
import { auditTable, probeSamples, probeStepScores, runAudit } from '../../src/prm/audit.js';
import type { Example } from '../../src/prm/dataset.js';
import type { Split } from '../../src/prm/splits.js';
import { stepCompletion } from '../../src/prm/step-text.js';

// A corpus where the wrong steps differ from gold by a construct: gold takes `.mean()`, the
// mutants `.median()` (a style shortcut), and optionally counterfactuals take `.median()` where it
// is right. Values never enter the probe.
function corpus(groups: number, withCounterfactuals: boolean): Example[] {
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
  }
  return out;
}

describe('shortcut audit', () => {
  it('pairs each changed step with its gold step and leaves unchanged steps out', () => {
    const samples = probeSamples(corpus(5, true));
    // per group: gold step 1 (negative, paired with both operators), two mutated steps (positive),
    // two counterfactual steps (negative); the load step is the same everywhere and is left out
    expect(samples.filter((s) => s.exampleId === 'g0')).toEqual([expect.objectContaining({ stepIndex: 1, mutant: false, operators: ['wrong_aggregation', 'flipped_comparison'] })]);
    expect(samples.filter((s) => s.mutant)).toHaveLength(10);
    expect(samples.filter((s) => !s.mutant)).toHaveLength(15);
  });

  it('finds the construct when only mutants use it, and sits near 0.5 when counterfactuals use it too', () => {
    const shortcut = runAudit(corpus(60, false), ['test', 'heldout']).result;
    expect(shortcut.by_split.test?.auroc).toBeGreaterThan(0.9);
    expect(shortcut.by_operator.wrong_aggregation?.auroc).toBeGreaterThan(0.9);
    expect(shortcut.pass).toBe(false);
    const fixed = runAudit(corpus(60, true), ['test', 'heldout']).result;
    // the median step is wrong in a mutant and right in a counterfactual: code alone cannot tell
    // (gold's own .mean() is still never wrong: 0.75 here, against 1.0 without counterfactuals)
    expect(fixed.by_operator.wrong_aggregation?.auroc).toBeLessThan(0.8);
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
});
