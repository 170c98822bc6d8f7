// One evaluation procedure for every scorer (the PRM, the outcome-only model and each baseline):
// the ProcessBench threshold is tuned on the validation split (the mean F1 of its parts: variants
// training saw and variants it never saw), then every metric is computed on the evaluation episodes
// with that threshold. Same inputs, same rules, so the numbers compare.
import type { StepProbs } from './baselines.js';
import type { Example } from './dataset.js';
import { metricSet, tuneThreshold, type MetricSet, type ScoredTrajectory } from './metrics.js';
import { hashUnit } from './rng.js';

/** Ties in best-of-N go to a pseudo-random candidate, never systematically to the gold one. */
export const tieBreak = (id: string): number => hashUnit(`tie:${id}`);

export function trajectories(examples: readonly Example[], probs: StepProbs): ScoredTrajectory[] {
  return examples.map((e) => {
    const p = probs.get(e.id);
    if (!p || p.length !== e.steps.length) throw new Error(`no scores for every step of ${e.id}`);
    return { id: e.id, group: e.group, probs: p, labels: e.steps.map((s) => s.label), finalCorrect: e.finalCorrect, part: e.unseenVariant ? 'unseen' : 'seen' };
  });
}

export interface ScorerOutput {
  validation: StepProbs;
  evaluation: StepProbs;
}

export function evaluateScorer(
  validation: readonly Example[],
  evaluation: readonly Example[],
  scores: ScorerOutput,
): MetricSet {
  const val = trajectories(validation, scores.validation);
  const threshold = val.length ? tuneThreshold(val) : 0.5;
  return metricSet(trajectories(evaluation, scores.evaluation), threshold, tieBreak);
}
