// The step verifier: a small causal transformer over [prompt, step 1, ..., step T] embeddings,
// written with plain TF.js ops (tf.layers has no attention layer; einsum has no gradient and no
// wasm kernel). The causal mask makes step t's score depend on the prompt and steps 1..t only, so
// scoring a prefix gives the same scores as scoring the whole trajectory.
import type { Tf } from './backend.js';
import type * as tfTypes from '@tensorflow/tfjs';

export interface ModelConfig {
  inputDim: number;
  dModel: number;
  heads: number;
  layers: number;
  /** feed-forward width as a multiple of dModel */
  ffMult: number;
  /** steps per window; position embeddings exist for the prompt plus this many steps */
  maxSteps: number;
  dropout: number;
  /** add a question x step product (one shared projection) to each step's input: a matching feature */
  interaction: boolean;
}

export type Params = Map<string, tfTypes.Variable>;

export function paramShapes(cfg: ModelConfig): [string, number[]][] {
  const d = cfg.dModel;
  const shapes: [string, number[]][] = [
    ['input/kernel', [cfg.inputDim, d]],
    ['input/bias', [d]],
    ['position', [cfg.maxSteps + 1, d]],
  ];
  if (cfg.interaction) shapes.push(['interaction', [cfg.inputDim, d]]);
  for (let l = 0; l < cfg.layers; l++) {
    const p = `layer${l}`;
    shapes.push(
      [`${p}/ln1/gamma`, [d]],
      [`${p}/ln1/beta`, [d]],
      [`${p}/attn/qkv`, [d, 3 * d]],
      [`${p}/attn/out`, [d, d]],
      [`${p}/ln2/gamma`, [d]],
      [`${p}/ln2/beta`, [d]],
      [`${p}/ff/in`, [d, cfg.ffMult * d]],
      [`${p}/ff/in_bias`, [cfg.ffMult * d]],
      [`${p}/ff/out`, [cfg.ffMult * d, d]],
      [`${p}/ff/out_bias`, [d]],
    );
  }
  shapes.push(['final/gamma', [d]], ['final/beta', [d]], ['head/kernel', [d, 1]], ['head/bias', [1]]);
  return shapes;
}

/** Seeded initialisation: the same seed gives the same weights on every backend. */
export function initParams(tf: Tf, cfg: ModelConfig, seed: number): Params {
  if (cfg.dModel % cfg.heads !== 0) throw new Error(`dModel ${cfg.dModel} is not divisible by heads ${cfg.heads}`);
  const params: Params = new Map();
  paramShapes(cfg).forEach(([name, shape], i) => {
    let init: tfTypes.Tensor;
    if (/gamma$/.test(name)) init = tf.ones(shape);
    else if (/(beta|bias)$/.test(name)) init = tf.zeros(shape);
    else {
      // Inputs are unit vectors, so 0.1 gives the projected step a scale comparable to the rest;
      // residual output projections start small so the stack begins close to the identity.
      const std = name === 'input/kernel' || name.startsWith('interaction') ? 0.1 : /attn\/out|ff\/out$/.test(name) ? 0.02 / Math.sqrt(2 * cfg.layers) : 0.02;
      init = tf.truncatedNormal(shape, 0, std, 'float32', seed + i);
    }
    // Unnamed: TF.js variable names are global, and two models (PRM, outcome-only) live in one process.
    params.set(name, tf.variable(init, true));
  });
  return params;
}

function get(params: Params, name: string): tfTypes.Variable {
  const v = params.get(name);
  if (!v) throw new Error(`model parameter ${name} is missing`);
  return v;
}

function layerNorm(tf: Tf, x: tfTypes.Tensor, gamma: tfTypes.Tensor, beta: tfTypes.Tensor): tfTypes.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

export interface ForwardOptions {
  training: boolean;
  /** seeds for dropout masks, one per call site, consumed in order (training only) */
  nextSeed?: () => number;
}

/**
 * x: [batch, 1 + steps, inputDim], position 0 the prompt. Returns step logits [batch, steps].
 * Call inside tf.tidy (or a gradient function): intermediate tensors are not disposed here.
 */
export function forward(tf: Tf, params: Params, cfg: ModelConfig, x: tfTypes.Tensor3D, options: ForwardOptions): tfTypes.Tensor2D {
  const [batch, length, inputDim] = x.shape;
  if (length - 1 > cfg.maxSteps) throw new Error(`window of ${length - 1} steps exceeds maxSteps ${cfg.maxSteps}`);
  const d = cfg.dModel;
  const heads = cfg.heads;
  const dh = d / heads;
  const drop = (t: tfTypes.Tensor) =>
    options.training && cfg.dropout > 0 ? tf.dropout(t, cfg.dropout, undefined, options.nextSeed ? options.nextSeed() : undefined) : t;

  // Input dropout removes whole embedding features, so no single hashed token can be relied on.
  const flat = drop(tf.reshape(x, [batch * length, inputDim]));
  let h = tf.reshape(tf.add(tf.matMul(flat, get(params, 'input/kernel')), get(params, 'input/bias')), [batch, length, d]);
  if (cfg.interaction) {
    // Step and question go through ONE projection: the sum of their elementwise product approximates
    // the dot product of the two embeddings (shared tokens, e.g. a column named in both) from the start.
    const projected = tf.reshape(tf.matMul(flat, get(params, 'interaction')), [batch, length, d]);
    const prompt = tf.slice(projected, [0, 0, 0], [batch, 1, d]);
    // Zero at the prompt's own position: the term describes how a step relates to the question.
    const stepOnly = tf.concat([tf.zeros([1, 1, 1]), tf.ones([1, length - 1, 1])], 1);
    h = tf.add(h, tf.mul(tf.mul(projected, prompt), stepOnly));
  }
  h = drop(tf.add(h, tf.slice(get(params, 'position'), [0, 0], [length, d])));

  // Additive causal mask: 0 on and below the diagonal, a large negative number above it.
  const causal = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([length, length]), -1, 0)), -1e9);
  const splitHeads = (t: tfTypes.Tensor) => tf.transpose(tf.reshape(t, [batch, length, heads, dh]), [0, 2, 1, 3]);

  for (let l = 0; l < cfg.layers; l++) {
    const p = `layer${l}`;
    const a = layerNorm(tf, h, get(params, `${p}/ln1/gamma`), get(params, `${p}/ln1/beta`));
    const qkv = tf.matMul(tf.reshape(a, [batch * length, d]), get(params, `${p}/attn/qkv`));
    const [q, k, v] = tf.split(qkv, 3, 1).map(splitHeads) as [tfTypes.Tensor4D, tfTypes.Tensor4D, tfTypes.Tensor4D];
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), causal);
    const weights = drop(tf.softmax(scores, -1));
    const context = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [batch * length, d]);
    h = tf.add(h, drop(tf.reshape(tf.matMul(context, get(params, `${p}/attn/out`)), [batch, length, d])));

    const f = layerNorm(tf, h, get(params, `${p}/ln2/gamma`), get(params, `${p}/ln2/beta`));
    const inner = tf.relu(tf.add(tf.matMul(tf.reshape(f, [batch * length, d]), get(params, `${p}/ff/in`)), get(params, `${p}/ff/in_bias`)));
    const out = tf.add(tf.matMul(drop(inner), get(params, `${p}/ff/out`)), get(params, `${p}/ff/out_bias`));
    h = tf.add(h, drop(tf.reshape(out, [batch, length, d])));
  }
  const final = layerNorm(tf, h, get(params, 'final/gamma'), get(params, 'final/beta'));
  const logits = tf.add(tf.matMul(tf.reshape(final, [batch * length, d]), get(params, 'head/kernel')), get(params, 'head/bias'));
  return tf.slice(tf.reshape(logits, [batch, length]), [0, 1], [batch, length - 1]) as tfTypes.Tensor2D;
}

export function countParams(cfg: ModelConfig): number {
  return paramShapes(cfg).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
}
