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
