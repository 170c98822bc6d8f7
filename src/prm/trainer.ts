// The training loop: seeded sampling (optionally balanced), windows with truncation augmentation,
// masked step loss, AdamW; validation after every epoch keeps the best weights; checkpoints (weights,
// optimizer moments, sampler state, position inside the epoch) let an interrupted run resume and end
// with exactly the weights an uninterrupted run would have had, on the same backend.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadedBackend } from './backend.js';
import { collate, trainingWindow, type Objective, type Vectors, type Window } from './collate.js';
import type { TrainSettings } from './config.js';
import { hasStepLabels, isFlawed, type Example } from './dataset.js';
import { maskedStepLoss, pairwiseRankLoss } from './loss.js';
import { auroc, sigmoid } from './metrics.js';
import { forward, type ModelConfig } from './model.js';
import { Network } from './network.js';
import { applyAdamW, createAdamState, learningRateAt, type AdamState, type OptimizerConfig } from './optimizer.js';
import { createRng, shuffle, type Rng } from './rng.js';
import { readWeights, weightsExist, writeWeights, type NamedArray } from './weights-io.js';
import type { Scalar } from '@tensorflow/tfjs';

export interface HistoryEntry {
  epoch: number;
  updates: number;
  train_loss: number;
  val_loss: number | null;
  val_auroc: number | null;
  learning_rate: number;
  seconds: number;
}

export interface TrainInput {
  backend: LoadedBackend;
  modelConfig: ModelConfig;
  settings: TrainSettings;
  objective: Objective;
  train: readonly Example[];
  validation: readonly Example[];
  vectors: Vectors;
  checkpointDir: string;
  /** identity of the data and settings; a checkpoint made with another one is not resumed */
  fingerprint: string;
  onBatch?: (info: { epoch: number; batch: number; batches: number; loss: number }) => void;
  onEpoch?: (entry: HistoryEntry) => void;
  /** polled after every update; true saves a checkpoint and stops */
  shouldStop?: () => boolean;
}

export interface TrainOutcome {
  network: Network;
  history: HistoryEntry[];
  bestEpoch: number | null;
  /** epochs already done when this run started (0 for a fresh run) */
  resumedFrom: number;
  interrupted: boolean;
  /** updates and their wall time in this run (excluding validation) */
  updates: number;
  updateSeconds: number;
}

interface CheckpointState {
  version: 1;
  fingerprint: string;
  epochsDone: number;
  /** the running epoch's sample order and the next batch in it (null between epochs) */
  epochOrder: number[] | null;
  nextBatch: number;
  /** the running epoch's loss so far, so a resumed epoch reports the same mean */
  epochLossSum: number;
  epochLossCount: number;
  rng: number;
  adamStep: number;
  history: HistoryEntry[];
  bestEpoch: number | null;
  bestValLoss: number | null;
}

/** Trajectories the objective can learn from. */
export function trainable(examples: readonly Example[], objective: Objective): Example[] {
  return examples.filter((e) => (objective === 'step' ? hasStepLabels(e) : e.finalCorrect !== null));
}

/**
 * One epoch's sample order: a shuffle, or a balanced draw with replacement; with `grouped`, whole
 * best-of-N groups one after another (groups shuffled, members shuffled), so the pairwise ranking
 * term finds a group's members in one batch. A group already mixes right and wrong trajectories.
 */
export function epochOrder(examples: readonly Example[], objective: Objective, balance: boolean, rng: Rng, grouped = false): number[] {
  const indices = examples.map((_, i) => i);
  if (grouped) {
    const groups = new Map<string, number[]>();
    for (const i of indices) {
      const key = (examples[i] as Example).group;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    return shuffle([...groups.values()], rng).flatMap((members) => shuffle(members, rng));
  }
  if (!balance) return shuffle(indices, rng);
  const positive = (e: Example) => (objective === 'step' ? !isFlawed(e) : e.finalCorrect === true);
  const a = indices.filter((i) => positive(examples[i] as Example));
  const b = indices.filter((i) => !positive(examples[i] as Example));
  if (a.length === 0 || b.length === 0) return shuffle(indices, rng);
  return indices.map(() => {
    const pool = rng.next() < 0.5 ? a : b;
    return pool[rng.int(pool.length)] as number;
  });
}

export async function trainNetwork(input: TrainInput): Promise<TrainOutcome> {
  const { backend, settings, objective } = input;
  const { tf } = backend;
  const train = trainable(input.train, objective);
  const validation = trainable(input.validation, objective);
  if (train.length === 0) throw new UsageError(`no ${objective === 'step' ? 'step-labelled' : 'outcome-labelled'} trajectories in the train split`);
  const batches = Math.ceil(train.length / settings.batchSize);
  const optimizer: OptimizerConfig = {
    learningRate: settings.learningRate,
    weightDecay: settings.weightDecay,
    warmupSteps: Math.round(settings.warmup * settings.epochs * batches),
    totalSteps: settings.epochs * batches,
    clipNorm: settings.clipNorm,
  };

  const ranking = objective === 'step' && settings.rankWeight > 0;
  const network = Network.create(backend, input.modelConfig, settings.seed);
  const adam = createAdamState(tf, network.params);
  let state: CheckpointState = {
    version: 1,
    fingerprint: input.fingerprint,
    epochsDone: 0,
    epochOrder: null,
    nextBatch: 0,
    epochLossSum: 0,
    epochLossCount: 0,
    rng: createRng(settings.seed * 7919 + (objective === 'step' ? 1 : 2)).state(),
    adamStep: 0,
    history: [],
    bestEpoch: null,
    bestValLoss: null,
  };
  let best: NamedArray[] | null = null;
  const resumed = loadCheckpoint(input.checkpointDir, input.fingerprint, network, adam);
  if (resumed) {
    state = resumed.state;
    best = resumed.best;
  }
  const resumedFrom = state.epochsDone;
  // A fresh Rng from a stored state continues the same sequence (mulberry32's state is its counter).
  const rng = createRng(state.rng);
  let updates = 0;
  let updateMs = 0;
  let lastCheckpoint = Date.now();
  let interrupted = false;

  const save = () => {
    state.rng = rng.state();
    state.adamStep = adam.step;
    saveCheckpoint(input.checkpointDir, state, network, adam, best);
    lastCheckpoint = Date.now();
  };

  while (state.epochsDone < settings.epochs && !interrupted) {
    const epoch = state.epochsDone + 1;
    const started = Date.now();
    if (!state.epochOrder) {
      state.epochOrder = epochOrder(train, objective, settings.balance, rng, ranking);
      state.nextBatch = 0;
      state.epochLossSum = 0;
      state.epochLossCount = 0;
    }
    const order = state.epochOrder;
    for (let b = state.nextBatch; b < batches; b++) {
      const chosen = order.slice(b * settings.batchSize, (b + 1) * settings.batchSize).map((i) => train[i] as Example);
      const windows = chosen.map((e) => trainingWindow(e, input.modelConfig.maxSteps, settings.truncate, rng, objective));
      const arrays = collate(windows, input.vectors, input.modelConfig.inputDim, objective);
      const pairs = ranking ? rankingPairs(windows) : { right: [], wrong: [] };
      const t0 = Date.now();
      const { value, grads } = tf.variableGrads(() => {
        const x = tf.tensor3d(arrays.x, [arrays.batch, arrays.length, arrays.inputDim]);
        const targets = tf.tensor2d(arrays.targets, [arrays.batch, arrays.length - 1]);
        const mask = tf.tensor2d(arrays.mask, [arrays.batch, arrays.length - 1]);
        const logits = forward(tf, network.params, input.modelConfig, x, { training: true, nextSeed: () => rng.int(2 ** 31) });
        const stepLoss = maskedStepLoss(tf, logits, targets, mask, { labelSmoothing: settings.labelSmoothing, focalGamma: settings.focalGamma });
        if (pairs.right.length === 0) return stepLoss;
        const present = tf.tensor2d(arrays.present, [arrays.batch, arrays.length - 1]);
        return tf.add(stepLoss, tf.mul(pairwiseRankLoss(tf, logits, present, pairs), settings.rankWeight)) as Scalar;
      }, [...network.params.values()]);
      const loss = (await value.data())[0] as number;
      value.dispose();
      applyAdamW(tf, network.params, grads, adam, optimizer);
      updateMs += Date.now() - t0;
      updates++;
      state.epochLossSum += loss;
      state.epochLossCount++;
      state.nextBatch = b + 1;
      input.onBatch?.({ epoch, batch: b + 1, batches, loss });
      // CPU backends resolve data() without leaving the microtask queue; yield to the event loop so
      // a Ctrl-C handler (and the progress line) get to run between updates.
      await new Promise((resolve) => setImmediate(resolve));
      if (input.shouldStop?.()) {
        interrupted = true;
        break;
      }
      if (Date.now() - lastCheckpoint > settings.checkpointEvery * 1000) save();
    }
    if (interrupted) break;
    const val = validate(network, validation, input.vectors, objective);
    const entry: HistoryEntry = {
      epoch,
      updates: adam.step,
      train_loss: state.epochLossCount ? state.epochLossSum / state.epochLossCount : NaN,
      val_loss: val.loss,
      val_auroc: val.auroc,
      learning_rate: optimizerRate(optimizer, adam),
      seconds: (Date.now() - started) / 1000,
    };
    state.history.push(entry);
    if (val.loss !== null && (state.bestValLoss === null || val.loss < state.bestValLoss)) {
      state.bestValLoss = val.loss;
      state.bestEpoch = epoch;
      best = network.toArrays();
    }
    state.epochsDone = epoch;
    state.epochOrder = null;
    state.nextBatch = 0;
    save();
    input.onEpoch?.(entry);
  }
  if (interrupted) save();
  // Without a validation split the last weights are the result.
  if (best && !interrupted) network.load(best);
  for (const v of [...adam.m.values(), ...adam.v.values()]) v.dispose();
  return {
    network,
    history: state.history,
    bestEpoch: state.bestEpoch,
    resumedFrom,
    interrupted,
    updates,
    updateSeconds: updateMs / 1000,
  };
}

/**
 * (right, wrong) pairs of batch rows: windows of one group that cover their whole trajectory, one
 * with a right final answer and one with a wrong one. A cut window has no final answer to rank.
 */
export function rankingPairs(windows: readonly Window[]): { right: number[]; wrong: number[] } {
  const right: number[] = [];
  const wrong: number[] = [];
  const whole = (w: Window) => w.start === 0 && w.end === w.example.steps.length;
  windows.forEach((a, i) => {
    if (!whole(a) || a.example.finalCorrect !== true) return;
    windows.forEach((b, j) => {
      if (whole(b) && b.example.group === a.example.group && b.example.finalCorrect === false) {
        right.push(i);
        wrong.push(j);
      }
    });
  });
  return { right, wrong };
}

function optimizerRate(cfg: OptimizerConfig, adam: AdamState): number {
  // The rate of the last update made.
  return learningRateAt(cfg, Math.max(0, adam.step - 1));
}

/** Validation loss (plain BCE, no smoothing) and AUROC for the objective's targets. */
export function validate(network: Network, examples: readonly Example[], vectors: Vectors, objective: Objective): { loss: number | null; auroc: number | null } {
  if (examples.length === 0) return { loss: null, auroc: null };
  const logits = network.scoreExamples(examples, vectors);
  const z: number[] = [];
  const y: boolean[] = [];
  for (const e of examples) {
    const l = logits.get(e.id) as Float32Array;
    if (objective === 'step') {
      e.steps.forEach((s, i) => {
        if (s.label === null) return;
        z.push(l[i] as number);
        y.push(s.label);
      });
    } else if (e.finalCorrect !== null) {
      z.push(l[l.length - 1] as number);
      y.push(e.finalCorrect);
    }
  }
  if (z.length === 0) return { loss: null, auroc: null };
  const loss = z.reduce((s, v, i) => s - Math.log(Math.max(1e-12, y[i] ? sigmoid(v) : 1 - sigmoid(v))), 0) / z.length;
  return { loss, auroc: auroc(z, y) };
}

/**
 * Write the whole checkpoint into a fresh folder and swap it in with renames, so a crash while
 * saving leaves the previous checkpoint whole (weights, moments and state always match).
 */
function saveCheckpoint(dir: string, state: CheckpointState, network: Network, adam: AdamState, best: NamedArray[] | null): void {
  const fresh = `${dir}.tmp`;
  const old = `${dir}.old`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  writeWeights(fresh, 'params', network.toArrays());
  const moments: NamedArray[] = [];
  for (const [name, m] of adam.m) moments.push({ name: `m/${name}`, shape: [...m.shape], data: m.dataSync() as Float32Array });
  for (const [name, v] of adam.v) moments.push({ name: `v/${name}`, shape: [...v.shape], data: v.dataSync() as Float32Array });
  writeWeights(fresh, 'adam', moments);
  if (best) writeWeights(fresh, 'best', best);
  writeFileSync(join(fresh, 'state.json'), `${JSON.stringify(state)}\n`);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(fresh, dir);
  rmSync(old, { recursive: true, force: true });
}

/** The checkpoint folder to resume from: the current one, or the previous one if a save was cut short. */
function checkpointFolder(dir: string): string | null {
  if (existsSync(join(dir, 'state.json'))) return dir;
  if (existsSync(join(`${dir}.old`, 'state.json'))) return `${dir}.old`;
  return null;
}

function loadCheckpoint(
  dir: string,
  fingerprint: string,
  network: Network,
  adam: AdamState,
): { state: CheckpointState; best: NamedArray[] | null } | null {
  const folder = checkpointFolder(dir);
  if (!folder) return null;
  const state = JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8')) as CheckpointState;
  if (state.version !== 1 || state.fingerprint !== fingerprint) {
    throw new UsageError(
      `${dir} holds a checkpoint of a run with other data or settings; pass --fresh to discard it, or choose another --out`,
    );
  }
  network.load(readWeights(folder, 'params'));
  const moments = new Map(readWeights(folder, 'adam').map((a) => [a.name, a]));
  const { tf } = network.backend;
  for (const [kind, store] of [['m', adam.m] as const, ['v', adam.v] as const]) {
    for (const [name, variable] of store) {
      const a = moments.get(`${kind}/${name}`);
      if (!a) throw new UsageError(`${dir}: the checkpoint lacks optimizer state ${kind}/${name}; pass --fresh`);
      const t = tf.tensor(a.data, a.shape);
      variable.assign(t);
      t.dispose();
    }
  }
  adam.step = state.adamStep;
  return { state, best: weightsExist(folder, 'best') ? readWeights(folder, 'best') : null };
}
