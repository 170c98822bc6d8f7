// The shortcut audit: how well the code alone, with no values, tells a wrong mutated step from a
// right one at the same place. A probe (logistic regression on hashed code tokens; five of them, with
// consecutive seeds, averaged) is trained on the train split and scored by AUROC on the other splits.
// If the labels were decided by the code's style (a construct that training shows only in mutants),
// the probe finds it and its AUROC is high; when only the values decide, it sits near 0.5. Pure and
// deterministic for a seed.
//
// Samples are the places a mutation, a counterfactual rewrite or a sibling question changed: every
// step whose code differs from its reference step at the same index (the gold step; for a sibling
// pair the sibling's), paired with its own copy of that reference step. A changed step labelled
// wrong is positive ("from a mutant"); the reference step, an equivalent mutant's step and a
// counterfactual's step (labelled right by execution) are negative. Steps a change did not touch are
// left out: they have the reference code and would only pad both sides. Each sample records its
// origin, so the audit is also reported on the mutants alone (what a probe trained on all of the
// train split finds in the original contrast pairs).
import type { StepProbs } from './baselines.js';
import type { Example } from './dataset.js';
import { fnv1a } from './embed-hashing.js';
import { auroc, sigmoid } from './metrics.js';
import { createRng, shuffle } from './rng.js';
import { codeTokens, stepParts } from './tokens.js';

export const PROBE_VERSION = 'shortcut-probe-v2';

export interface ProbeSample {
  exampleId: string;
  stepIndex: number;
  split: string;
  family: string;
  /** the operators whose changes are at this place (a gold step can be paired with several) */
  operators: string[];
  code: string;
  mutant: boolean;
  /** what made the change: a mutant, a counterfactual rewrite or a sibling pair */
  origin: 'mutant' | 'counterfactual' | 'sibling';
}

export interface ProbeModel {
  version: string;
  dim: number;
  weights: Float32Array;
  bias: number;
}

export interface ProbeOptions {
  dim?: number;
  epochs?: number;
  rate?: number;
  l2?: number;
  seed?: number;
  /**
   * probes averaged (seeds seed, seed+1, ...): one SGD probe's AUROC moves by about 0.01 with its
   * shuffling seed on the shared corpus (heldout 0.613 to 0.627 over five seeds), as much as a
   * change to the data is meant to show; the average of five does not depend on a lucky seed
   */
  probes?: number;
}

const DEFAULTS: Required<ProbeOptions> = { dim: 1 << 16, epochs: 8, rate: 0.5, l2: 1e-6, seed: 1, probes: 5 };

/** Kinds whose changed steps are paired with their group's reference step, and that reference's kind. */
const CHANGED_KINDS: Record<string, { reference: string; origin: ProbeSample['origin'] }> = {
  mutant: { reference: 'gold', origin: 'mutant' },
  counterfactual: { reference: 'gold', origin: 'counterfactual' },
  sibling_mutant: { reference: 'sibling', origin: 'sibling' },
};
/** Kinds whose changed steps are a mistake when labelled wrong. */
const MISTAKE_KINDS = new Set(['mutant', 'sibling_mutant']);

function codeOf(text: string): string {
  return stepParts(text).code.trim();
}

export function probeSamples(examples: readonly Example[]): ProbeSample[] {
  const referenceOf = new Map<string, Example>();
  for (const e of examples) if (e.kind === 'gold' || e.kind === 'sibling') referenceOf.set(`${e.kind}\u0000${e.group}`, e);
  const out: ProbeSample[] = [];
  for (const e of examples) {
    const changed = CHANGED_KINDS[e.kind];
    if (!changed) continue;
    const reference = referenceOf.get(`${changed.reference}\u0000${e.group}`);
    if (!reference) continue;
    const operator = e.mutationKind ?? 'unknown';
    const family = e.templateFamily ?? (e.source === 'kaggle' ? 'kaggle' : 'other');
    e.steps.forEach((s, i) => {
      const r = reference.steps[i];
      if (!r || s.label === null) return;
      const code = codeOf(s.text);
      const referenceCode = codeOf(r.text);
      if (code === referenceCode) return;
      const base = { split: e.split, family, operators: [operator], origin: changed.origin };
      out.push({ ...base, exampleId: e.id, stepIndex: i, code, mutant: MISTAKE_KINDS.has(e.kind) && s.label === false });
      // the reference step once per change, so a construct counts as often right as the changes make it wrong
      out.push({ ...base, exampleId: reference.id, stepIndex: i, code: referenceCode, mutant: false });
    });
  }
  return out;
}

/** Sparse signed hashed bag of code tokens (presence), L2-normalised. */
export function probeFeatures(code: string, dim: number): { index: Int32Array; value: Float32Array } {
  const seen = new Map<number, number>();
  for (const token of new Set(codeTokens(code))) {
    const h = fnv1a(`probe:${token}`);
    const index = (h & 0x7fffffff) % dim;
    seen.set(index, (seen.get(index) ?? 0) + ((h & 0x80000000) === 0 ? 1 : -1));
  }
  const entries = [...seen].filter(([, v]) => v !== 0);
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0)) || 1;
  return { index: Int32Array.from(entries.map(([i]) => i)), value: Float32Array.from(entries.map(([, v]) => v / norm)) };
}

function dot(model: { weights: Float32Array; bias: number }, f: { index: Int32Array; value: Float32Array }): number {
  let z = model.bias;
  for (let k = 0; k < f.index.length; k++) z += (model.weights[f.index[k] as number] as number) * (f.value[k] as number);
  return z;
}

/** Logistic regression by class-balanced AdaGrad SGD on the train samples. */
export function fitProbe(samples: readonly ProbeSample[], options: ProbeOptions = {}): ProbeModel {
  const o = { ...DEFAULTS, ...options };
  const train = samples.filter((s) => s.split === 'train');
  const weights = new Float32Array(o.dim);
  const squares = new Float32Array(o.dim).fill(1e-8);
  let bias = 0;
  let biasSquare = 1e-8;
  const positives = train.filter((s) => s.mutant).length;
  const negatives = train.length - positives;
  if (positives === 0 || negatives === 0) return { version: PROBE_VERSION, dim: o.dim, weights, bias };
  const weightOf = (mutant: boolean) => (mutant ? train.length / (2 * positives) : train.length / (2 * negatives));
  const features = train.map((s) => probeFeatures(s.code, o.dim));
  const order = train.map((_, i) => i);
  const rng = createRng(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const i of shuffle(order, rng)) {
      const s = train[i] as ProbeSample;
      const f = features[i] as { index: Int32Array; value: Float32Array };
      const err = (sigmoid(dot({ weights, bias }, f)) - (s.mutant ? 1 : 0)) * weightOf(s.mutant);
      for (let k = 0; k < f.index.length; k++) {
        const j = f.index[k] as number;
        const g = err * (f.value[k] as number) + o.l2 * (weights[j] as number);
        squares[j] = (squares[j] as number) + g * g;
        weights[j] = (weights[j] as number) - (o.rate * g) / Math.sqrt(squares[j] as number);
      }
      biasSquare += err * err;
      bias -= (o.rate * err) / Math.sqrt(biasSquare);
    }
  }
  return { version: PROBE_VERSION, dim: o.dim, weights, bias };
}

/** The probe's probability that this code is a mutant's wrong step (an ensemble's: the mean of its probes'). */
export function probeScore(model: ProbeModel | readonly ProbeModel[], code: string): number {
  const models = Array.isArray(model) ? (model as readonly ProbeModel[]) : [model as ProbeModel];
  let sum = 0;
  for (const m of models) sum += sigmoid(dot(m, probeFeatures(code, m.dim)));
  return sum / models.length;
}

/** `probes` probes fitted with consecutive seeds (ProbeOptions.probes says why). */
export function fitProbes(samples: readonly ProbeSample[], options: ProbeOptions = {}): ProbeModel[] {
  const o = { ...DEFAULTS, ...options };
  return Array.from({ length: Math.max(1, o.probes) }, (_, i) => fitProbe(samples, { ...o, seed: o.seed + i }));
}

export interface AurocCell {
  auroc: number | null;
  positives: number;
  negatives: number;
}

export interface AuditResult {
  version: string;
  /** what was trained on */
  train: { positives: number; negatives: number };
  by_split: Record<string, AurocCell>;
  /** the same probe on the mutants' samples alone (no counterfactual or sibling pair) */
  by_split_mutants: Record<string, AurocCell>;
  /** over the evaluated splits together, worst (highest AUROC) first */
  by_family: Record<string, AurocCell>;
  by_operator: Record<string, AurocCell>;
  evaluated: string[];
  /** how many probes (seeds) the scores average */
  probes: number;
  /** the target: at most this AUROC on every evaluated split */
  target: number;
  pass: boolean | null;
}

export const PROBE_TARGET = 0.6;

function cell(list: readonly { score: number; mutant: boolean }[]): AurocCell {
  const positives = list.filter((s) => s.mutant).length;
  const value = auroc(
    list.map((s) => s.score),
    list.map((s) => s.mutant),
  );
  return { auroc: value === null ? null : Math.round(value * 1000) / 1000, positives, negatives: list.length - positives };
}

function worstFirst(cells: Record<string, AurocCell>): Record<string, AurocCell> {
  return Object.fromEntries(Object.entries(cells).sort(([a, x], [b, y]) => (y.auroc ?? -1) - (x.auroc ?? -1) || a.localeCompare(b)));
}

/** Train the probes on the train split's samples and report their averaged score's AUROC on `evaluate` splits. */
export function runAudit(examples: readonly Example[], evaluate: readonly string[] = ['test', 'heldout', 'real'], options: ProbeOptions = {}): { result: AuditResult; model: ProbeModel[] } {
  const samples = probeSamples(examples);
  const model = fitProbes(samples, options);
  const scored = samples.map((s) => ({ ...s, score: probeScore(model, s.code) }));
  const train = scored.filter((s) => s.split === 'train');
  const splits = [...new Set(scored.map((s) => s.split))].filter((s) => s !== 'train').sort();
  const bySplit: Record<string, AurocCell> = {};
  for (const split of splits) bySplit[split] = cell(scored.filter((s) => s.split === split));
  const byMutants: Record<string, AurocCell> = {};
  for (const split of splits) byMutants[split] = cell(scored.filter((s) => s.split === split && s.origin === 'mutant'));
  const evaluated = evaluate.filter((s) => scored.some((x) => x.split === s));
  const pool = scored.filter((s) => evaluated.includes(s.split));
  const byFamily: Record<string, AurocCell> = {};
  for (const family of new Set(pool.map((s) => s.family))) byFamily[family] = cell(pool.filter((s) => s.family === family));
  const byOperator: Record<string, AurocCell> = {};
  for (const op of new Set(pool.flatMap((s) => s.operators))) byOperator[op] = cell(pool.filter((s) => s.operators.includes(op)));
  // the target holds only where it holds on the whole data and on the mutants alone
  const values = evaluated.flatMap((s) => [bySplit[s]?.auroc, byMutants[s]?.auroc]).filter((v): v is number => typeof v === 'number');
  return {
    model,
    result: {
      version: PROBE_VERSION,
      train: { positives: train.filter((s) => s.mutant).length, negatives: train.filter((s) => !s.mutant).length },
      by_split: bySplit,
      by_split_mutants: byMutants,
      by_family: worstFirst(byFamily),
      by_operator: worstFirst(byOperator),
      evaluated,
      probes: model.length,
      target: PROBE_TARGET,
      pass: values.length ? values.every((v) => v <= PROBE_TARGET) : null,
    },
  };
}

/** The probe as a step scorer (a baseline): a step is right with probability 1 - p(mutant | code). */
export function probeStepScores(model: ProbeModel | readonly ProbeModel[], examples: readonly Example[]): StepProbs {
  return new Map(examples.map((e) => [e.id, e.steps.map((s) => 1 - probeScore(model, codeOf(s.text)))]));
}

/** Markdown table of an audit, for the model card, the dataset card and `hookmine audit`. */
export function auditTable(result: AuditResult, rows = 8): string {
  const fmt = (c: AurocCell) => `${c.auroc === null ? '-' : c.auroc.toFixed(3)} | ${c.positives} | ${c.negatives}`;
  const lines = ['| where | AUROC | wrong mutated steps | right steps at the same places |', '|---|---|---|---|'];
  for (const [split, c] of Object.entries(result.by_split)) lines.push(`| split ${split} | ${fmt(c)} |`);
  for (const [split, c] of Object.entries(result.by_split_mutants ?? {})) lines.push(`| split ${split}, mutants alone | ${fmt(c)} |`);
  for (const [family, c] of Object.entries(result.by_family).slice(0, rows)) lines.push(`| family ${family} | ${fmt(c)} |`);
  for (const [op, c] of Object.entries(result.by_operator).slice(0, rows)) lines.push(`| operator ${op} | ${fmt(c)} |`);
  return lines.join('\n');
}
