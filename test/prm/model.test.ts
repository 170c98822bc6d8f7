import type { Tensor3D } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/prm/backend.js';
import { scoringWindows, type Vectors } from '../../src/prm/collate.js';
import type { Example } from '../../src/prm/dataset.js';
import { maskedStepLoss } from '../../src/prm/loss.js';
import { countParams, forward, type ModelConfig } from '../../src/prm/model.js';
import { Network } from '../../src/prm/network.js';
import { createRng } from '../../src/prm/rng.js';

const cfg: ModelConfig = { inputDim: 12, dModel: 16, heads: 2, layers: 2, ffMult: 2, maxSteps: 6, dropout: 0, interaction: true };

function randomExample(id: string, steps: number, rng: ReturnType<typeof createRng>, vectors: Vectors): Example {
  const vec = () => Float32Array.from({ length: cfg.inputDim }, () => rng.next() - 0.5);
  const prompt = `prompt-${id}`;
  vectors.prompts.set(prompt, vec());
  const list = Array.from({ length: steps }, (_, i) => {
    const text = `${id}-step-${i}`;
    vectors.steps.set(text, vec());
    return { index: i, text, label: i % 3 !== 2 };
  });
  return { id, group: id, kind: 'gold', source: 'synthetic', split: 'train', prompt, steps: list, finalCorrect: true, finalKey: '', templateFamily: null };
}

describe('the causal transformer', async () => {
  const backend = await loadBackend('auto');
  const { tf } = backend;

  it('a step score depends only on the prompt and the steps up to it', () => {
    const rng = createRng(3);
    const vectors: Vectors = { prompts: new Map(), steps: new Map(), pairwise: false };
    const net = Network.create(backend, cfg, 11);
    const full = randomExample('a', 5, rng, vectors);
    const changedTail = { ...full, id: 'b', steps: full.steps.map((s, i) => (i === 4 ? { ...s, text: 'other-step' } : s)) };
    vectors.steps.set('other-step', Float32Array.from({ length: cfg.inputDim }, () => 3));
    const prefix = { ...full, id: 'c', steps: full.steps.slice(0, 3) };
    const scores = net.scoreExamples([full, changedTail, prefix], vectors);
    const a = Array.from(scores.get('a')!);
    const b = Array.from(scores.get('b')!);
    const c = Array.from(scores.get('c')!);
    for (let i = 0; i < 4; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    expect(b[4]).not.toBeCloseTo(a[4]!, 3);
    for (let i = 0; i < 3; i++) expect(c[i]).toBeCloseTo(a[i]!, 5);
    net.dispose();
  });

  it('changing the question changes every step score', () => {
    const rng = createRng(4);
    const vectors: Vectors = { prompts: new Map(), steps: new Map(), pairwise: false };
    const net = Network.create(backend, cfg, 12);
    const e = randomExample('q', 3, rng, vectors);
    vectors.prompts.set('another question', Float32Array.from({ length: cfg.inputDim }, (_, i) => (i % 2 ? 1 : -1)));
    const scores = net.scoreExamples([e, { ...e, id: 'q2', prompt: 'another question' }], vectors);
    for (let i = 0; i < 3; i++) expect(scores.get('q2')![i]).not.toBeCloseTo(scores.get('q')![i]!, 4);
    net.dispose();
  });

  it('scores trajectories longer than the window with overlapping windows that cover every step', () => {
    expect(scoringWindows(4, 6)).toEqual([{ start: 0, end: 4, scoreFrom: 0 }]);
    const windows = scoringWindows(14, 6);
    const covered = new Set<number>();
    for (const w of windows) {
      expect(w.end - w.start).toBeLessThanOrEqual(6);
      for (let t = w.scoreFrom; t < w.end; t++) covered.add(t);
      expect(w.scoreFrom - w.start).toBeGreaterThanOrEqual(w.start === 0 ? 0 : 3);
    }
    expect([...covered].sort((x, y) => x - y)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    const rng = createRng(6);
    const vectors: Vectors = { prompts: new Map(), steps: new Map(), pairwise: false };
    const net = Network.create(backend, cfg, 13);
    const long = randomExample('long', 14, rng, vectors);
    const scores = net.scoreExamples([long], vectors).get('long')!;
    expect(scores).toHaveLength(14);
    expect(Array.from(scores).every(Number.isFinite)).toBe(true);
    net.dispose();
  });

  it('the masked loss ignores padding and unlabelled steps, and smoothing and focal weighting change it', () => {
    const logits = tf.tensor2d([[2, -1, 5]]);
    const targets = tf.tensor2d([[1, 0, 0]]);
    const maskAll = tf.tensor2d([[1, 1, 0]]);
    const plain = maskedStepLoss(tf, logits, targets, maskAll, { labelSmoothing: 0, focalGamma: 0 }).dataSync()[0]!;
    const expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
    expect(plain).toBeCloseTo(expected, 5);
    const smoothed = maskedStepLoss(tf, logits, targets, maskAll, { labelSmoothing: 0.2, focalGamma: 0 }).dataSync()[0]!;
    expect(smoothed).toBeGreaterThan(plain);
    const focal = maskedStepLoss(tf, logits, targets, maskAll, { labelSmoothing: 0, focalGamma: 2 }).dataSync()[0]!;
    expect(focal).toBeLessThan(plain);
    tf.dispose([logits, targets, maskAll]);
  });

  it('one gradient step on a batch lowers its loss and changes the weights', () => {
    const x = tf.randomNormal([4, 4, cfg.inputDim], 0, 1, 'float32', 1) as Tensor3D;
    const y = tf.tensor2d([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]);
    const mask = tf.onesLike(y);
    const net = Network.create(backend, cfg, 14);
    const lossOf = () => maskedStepLoss(tf, forward(tf, net.params, cfg, x, { training: false }), y as never, mask as never, { labelSmoothing: 0, focalGamma: 0 });
    const before = tf.tidy(() => lossOf().dataSync()[0]!);
    const kernelBefore = Array.from(net.params.get('head/kernel')!.dataSync());
    const optimizer = tf.train.sgd(0.5);
    optimizer.minimize(() => lossOf(), false, [...net.params.values()]);
    const after = tf.tidy(() => lossOf().dataSync()[0]!);
    expect(after).toBeLessThan(before);
    expect(Array.from(net.params.get('head/kernel')!.dataSync())).not.toEqual(kernelBefore);
    net.dispose();
    tf.dispose([x, y, mask]);
  });

  it('counts its parameters', () => {
    expect(countParams({ ...cfg, interaction: false, layers: 1 })).toBe(12 * 16 + 16 + 7 * 16 + (16 * 48 + 16 * 16 + 16 * 32 + 32 + 32 * 16 + 16 + 4 * 16) + 2 * 16 + 16 + 1);
  });
});
