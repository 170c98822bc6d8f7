// Evaluation metrics over step probabilities (the chance a step is right). Pure functions.
//  - ProcessBench-style F1: the predicted earliest wrong step (first step scored below a threshold)
//    must equal the labelled one on flawed trajectories; all-right trajectories must get none; F1 is
//    the harmonic mean of the two accuracies (QwenLM/ProcessBench run_eval.py).
//  - step AUROC (a right step scored above a wrong one), expected calibration error, Brier score.
//  - best-of-N: in each group pick the trajectory with the highest aggregated score; accuracy is the
//    share of groups whose pick has a correct final answer.
import { firstErrorIndex } from './dataset.js';

export const AGGREGATIONS = ['product', 'min', 'mean', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability that a random right step outscores a random wrong one (ties count half). */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[idx[k] as number]) {
        pos++;
        rankSum += midRank;
      } else neg++;
    }
    i = j + 1;
  }
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanProbability: number;
  accuracy: number;
}

export function calibrationBins(probs: readonly number[], labels: readonly boolean[], bins = 10): CalibrationBin[] {
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) out.push({ lower: b / bins, upper: (b + 1) / bins, count: 0, meanProbability: 0, accuracy: 0 });
  probs.forEach((p, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(p * bins))] as CalibrationBin;
    bin.count++;
    bin.meanProbability += p;
    bin.accuracy += labels[i] ? 1 : 0;
  });
  for (const bin of out) {
    if (bin.count > 0) {
      bin.meanProbability /= bin.count;
      bin.accuracy /= bin.count;
    }
  }
  return out;
}

/** Expected calibration error: the count-weighted gap between confidence and accuracy per bin. */
export function ece(probs: readonly number[], labels: readonly boolean[], bins = 10): number | null {
  if (probs.length === 0) return null;
  return calibrationBins(probs, labels, bins).reduce((sum, b) => sum + (b.count / probs.length) * Math.abs(b.meanProbability - b.accuracy), 0);
}

export function brier(probs: readonly number[], labels: readonly boolean[]): number | null {
  if (probs.length === 0) return null;
  return probs.reduce((s, p, i) => s + (p - (labels[i] ? 1 : 0)) ** 2, 0) / probs.length;
}

export interface ScoredTrajectory {
  id: string;
  group: string;
  /** per-step probability of being right */
  probs: readonly number[];
  labels: readonly (boolean | null)[];
  finalCorrect: boolean | null;
  /** which part of the validation split it is in (seen or unseen template variants); the threshold
   * is tuned on the mean F1 of the parts */
  part?: string;
}

export interface ProcessBenchResult {
  f1: number | null;
  accErroneous: number | null;
  accCorrect: number | null;
  erroneous: number;
  correct: number;
}

/** First step scored below the threshold, -1 for none. */
export function predictedFirstError(probs: readonly number[], threshold: number): number {
  return probs.findIndex((p) => p < threshold);
}

export function processBench(trajectories: readonly ScoredTrajectory[], threshold: number): ProcessBenchResult {
  let erroneous = 0;
  let correct = 0;
  let hitErr = 0;
  let hitCor = 0;
  for (const t of trajectories) {
    // Only trajectories whose labels are known up to their first error count.
    if (!t.labels.some((l) => l !== null)) continue;
    const truth = firstErrorIndex(t.labels);
    const predicted = predictedFirstError(t.probs, threshold);
    if (truth >= 0) {
      erroneous++;
      if (predicted === truth) hitErr++;
    } else {
      correct++;
      if (predicted === -1) hitCor++;
    }
  }
  const accErroneous = erroneous ? hitErr / erroneous : null;
  const accCorrect = correct ? hitCor / correct : null;
  const f1 = accErroneous === null || accCorrect === null ? null : accErroneous + accCorrect === 0 ? 0 : (2 * accErroneous * accCorrect) / (accErroneous + accCorrect);
  return { f1, accErroneous, accCorrect, erroneous, correct };
}

/**
 * The ProcessBench threshold (on a grid): the one with the best F1 on the given (validation)
 * trajectories. When they come in parts (episodes of template variants training saw, and of variants
 * it never saw), the best mean F1 over the parts: a threshold tuned only on seen variants sits too low for unseen ones,
 * and the held-out variants are unseen.
 */
export function tuneThreshold(trajectories: readonly ScoredTrajectory[]): number {
  const parts = new Map<string, ScoredTrajectory[]>();
  for (const t of trajectories) {
    const key = t.part ?? '';
    const list = parts.get(key);
    if (list) list.push(t);
    else parts.set(key, [t]);
  }
  const score = (threshold: number): number => {
    const f1s = [...parts.values()].map((p) => processBench(p, threshold).f1).filter((f): f is number => f !== null);
    return f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : -1;
  };
  let best = 0.5;
  let bestF1 = -1;
  for (let k = 1; k < 100; k++) {
    const threshold = k / 100;
    const f1 = score(threshold);
    // Ties prefer the threshold nearest 0.5, the calibrated default.
    if (f1 > bestF1 + 1e-12 || (Math.abs(f1 - bestF1) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(best - 0.5))) {
      best = threshold;
      bestF1 = f1;
    }
  }
  return best;
}

export function aggregate(probs: readonly number[], how: Aggregation): number {
  if (probs.length === 0) return 0;
  switch (how) {
    // Sum of logs: a long product of probabilities underflows to 0 and ties every candidate.
    case 'product':
      return probs.reduce((s, p) => s + Math.log(Math.max(p, 1e-12)), 0);
    case 'min':
      return Math.min(...probs);
    case 'mean':
      return probs.reduce((s, p) => s + p, 0) / probs.length;
    case 'last':
      return probs[probs.length - 1] as number;
  }
}

export interface BestOfNResult {
  accuracy: number | null;
  groups: number;
  /** share of groups with at least one correct candidate: the ceiling */
  oracle: number | null;
  /** share of groups' candidates that are correct: the expected accuracy of a random pick */
  candidatesCorrect: number | null;
}

/**
 * Best-of-N over groups with at least two candidates whose final correctness is known. Ties are
 * broken by a key that does not depend on the candidate being gold or mutant (`tieBreak`).
 */
export function bestOfN(trajectories: readonly ScoredTrajectory[], how: Aggregation, tieBreak: (id: string) => number): BestOfNResult {
  const groups = new Map<string, ScoredTrajectory[]>();
  for (const t of trajectories) {
    if (t.finalCorrect === null) continue;
    const list = groups.get(t.group) ?? [];
    list.push(t);
    groups.set(t.group, list);
  }
  let n = 0;
  let hits = 0;
  let oracle = 0;
  let share = 0;
  for (const candidates of groups.values()) {
    if (candidates.length < 2) continue;
    n++;
    let best: ScoredTrajectory | undefined;
    let bestScore = -Infinity;
    let bestTie = -Infinity;
    for (const c of candidates) {
      const score = aggregate(c.probs, how);
      const tie = tieBreak(c.id);
      if (score > bestScore || (score === bestScore && tie > bestTie)) {
        best = c;
        bestScore = score;
        bestTie = tie;
      }
    }
    if (best?.finalCorrect) hits++;
    if (candidates.some((c) => c.finalCorrect)) oracle++;
    share += candidates.filter((c) => c.finalCorrect).length / candidates.length;
  }
  return { accuracy: n ? hits / n : null, groups: n, oracle: n ? oracle / n : null, candidatesCorrect: n ? share / n : null };
}

/** The metric bundle every scorer (the PRM and each baseline) is reported with. */
export interface MetricSet {
  processbench_f1: number | null;
  processbench_acc_erroneous: number | null;
  processbench_acc_correct: number | null;
  threshold: number;
  step_auroc: number | null;
  ece: number | null;
  brier: number | null;
  best_of_n: Record<Aggregation, number | null>;
  trajectories: number;
  steps: number;
  groups: number;
}

export function metricSet(trajectories: readonly ScoredTrajectory[], threshold: number, tieBreak: (id: string) => number): MetricSet {
  const probs: number[] = [];
  const labels: boolean[] = [];
  for (const t of trajectories) {
    t.labels.forEach((l, i) => {
      if (l === null) return;
      probs.push(t.probs[i] as number);
      labels.push(l);
    });
  }
  const pb = processBench(trajectories, threshold);
  const bon = Object.fromEntries(AGGREGATIONS.map((a) => [a, bestOfN(trajectories, a, tieBreak)])) as Record<Aggregation, BestOfNResult>;
  return {
    processbench_f1: pb.f1,
    processbench_acc_erroneous: pb.accErroneous,
    processbench_acc_correct: pb.accCorrect,
    threshold,
    step_auroc: auroc(probs, labels),
    ece: ece(probs, labels),
    brier: brier(probs, labels),
    best_of_n: Object.fromEntries(AGGREGATIONS.map((a) => [a, bon[a].accuracy])) as Record<Aggregation, number | null>,
    trajectories: trajectories.length,
    steps: probs.length,
    groups: bon.product.groups,
  };
}
