import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/prm/backend.js';
import { modelConfigOf } from '../../src/prm/config.js';
import { UsageError } from '../../src/errors.js';
import { epochOrder, rankingPairs, trainNetwork, validate, type TrainInput } from '../../src/prm/trainer.js';
import type { Example } from '../../src/prm/dataset.js';
import { sigmoid } from '../../src/prm/metrics.js';
import { isFlawed } from '../../src/prm/dataset.js';
import { createRng } from '../../src/prm/rng.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyData, tinySettings } from './helpers.js';

describe('trainNetwork', async () => {
  const backend = await loadBackend('auto');
  const data = await tinyData();
  const input = (overrides: Partial<TrainInput> = {}): TrainInput => {
    const settings = tinySettings();
    return {
      backend,
      modelConfig: modelConfigOf(settings, 128),
      settings,
      objective: 'step',
      train: data.train,
      validation: data.validation,
      vectors: data.vectors,
      checkpointDir: join(tempDir(), 'ckpt'),
      fingerprint: 'test',
      ...overrides,
    };
  };

  it('trains a tiny model in seconds: the loss falls and the steps are ranked better than chance', async () => {
    const settings = tinySettings({ epochs: 6 });
    const before = validate((await trainNetwork(input({ settings: { ...settings, epochs: 1 }, checkpointDir: join(tempDir(), 'c1') }))).network, data.validation, data.vectors, 'step');
    const result = await trainNetwork(input({ settings, modelConfig: modelConfigOf(settings, 128) }));
    expect(result.history).toHaveLength(6);
    expect(result.history[5]!.train_loss).toBeLessThan(result.history[0]!.train_loss);
    const after = validate(result.network, data.validation, data.vectors, 'step');
    expect(after.auroc).toBeGreaterThan(0.6);
    expect(after.loss).toBeLessThan(before.loss as number);
    result.network.dispose();
  });

  it('the ranking term orders more (right, wrong) pairs of a group correctly than training without it', async () => {
    // On the train split, what the term fits: the share of a group's (right final answer, wrong one)
    // pairs whose summed step log-probabilities are in the right order.
    const pairOrder = (net: Awaited<ReturnType<typeof trainNetwork>>['network']) => {
      const logits = net.scoreExamples(data.train, data.vectors);
      const score = (e: Example) => Array.from(logits.get(e.id) as Float32Array).reduce((s, z) => s + Math.log(sigmoid(z)), 0);
      let right = 0;
      let all = 0;
      for (const a of data.train) {
        for (const b of data.train) {
          if (a.group !== b.group || a.finalCorrect !== true || b.finalCorrect !== false) continue;
          all++;
          if (score(a) > score(b)) right++;
        }
      }
      return right / all;
    };
    const settings = tinySettings({ epochs: 6 });
    const plain = await trainNetwork(input({ settings: { ...settings, rankWeight: 0 }, checkpointDir: join(tempDir(), 'plain') }));
    const ranked = await trainNetwork(input({ settings: { ...settings, rankWeight: 2 }, checkpointDir: join(tempDir(), 'ranked') }));
    expect(pairOrder(ranked.network)).toBeGreaterThan(pairOrder(plain.network));
    expect(ranked.history).toHaveLength(6);
    plain.network.dispose();
    ranked.network.dispose();
  });

  it('an interrupted run resumed from its checkpoint ends with exactly the weights of an uninterrupted run', async () => {
    const whole = await trainNetwork(input());
    const dir = join(tempDir(), 'resume');
    let updates = 0;
    const first = await trainNetwork(input({ checkpointDir: dir, shouldStop: () => ++updates === 7 }));
    expect(first.interrupted).toBe(true);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    first.network.dispose();
    const resumed = await trainNetwork(input({ checkpointDir: dir }));
    expect(resumed.interrupted).toBe(false);
    expect(resumed.history.map((h) => h.train_loss)).toEqual(whole.history.map((h) => h.train_loss));
    const a = whole.network.toArrays();
    const b = resumed.network.toArrays();
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i]!.data)).toEqual(Array.from(a[i]!.data));
    whole.network.dispose();
    resumed.network.dispose();
  });

  it('more epochs on a finished run continue from its last epoch', async () => {
    const dir = join(tempDir(), 'more');
    const done = await trainNetwork(input({ checkpointDir: dir }));
    done.network.dispose();
    const settings = { ...tinySettings(), epochs: 4 };
    const more = await trainNetwork(input({ checkpointDir: dir, settings }));
    expect(more.resumedFrom).toBe(3);
    expect(more.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(more.updates).toBeLessThan(done.updates);
    more.network.dispose();
  });

  it('refuses to resume a checkpoint made with other data or settings', async () => {
    const dir = join(tempDir(), 'other');
    (await trainNetwork(input({ checkpointDir: dir }))).network.dispose();
    await expect(trainNetwork(input({ checkpointDir: dir, fingerprint: 'different' }))).rejects.toThrow(UsageError);
    await expect(trainNetwork(input({ checkpointDir: dir, fingerprint: 'different' }))).rejects.toThrow(/--fresh/);
  });

  it('trains the outcome-only model on final labels alone', async () => {
    const result = await trainNetwork(input({ objective: 'outcome', checkpointDir: join(tempDir(), 'orm') }));
    expect(result.history).toHaveLength(3);
    expect(Number.isFinite(result.history[2]!.train_loss)).toBe(true);
    result.network.dispose();
  });
});

describe('epochOrder', () => {
  it('balanced sampling draws flawed and clean trajectories about equally often', async () => {
    const { train: all } = await tinyData();
    // Four flawed trajectories to every clean one.
    const clean = all.filter((e) => !isFlawed(e));
    const train = [...all.filter(isFlawed), ...clean.slice(0, Math.ceil(all.filter(isFlawed).length / 4))];
    const order = Array.from({ length: 40 }, (_, k) => epochOrder(train, 'step', true, createRng(k))).flat();
    const drawnShare = order.filter((i) => isFlawed(train[i]!)).length / order.length;
    expect(train.filter(isFlawed).length / train.length).toBeGreaterThan(0.75);
    expect(drawnShare).toBeGreaterThan(0.45);
    expect(drawnShare).toBeLessThan(0.55);
  });

  it('grouped, an epoch is a permutation that keeps every group together', async () => {
    const { train } = await tinyData();
    const order = epochOrder(train, 'step', true, createRng(2), true);
    expect([...order].sort((a, b) => a - b)).toEqual(train.map((_, i) => i));
    const groups = order.map((i) => train[i]!.group);
    const finished = new Set<string>();
    groups.forEach((g, k) => {
      expect(finished.has(g), g).toBe(false);
      if (k + 1 < groups.length && groups[k + 1] !== g) finished.add(g);
    });
  });

  it('ranking pairs join whole windows of one group, a right final answer with a wrong one', async () => {
    const { train } = await tinyData();
    const wrong = train.find((e) => e.finalCorrect === false && train.some((x) => x.group === e.group && x.finalCorrect === true))!;
    const right = train.find((e) => e.group === wrong.group && e.finalCorrect === true)!;
    const other = train.find((e) => e.group !== right.group && e.finalCorrect === false)!;
    const whole = (e: Example) => ({ example: e, start: 0, end: e.steps.length });
    expect(rankingPairs([whole(right), whole(wrong), whole(other)])).toEqual({ right: [0], wrong: [1] });
    // a cut window has no final answer to rank
    expect(rankingPairs([whole(right), { example: wrong, start: 0, end: wrong.steps.length - 1 }])).toEqual({ right: [], wrong: [] });
  });

  it('without balancing, an epoch is a permutation', async () => {
    const { train } = await tinyData();
    const order = epochOrder(train, 'step', false, createRng(1));
    expect([...order].sort((a, b) => a - b)).toEqual(train.map((_, i) => i));
  });
});
