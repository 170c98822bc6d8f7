// Masked binary cross-entropy over step logits, with label smoothing and focal weighting. Padding
// and unlabelled steps have mask 0 and contribute nothing; the loss is the mean over masked steps.
import type { Tf } from './backend.js';
import type * as tfTypes from '@tensorflow/tfjs';

export interface LossOptions {
  /** targets move from {0, 1} to {eps/2, 1 - eps/2} */
  labelSmoothing: number;
  /** focal loss exponent; 0 is plain cross-entropy */
  focalGamma: number;
}

export function maskedStepLoss(
  tf: Tf,
  logits: tfTypes.Tensor2D,
  targets: tfTypes.Tensor2D,
  mask: tfTypes.Tensor2D,
  options: LossOptions,
): tfTypes.Scalar {
  const eps = options.labelSmoothing;
  const smoothed = eps > 0 ? tf.add(tf.mul(targets, 1 - eps), eps / 2) : targets;
  // Numerically stable BCE with logits: max(z, 0) - z * y + log(1 + exp(-|z|)).
  const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, smoothed)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  let weighted = bce;
  if (options.focalGamma > 0) {
    const p = tf.sigmoid(logits);
    const pTrue = tf.add(tf.mul(targets, p), tf.mul(tf.sub(1, targets), tf.sub(1, p)));
    weighted = tf.mul(bce, tf.pow(tf.sub(1, pTrue), options.focalGamma));
  }
  const total = tf.sum(tf.mul(weighted, mask));
  return tf.div(total, tf.maximum(tf.sum(mask), 1)) as tfTypes.Scalar;
}

/**
 * Pairwise ranking over trajectory scores (the sum of step log-probabilities, best-of-N's product):
 * mean softplus(S_wrong - S_right) over the given (right, wrong) pairs of one group each, the
 * comparative loss of process Q-value models. It pushes a group's right trajectories above its
 * wrong ones, which per-step cross-entropy does not do directly.
 */
export function pairwiseRankLoss(
  tf: Tf,
  logits: tfTypes.Tensor2D,
  present: tfTypes.Tensor2D,
  pairs: { right: readonly number[]; wrong: readonly number[] },
): tfTypes.Scalar {
  const batch = logits.shape[0];
  const logProb = tf.neg(tf.softplus(tf.neg(logits)));
  const score = tf.sum(tf.mul(logProb, present), 1, true);
  // Pairs select rows with a +1/-1 matrix product: gather's gradient needs a kernel wasm lacks.
  const select = new Float32Array(pairs.right.length * batch);
  pairs.right.forEach((r, p) => {
    select[p * batch + r] -= 1;
    select[p * batch + (pairs.wrong[p] as number)] += 1;
  });
  const margin = tf.matMul(tf.tensor2d(select, [pairs.right.length, batch]), score);
  return tf.mean(tf.softplus(margin)) as tfTypes.Scalar;
}
