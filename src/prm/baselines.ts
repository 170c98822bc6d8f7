// Baselines the PRM is compared with, each producing per-step probabilities so every metric applies:
//  - random: an independent uniform score per step (seeded);
//  - length: a logistic regression on the step's text lengths and position, fitted on the train
//    split (what surface length alone predicts);
//  - majority: majority vote over final answers: every step of a trajectory gets the share of its
//    group whose final answer equals its own (outcome-level, no step information);
//  - outcome-only: the same network trained on final labels alone (trained by the trainer, not here).
import type { Example } from './dataset.js';
import { hashUnit } from './rng.js';
import { sigmoid } from './metrics.js';
import { stepParts } from './tokens.js';

export type StepProbs = Map<string, number[]>;

export function randomScores(examples: readonly Example[], seed: number): StepProbs {
  return new Map(examples.map((e) => [e.id, e.steps.map((_, i) => hashUnit(`random:${seed}:${e.id}:${i}`))]));
}

function lengthFeatures(e: Example, i: number): number[] {
  const parts = stepParts(e.steps[i]?.text ?? '');
  return [Math.log1p(parts.code.length), Math.log1p(parts.value.length), Math.log1p(i), Math.log1p(e.steps.length)];
}

export interface LengthModel {
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

/** Full-batch gradient descent on standardised features: small, deterministic, no dependencies. */
export function fitLengthModel(train: readonly Example[], iterations = 400, rate = 0.5): LengthModel {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const e of train) {
    e.steps.forEach((s, i) => {
      if (s.label === null) return;
      xs.push(lengthFeatures(e, i));
      ys.push(s.label ? 1 : 0);
    });
  }
  const dims = 4;
  const mean = Array.from({ length: dims }, (_, j) => (xs.length ? xs.reduce((s, x) => s + (x[j] as number), 0) / xs.length : 0));
  const std = Array.from({ length: dims }, (_, j) =>
    Math.sqrt(xs.reduce((s, x) => s + ((x[j] as number) - (mean[j] as number)) ** 2, 0) / Math.max(1, xs.length)) || 1,
  );
  const zs = xs.map((x) => x.map((v, j) => (v - (mean[j] as number)) / (std[j] as number)));
  const weights = new Array<number>(dims).fill(0);
  const base = ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0.5;
  let bias = Math.log(Math.max(1e-6, base) / Math.max(1e-6, 1 - base));
  for (let it = 0; it < iterations && zs.length; it++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    zs.forEach((z, k) => {
      const err = sigmoid(bias + z.reduce((s, v, j) => s + v * (weights[j] as number), 0)) - (ys[k] as number);
      gradBias += err;
      z.forEach((v, j) => (grad[j] = (grad[j] as number) + err * v));
    });
    bias -= (rate * gradBias) / zs.length;
    for (let j = 0; j < dims; j++) weights[j] = (weights[j] as number) - (rate * (grad[j] as number)) / zs.length;
  }
  return { mean, std, weights, bias };
}

export function lengthScores(model: LengthModel, examples: readonly Example[]): StepProbs {
  return new Map(
    examples.map((e) => [
      e.id,
      e.steps.map((_, i) => {
        const x = lengthFeatures(e, i);
        return sigmoid(model.bias + x.reduce((s, v, j) => s + ((v - (model.mean[j] as number)) / (model.std[j] as number)) * (model.weights[j] as number), 0));
      }),
    ]),
  );
}

export function majorityScores(examples: readonly Example[]): StepProbs {
  const groups = new Map<string, Example[]>();
  for (const e of examples) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  return new Map(
    examples.map((e) => {
      const members = groups.get(e.group) as Example[];
      const share = members.filter((m) => m.finalKey === e.finalKey).length / members.length;
      return [e.id, e.steps.map(() => share)];
    }),
  );
}
