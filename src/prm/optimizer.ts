// AdamW with linear warm-up, cosine decay and global-norm gradient clipping, written with plain
// ops so its whole state (moments and step count) can be saved in a checkpoint and restored exactly.
import type { Tf } from './backend.js';
import type { Params } from './model.js';
import type * as tfTypes from '@tensorflow/tfjs';

export interface OptimizerConfig {
  learningRate: number;
  weightDecay: number;
  warmupSteps: number;
  totalSteps: number;
  clipNorm: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamState {
  step: number;
  m: Map<string, tfTypes.Variable>;
  v: Map<string, tfTypes.Variable>;
}

export function createAdamState(tf: Tf, params: Params): AdamState {
  const m = new Map<string, tfTypes.Variable>();
  const v = new Map<string, tfTypes.Variable>();
  for (const [name, p] of params) {
    m.set(name, tf.variable(tf.zerosLike(p), false));
    v.set(name, tf.variable(tf.zerosLike(p), false));
  }
  return { step: 0, m, v };
}

export function learningRateAt(cfg: OptimizerConfig, step: number): number {
  if (cfg.warmupSteps > 0 && step < cfg.warmupSteps) return (cfg.learningRate * (step + 1)) / cfg.warmupSteps;
  const span = Math.max(1, cfg.totalSteps - cfg.warmupSteps);
  const progress = Math.min(1, (step - cfg.warmupSteps) / span);
  // Cosine decay to a tenth of the peak rather than zero, so extra epochs after a resume still learn.
  return cfg.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** One update; returns the gradient norm before clipping. Gradients are disposed. */
export function applyAdamW(tf: Tf, params: Params, grads: Record<string, tfTypes.Tensor>, state: AdamState, cfg: OptimizerConfig): number {
  const b1 = cfg.beta1 ?? 0.9;
  const b2 = cfg.beta2 ?? 0.999;
  const eps = cfg.epsilon ?? 1e-8;
  const lr = learningRateAt(cfg, state.step);
  state.step += 1;
  const t = state.step;
  const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0] as number);
  const clip = cfg.clipNorm > 0 && norm > cfg.clipNorm ? cfg.clipNorm / norm : 1;
  tf.tidy(() => {
    for (const [name, p] of params) {
      // variableGrads keys gradients by the variables' own (engine-wide) names.
      const g0 = grads[p.name];
      if (!g0) continue;
      const g = clip === 1 ? g0 : tf.mul(g0, clip);
      const m = state.m.get(name) as tfTypes.Variable;
      const v = state.v.get(name) as tfTypes.Variable;
      m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
      v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
      const mHat = tf.div(m, 1 - b1 ** t);
      const vHat = tf.div(v, 1 - b2 ** t);
      let update = tf.div(mHat, tf.add(tf.sqrt(vHat), eps));
      // Decoupled weight decay on matrices only (not biases, norms or the position table).
      if (cfg.weightDecay > 0 && p.shape.length === 2 && name !== 'position') update = tf.add(update, tf.mul(p, cfg.weightDecay));
      p.assign(tf.sub(p, tf.mul(update, lr)));
    }
  });
  for (const g of Object.values(grads)) g.dispose();
  return norm;
}
