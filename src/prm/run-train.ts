// `hookmine train`: corpus -> examples -> embeddings -> PRM and outcome-only model (each an ensemble
// of --ensemble networks) -> calibration -> evaluation against the baselines on the held-out splits
// -> model folder, metrics.json, model card and report. Resumable: each network's checkpoints live
// under <out>/checkpoints/.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import { finishTrainRun, readPrmEpisodes, startTrainRun } from '../../corpus/prm.js';
import { UnusableInputError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import { writeArtifacts, type TrainReport } from './artifacts.js';
import { loadBackend, type BackendChoice } from './backend.js';
import { fitLengthModel, lengthScores, majorityScores, randomScores } from './baselines.js';
import { fitTemperature } from './calibration.js';
import type { Objective } from './collate.js';
import { modelConfigOf, type TrainSettings } from './config.js';
import { buildExamples, countBy, type Example } from './dataset.js';
import { hashingProvider, type EmbedProviderName, type EmbeddingProvider } from './embeddings.js';
import { openAiProvider } from './embed-openai.js';
import { errorAnalysis } from './error-analysis.js';
import { evaluateScorer } from './evaluate.js';
import { probeStepScores, runAudit } from './audit.js';
import { calibrationBins, ece, type MetricSet } from './metrics.js';
import { disposeMembers, meanCalibrated, memberSeed, type Member } from './ensemble.js';
import { saveModel, MODEL_FORMAT, type SavedModelConfig } from './saved-model.js';
import { STEP_TEXT_VERSION } from './step-text.js';
import { trainable, trainNetwork, type HistoryEntry } from './trainer.js';
import { corpusEmbeddingCache, embedExamples } from './vectors.js';

export interface TrainRunOptions {
  out: string;
  settings: TrainSettings;
  backend: BackendChoice;
  embed: EmbedProviderName;
  embedModel: string;
  embedDimensions?: number;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  /** discard checkpoints in <out> instead of resuming from them */
  fresh?: boolean;
  dedup?: boolean;
  /** only Kaggle episodes of these evidence tiers (default: all) */
  evidence?: readonly string[];
  runId?: string | null;
  version: string;
  logger?: Logger;
  progress?: (title: string, total?: number) => Progress;
  shouldStop?: () => boolean;
}

export interface TrainSummary {
  train_id: string;
  out: string;
  status: 'ok' | 'partial' | 'interrupted';
  backend: string;
  backends_skipped: { name: string; reason: string }[];
  embed: string;
  episodes: Record<string, number>;
  skipped: Record<string, number>;
  failed: { episode_id: string; reason: string; message: string }[];
  resumed_from_epoch: { prm: number; outcome_only: number };
  updates_per_second: number | null;
  seconds: number;
  metrics_file: string | null;
  model_dir: string | null;
  headline: Record<string, unknown> | null;
}

/** The template splits the headline (`prm`, `comparison`) is computed on, as before `real` existed. */
const TEMPLATE_SPLITS = ['test', 'heldout'] as const;
/** Every split reported under `by_split`: the template splits and the real-notebook split. */
const EVAL_SPLITS = [...TEMPLATE_SPLITS, 'real'] as const;
/** Counterfactual positives and sibling pairs are training data: evaluating on them would add easy
 * right candidates to every best-of-N group (and groups of two), so validation and evaluation keep
 * the kinds they always had and stay comparable with earlier runs. */
const TRAIN_ONLY_KINDS = new Set(['counterfactual', 'sibling', 'sibling_mutant']);

export function newTrainId(now = new Date()): string {
  return `prm-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

async function makeProvider(o: TrainRunOptions): Promise<EmbeddingProvider> {
  if (o.embed === 'hashing') return hashingProvider(o.settings.embedDim);
  return openAiProvider({ apiKey: o.openaiApiKey, baseUrl: o.openaiBaseUrl, model: o.embedModel, dimensions: o.embedDimensions });
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export async function runTraining(corpus: Corpus, o: TrainRunOptions): Promise<TrainSummary> {
  const started = Date.now();
  const logger = o.logger ?? silentLogger;
  const out = resolve(o.out);
  const trainId = newTrainId();
  const backend = await loadBackend(o.backend);
  logger.info(`backend: ${backend.name}`, { skipped: backend.skipped });

  const { episodes, steps } = await readPrmEpisodes(corpus, o.evidence);
  if (episodes.length === 0) throw new UnusableInputError(`the corpus ${corpus.path} has no episodes; run the extract, synth and label stages first`);
  const built = buildExamples(episodes, steps, { split: { seed: o.settings.seed }, dedup: o.dedup ?? true });
  const failed: TrainSummary['failed'] = built.skipped
    .filter((s) => s.reason === 'no_steps' || s.reason === 'bad_step')
    .map((s) => ({ episode_id: s.episode_id, reason: s.reason, message: s.message }));
  for (const f of failed) logger.warn(`${f.episode_id}: ${f.reason}: ${f.message}`);

  const provider = await makeProvider(o);
  const embedProgress = o.progress?.(`embed (${provider.spec.provider})`);
  let embeddedSoFar = 0;
  const embedded = await embedExamples(provider, built.examples, {
    cache: corpusEmbeddingCache(corpus),
    onProgress: (done, total) => {
      embedProgress?.setTotal(total);
      embedProgress?.tick(undefined, done - embeddedSoFar);
      embeddedSoFar = done;
    },
  });
  embedProgress?.done();
  for (const f of embedded.failed) {
    failed.push({ episode_id: f.episode_id, reason: 'embedding_failed', message: f.message });
    logger.warn(`${f.episode_id}: embedding_failed: ${f.message}`);
  }
  const examples = embedded.usable;
  const bySplit = (names: readonly string[]) => examples.filter((e) => names.includes(e.split));
  const train = bySplit(['train']);
  const validation = bySplit(['validation']).filter((e) => !TRAIN_ONLY_KINDS.has(e.kind));
  const evaluation = bySplit(EVAL_SPLITS).filter((e) => !TRAIN_ONLY_KINDS.has(e.kind));
  const templateEvaluation = evaluation.filter((e) => (TEMPLATE_SPLITS as readonly string[]).includes(e.split));
  // The shortcut audit on the same splits: a probe on code tokens alone, also a baseline below.
  const audit = runAudit(examples, EVAL_SPLITS, { seed: o.settings.seed });
  if (trainable(train, 'step').length === 0) {
    throw new UnusableInputError('the train split has no step-labelled episodes (steps.label is NULL everywhere); run the label stage first');
  }
  if (templateEvaluation.length === 0) throw new UnusableInputError('no episodes in the test or heldout split to evaluate on');
  if (validation.length === 0) logger.warn('the validation split is empty: no calibration, threshold 0.5, the last epoch is kept');

  const modelConfig = modelConfigOf(o.settings, provider.spec.dim);
  const { epochs: _epochs, checkpointEvery: _every, ensemble: _ensemble, ...identity } = o.settings;
  const dataIdentity = {
    train: train.map((e) => e.id),
    validation: validation.map((e) => e.id),
    embed: provider.spec,
    stepText: STEP_TEXT_VERSION,
  };
  if (o.fresh) rmSync(join(out, 'checkpoints'), { recursive: true, force: true });
  await startTrainRun(corpus, {
    train_id: trainId,
    out_dir: out,
    backend: backend.name,
    embed: `${provider.spec.provider}:${provider.spec.model}`,
    config: { settings: o.settings, model: modelConfig },
    run_id: o.runId ?? null,
  });

  try {
    const members = o.settings.ensemble;
    const runNetwork = async (objective: Objective, name: string, index: number) => {
      const seed = memberSeed(o.settings.seed, index);
      const label = members > 1 ? `${name} ${index + 1}/${members}` : name;
      const bar = o.progress?.(`train ${label}`);
      const base = objective === 'step' ? 'prm' : 'outcome-only';
      const result = await trainNetwork({
        backend,
        modelConfig,
        settings: { ...o.settings, seed },
        objective,
        train,
        validation,
        vectors: embedded.vectors,
        // Member 0 keeps the folder and fingerprint of a single-network run, so those resume.
        checkpointDir: join(out, 'checkpoints', index === 0 ? base : `${base}-${index + 1}`),
        fingerprint: fingerprint({ identity: { ...identity, seed }, modelConfig, dataIdentity, objective }),
        onBatch: ({ epoch, batch, batches, loss }) => {
          bar?.setTotal(o.settings.epochs * batches);
          bar?.tick(`epoch ${epoch}/${o.settings.epochs} batch ${batch}/${batches} loss ${loss.toFixed(4)}`);
        },
        onEpoch: (h) => logger.info(`${label} epoch ${h.epoch}: train loss ${h.train_loss.toFixed(4)}, val loss ${h.val_loss?.toFixed(4) ?? '-'}, val AUROC ${h.val_auroc?.toFixed(4) ?? '-'}`),
        shouldStop: o.shouldStop,
      });
      bar?.done();
      return { ...result, seed };
    };
    type Trained = Awaited<ReturnType<typeof runNetwork>>;
    /** The ensemble's networks one after another; stops at the first one interrupted. */
    const runEnsemble = async (objective: Objective, name: string): Promise<Trained[]> => {
      const done: Trained[] = [];
      for (let i = 0; i < members; i++) {
        const r = await runNetwork(objective, name, i);
        done.push(r);
        if (r.interrupted) break;
      }
      return done;
    };
    const resumedFrom = (list: readonly Trained[]) => Math.min(...list.map((r) => r.resumedFrom));
    const interrupted = (list: readonly Trained[]) => list.some((r) => r.interrupted);

    const prm = await runEnsemble('step', 'prm');
    const interruptedSummary = (resumed: { prm: number; outcome_only: number }): TrainSummary => ({
      train_id: trainId,
      out,
      status: 'interrupted',
      backend: backend.name,
      backends_skipped: backend.skipped,
      embed: `${provider.spec.provider}:${provider.spec.model}`,
      episodes: countBy(examples, (e) => e.split),
      skipped: countBy(built.skipped, (s) => s.reason),
      failed,
      resumed_from_epoch: resumed,
      updates_per_second: null,
      seconds: (Date.now() - started) / 1000,
      metrics_file: null,
      model_dir: null,
      headline: null,
    });
    if (interrupted(prm)) {
      disposeMembers(prm);
      await finishTrainRun(corpus, trainId, 'interrupted', null);
      return interruptedSummary({ prm: resumedFrom(prm), outcome_only: 0 });
    }
    const orm = await runEnsemble('outcome', 'outcome-only');
    if (interrupted(orm)) {
      disposeMembers([...prm, ...orm]);
      await finishTrainRun(corpus, trainId, 'interrupted', null);
      return interruptedSummary({ prm: resumedFrom(prm), outcome_only: resumedFrom(orm) });
    }

    // Each network scores validation and evaluation once and is calibrated alone; the ensemble
    // averages calibrated probabilities.
    const scoredBy = (list: readonly Trained[], objective: Objective) =>
      list.map((r) => {
        const validationLogits = r.network.scoreExamples(validation, embedded.vectors);
        const member: Member = { network: r.network, seed: r.seed, temperature: calibrate(validationLogits, validation, objective) };
        return { member, validation: validationLogits, evaluation: r.network.scoreExamples(evaluation, embedded.vectors) };
      });
    const prmScored = scoredBy(prm, 'step');
    const ormScored = scoredBy(orm, 'outcome');
    const prmMembers = prmScored.map((x) => x.member);
    const ormMembers = ormScored.map((x) => x.member);
    const scoresOf = (list: typeof prmScored) => ({
      validation: meanCalibrated(list.map((x) => ({ logits: x.validation, temperature: x.member.temperature }))),
      evaluation: meanCalibrated(list.map((x) => ({ logits: x.evaluation, temperature: x.member.temperature }))),
    });
    const prmScores = scoresOf(prmScored);
    const lengthModel = fitLengthModel(train);
    const scorers: Record<string, { validation: Map<string, number[]>; evaluation: Map<string, number[]> }> = {
      random: { validation: randomScores(validation, o.settings.seed), evaluation: randomScores(evaluation, o.settings.seed) },
      length: { validation: lengthScores(lengthModel, validation), evaluation: lengthScores(lengthModel, evaluation) },
      majority_vote: { validation: majorityScores(validation), evaluation: majorityScores(evaluation) },
      outcome_only: scoresOf(ormScored),
      shortcut_probe: { validation: probeStepScores(audit.model, validation), evaluation: probeStepScores(audit.model, evaluation) },
    };
    const evaluate = (subset: readonly Example[]) => {
      const ids = new Set(subset.map((e) => e.id));
      const keep = (m: Map<string, number[]>) => new Map([...m].filter(([id]) => ids.has(id)));
      const prmMetrics = evaluateScorer(validation, subset, { validation: prmScores.validation, evaluation: keep(prmScores.evaluation) });
      const baselines: Record<string, MetricSet> = {};
      for (const [name, s] of Object.entries(scorers)) baselines[name] = evaluateScorer(validation, subset, { validation: s.validation, evaluation: keep(s.evaluation) });
      return { prm: prmMetrics, baselines, errors: errorAnalysis(subset, prmScores.evaluation, prmMetrics.threshold) };
    };
    const overall = evaluate(templateEvaluation);
    const bySplitMetrics = Object.fromEntries(
      EVAL_SPLITS.map((s) => [s, evaluation.filter((e) => e.split === s)] as const)
        .filter(([, list]) => list.length > 0)
        .map(([s, list]) => [s, evaluate(list)]),
    );

    const rawProbs = meanCalibrated(prmScored.map((x) => ({ logits: x.evaluation, temperature: 1 })));
    const labelled = (probs: Map<string, number[]>) => {
      const p: number[] = [];
      const y: boolean[] = [];
      for (const e of evaluation) {
        e.steps.forEach((s, i) => {
          if (s.label === null) return;
          p.push((probs.get(e.id) as number[])[i] as number);
          y.push(s.label);
        });
      }
      return { p, y };
    };
    const before = labelled(rawProbs);
    const after = labelled(prmScores.evaluation);

    const modelDir = join(out, 'model');
    const savedConfig = (objective: Objective, threshold: number): Omit<SavedModelConfig, 'members'> => ({
      format: MODEL_FORMAT,
      objective,
      model: modelConfig,
      embed: provider.spec,
      step_text: STEP_TEXT_VERSION,
      threshold,
      backend: backend.name,
      train_id: trainId,
      hookmine_version: o.version,
    });
    saveModel(modelDir, savedConfig('step', overall.prm.threshold), prmMembers);
    saveModel(join(out, 'outcome-model'), savedConfig('outcome', overall.baselines.outcome_only?.threshold ?? 0.5), ormMembers);

    const all = [...prm, ...orm];
    const updates = all.reduce((n, r) => n + r.updates, 0);
    const updateSeconds = all.reduce((n, r) => n + r.updateSeconds, 0);
    const report: TrainReport = {
      trainId,
      settings: o.settings,
      modelConfig,
      backend: backend.name,
      embed: provider.spec,
      data: {
        episodes: countBy(examples, (e) => e.split),
        bySource: countBy(examples, (e) => `${e.source}/${e.kind}`),
        skipped: countBy(built.skipped, (s) => s.reason),
        failed: failed.length,
        evaluated: TEMPLATE_SPLITS.filter((s) => evaluation.some((e) => e.split === s)),
        real: realSummary(evaluation),
        validationParts: countBy(validation, (e) => (e.unseenVariant ? 'unseen' : 'seen')),
      },
      audit: audit.result,
      overall,
      bySplit: bySplitMetrics,
      members: prm.map((r, i) => ({
        seed: r.seed,
        temperature: (prmMembers[i] as Member).temperature,
        outcomeTemperature: (ormMembers[i] as Member).temperature,
        bestEpoch: { prm: r.bestEpoch, outcome_only: orm[i]?.bestEpoch ?? null },
      })),
      calibration: {
        eceBefore: ece(before.p, before.y),
        eceAfter: ece(after.p, after.y),
        binsBefore: calibrationBins(before.p, before.y),
        binsAfter: calibrationBins(after.p, after.y),
      },
      history: { prm: prm.map((r) => r.history), outcome_only: orm.map((r) => r.history) },
      updatesPerSecond: updateSeconds > 0 ? updates / updateSeconds : null,
      seconds: (Date.now() - started) / 1000,
      version: o.version,
    };
    const written = writeArtifacts(out, report);
    const headline = written.metrics.comparison as Record<string, unknown>;
    await finishTrainRun(corpus, trainId, failed.length ? 'partial' : 'ok', written.metrics);
    disposeMembers(all);
    return {
      train_id: trainId,
      out,
      status: failed.length ? 'partial' : 'ok',
      backend: backend.name,
      backends_skipped: backend.skipped,
      embed: `${provider.spec.provider}:${provider.spec.model}`,
      episodes: countBy(examples, (e) => e.split),
      skipped: countBy(built.skipped, (s) => s.reason),
      failed,
      resumed_from_epoch: { prm: resumedFrom(prm), outcome_only: resumedFrom(orm) },
      updates_per_second: report.updatesPerSecond,
      seconds: report.seconds,
      metrics_file: written.metricsFile,
      model_dir: modelDir,
      headline,
    };
  } catch (error) {
    await finishTrainRun(corpus, trainId, 'failed', { error: String(error) });
    throw error;
  }
}

/** The real-notebook split's size: competitions (its groups by data), episodes and best-of-N groups. */
function realSummary(evaluation: readonly Example[]): { competitions: number; episodes: number; gold_episodes: number } {
  const real = evaluation.filter((e) => e.split === 'real');
  return {
    competitions: new Set(real.map((e) => e.competition ?? `group:${e.group}`)).size,
    episodes: real.length,
    gold_episodes: new Set(real.map((e) => e.group)).size,
  };
}

/** Temperature on the validation split's logits: step labels for the PRM, final labels for the outcome model. */
function calibrate(logits: Map<string, Float32Array>, validation: readonly Example[], objective: Objective): number {
  if (validation.length === 0) return 1;
  const z: number[] = [];
  const y: boolean[] = [];
  for (const e of validation) {
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
  return fitTemperature(z, y);
}

export type { HistoryEntry };
