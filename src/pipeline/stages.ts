// The pipeline's stages as functions of one shape: each opens the corpus, records its
// pipeline_runs row, does only the work not done yet (every stage is idempotent), and returns its
// summary. `hookmine run` calls them in order; the demo calls the same ones.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Corpus } from '../../corpus/corpus.js';
import { corpusLlmCache } from '../../corpus/llm-cache.js';
import { finishRun, startRun, type RunStatus } from '../../corpus/runs.js';
import type { Config } from '../config.js';
import { crawlOptions } from '../crawl/options.js';
import { runCrawl } from '../crawl/run-crawl.js';
import { executeNotebooks } from '../execute/execute.js';
import { exportCorpus } from '../export/export.js';
import type { SplitBy } from '../export/splits.js';
import { extractHooks } from '../hooks/extract.js';
import type { Evidence } from '../hooks/evidence.js';
import { verifyProposals } from '../hooks/verify.js';
import { labelEpisodes } from '../labels/label.js';
import { syntheticProgramBuilder } from '../labels/synthetic-program.js';
import { llmFromConfig } from '../llm/client.js';
import type { Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import { resolveTrainSettings } from '../prm/config.js';
import { runTraining } from '../prm/run-train.js';
import type { Progress } from '../progress.js';
import { repairNotebooks } from '../repair/repair.js';
import { openConfiguredSandbox } from '../sandbox/index.js';
import { runSynth } from '../synth/stage.js';

export const STAGES = ['crawl', 'execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export', 'train'] as const;
export type Stage = (typeof STAGES)[number];

export interface PipelineOptions {
  config: Config;
  /** where export and train write (dataset/ and prm/) */
  out: string;
  /** competitions to work on; all when empty */
  competitions: string[];
  /** evidence tiers extract, verify, label, export and train take (all three when absent) */
  evidence?: readonly Evidence[];
  /** the environment the crawler reads credentials from */
  env?: NodeJS.ProcessEnv;
  /** stage settings that differ from the defaults (the demo keeps things small) */
  tune?: {
    synthPerCsv?: number;
    synthInputs?: string[];
    mutants?: number;
    epochs?: number;
    trainSettings?: Record<string, unknown>;
    includeRan?: boolean;
    /** no LLM even when one is configured (the demo stays offline) */
    offline?: boolean;
    splitBy?: SplitBy;
  };
  /** stops the crawl at its next step (Ctrl-C); later stages do not start */
  signal?: AbortSignal;
  logger: Logger;
  progress: (title: string, total?: number) => Progress;
}

export interface StageResult {
  stage: Stage;
  status: RunStatus | 'skipped';
  seconds: number;
  summary: unknown;
  /** a line for people */
  headline: string;
}

type StageFn = (corpus: Corpus, o: PipelineOptions, runId: string) => Promise<{ status: RunStatus; summary: unknown; headline: string }>;

const tolerance = (c: Config) => ({ rtol: c.rtol, atol: c.atol });
/** Run a stage once, or once per competition when the pipeline names some (one after another). */
async function each<T>(o: PipelineOptions, fn: (competition: string | undefined) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const competition of o.competitions.length ? o.competitions : [undefined]) out.push(await fn(competition));
  return out;
}
const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((s, x) => s + of(x), 0);
/** What execute and repair both pass to their notebook runs. */
const runSettings = (o: PipelineOptions) => ({
  dataRoot: o.config.dataRoot,
  limits: { wallMs: o.config.timeoutSeconds * 1000, memoryMb: o.config.memoryMb },
  tolerance: tolerance(o.config),
  jobs: o.config.jobs,
  logger: o.logger,
});

const RUNNERS: Record<Exclude<Stage, 'crawl'>, StageFn> = {
  async execute(corpus, o, runId) {
    const sb = await openConfiguredSandbox(o.config);
    const results = await each(o, (competition) => executeNotebooks(corpus, { ...runSettings(o), sandbox: sb, competition, runId, progress: o.progress('execute') }));
    const n = sum(results, (r) => r.notebooks);
    const reproduced = sum(results, (r) => r.byOutcome.reproduced);
    const failed = sum(results, (r) => r.byOutcome.failed);
    return { status: failed ? 'partial' : 'ok', summary: results, headline: `${n} notebooks run: ${reproduced} reproduced, ${failed} failed` };
  },
  async repair(corpus, o, runId) {
    const sb = await openConfiguredSandbox(o.config);
    const llm = o.config.repairLlmAttempts > 0 && !o.tune?.offline ? llmFromConfig(o.config, corpusLlmCache(corpus)) : null;
    const results = await each(o, (competition) =>
      repairNotebooks(corpus, {
        ...runSettings(o),
        sandbox: sb,
        budgetMs: o.config.repairBudgetSeconds * 1000,
        llm,
        llmAttempts: o.config.repairLlmAttempts,
        competition,
        runId,
        progress: o.progress('repair'),
      }),
    );
    const n = sum(results, (r) => r.notebooks);
    const now = sum(results, (r) => r.newlyReproduced);
    const failed = sum(results, (r) => r.byStatus.failed);
    // as `hookmine repair`: a notebook that still fails makes the stage partial
    return { status: failed ? 'partial' : 'ok', summary: results, headline: `${n} notebooks tried: ${now} reproduce now, ${failed} still fail` };
  },
  async extract(corpus, o, runId) {
    const llm = o.tune?.offline ? null : llmFromConfig(o.config, corpusLlmCache(corpus));
    const results = await each(o, (competition) =>
      extractHooks(corpus, { proposer: llm ? 'llm' : 'static', llm, competition, evidence: o.evidence, runId, logger: o.logger, progress: o.progress('extract') }),
    );
    const proposed = sum(results, (r) => r.proposed);
    const hooks = sum(results, (r) => r.hooks);
    return { status: results.some((r) => r.failed) ? 'partial' : 'ok', summary: results, headline: `${proposed} proposals (${llm ? 'llm' : 'static'}), ${hooks} hooks` };
  },
  async verify(corpus, o, runId) {
    const results = await each(o, (competition) =>
      verifyProposals(corpus, { dataRoot: o.config.dataRoot, tolerance: tolerance(o.config), jobs: o.config.jobs, competition, evidence: o.evidence, runId, logger: o.logger, progress: o.progress('verify') }),
    );
    const hooks = sum(results, (r) => r.hooksVerified);
    const episodes = sum(results, (r) => r.episodes);
    const bad = sum(results, (r) => r.byStatus.rejected + r.byStatus.failed);
    return { status: bad ? 'partial' : 'ok', summary: results, headline: `${hooks} hooks verified, ${episodes} Kaggle episodes` };
  },
  async synth(corpus, o, runId) {
    const progress = o.progress('synth');
    const inputs = o.tune?.synthInputs ?? (o.competitions.length ? o.competitions.map((c) => join(o.config.dataRoot, c)) : [o.config.dataRoot]);
    const summary = await runSynth(corpus, {
      inputs,
      dataRoot: o.config.dataRoot,
      perCsv: o.tune?.synthPerCsv ?? 100,
      seed: 0,
      jobs: o.config.synthJobs,
      timeoutMs: o.config.synthTimeoutSeconds * 1000,
      memoryMb: Math.min(o.config.memoryMb, 2048),
      python: o.config.python,
      runId,
      logger: o.logger,
      progress,
    }).finally(() => progress.done());
    return { status: summary.failed || summary.tablesFailed || summary.missing.length ? 'partial' : 'ok', summary, headline: `${summary.stored} new synthetic episodes (${summary.alreadyStored} stored before, ${summary.tables} tables)` };
  },
  async label(corpus, o, runId) {
    const synthetic = await syntheticProgramBuilder({ dataRoot: o.config.dataRoot, corpus, jobs: o.config.jobs });
    try {
      const summaries = await each(o, (competition) => labelEpisodes(corpus, {
        dataRoot: o.config.dataRoot,
        tolerance: tolerance(o.config),
        mutants: o.tune?.mutants ?? 3,
        seed: 0,
        jobs: o.config.jobs,
        synthetic: synthetic.build,
        competition,
        evidence: o.evidence,
        runId,
        logger: o.logger,
        progress: o.progress('label'),
      }));
      const labelled = sum(summaries, (r) => r.labelled);
      const stored = sum(summaries, (r) => r.stored);
      const wrong = sum(summaries, (r) => r.labels.wrong);
      const siblings = sum(summaries, (r) => r.siblings?.stored ?? 0);
      const summary = summaries.length === 1 ? summaries[0] : summaries;
      return { status: summaries.some((r) => r.skipped.length) ? 'partial' : 'ok', summary, headline: `${labelled} episodes labelled: ${stored} mutants, ${wrong} wrong steps, ${siblings} sibling pairs` };
    } finally {
      await synthetic.close();
    }
  },
  async export(corpus, o) {
    const progress = o.progress('export');
    const summary = await exportCorpus(corpus, {
      out: join(resolve(o.out), 'dataset'),
      format: 'jsonl',
      configs: ['prm', 'sft', 'rl'],
      splitBy: o.tune?.splitBy ?? 'competition',
      seed: 0,
      validation: 0.1,
      test: 0.1,
      keepDuplicates: false,
      shardBytes: 256 << 20,
      evidence: o.evidence,
      logger: o.logger,
      progress,
    }).finally(() => progress.done());
    return { status: 'ok', summary, headline: `${summary.episodes.exported} episodes -> ${summary.out}` };
  },
  async train(corpus, o, runId) {
    const summary = await runTraining(corpus, {
      out: join(resolve(o.out), 'prm'),
      settings: resolveTrainSettings({ ...(o.tune?.trainSettings ?? {}), ...(o.tune?.epochs ? { epochs: o.tune.epochs } : {}) }),
      backend: o.config.tfBackend,
      embed: o.config.embed,
      embedModel: o.config.embedModel,
      evidence: o.evidence,
      openaiApiKey: o.config.openaiApiKey,
      openaiBaseUrl: o.config.openaiBaseUrl,
      runId,
      version: packageVersion(),
      logger: o.logger,
      progress: o.progress,
      // Ctrl-C: the trainer saves a checkpoint and stops; the next run resumes from it
      shouldStop: () => o.signal?.aborted ?? false,
    });
    return { status: summary.status, summary, headline: `PRM on ${summary.backend}: ${summary.out}` };
  },
};

/** Run the given stages in pipeline order; a stage that throws stops the run (its row says failed). */
export async function runPipeline(stages: readonly Stage[], o: PipelineOptions): Promise<StageResult[]> {
  const ordered = STAGES.filter((s) => stages.includes(s));
  const results: StageResult[] = [];
  mkdirSync(dirname(resolve(o.config.db)), { recursive: true });
  for (const stage of ordered) {
    if (o.signal?.aborted) break;
    const started = Date.now();
    o.logger.info(`stage ${stage}`, { stage });
    if (stage === 'crawl') {
      const summary = await runCrawl({
        config: o.config,
        options: crawlOptions({ competition: o.competitions.length ? o.competitions : undefined, data: true, outputs: true }, o.config),
        logger: o.logger,
        progress: o.progress('crawl'),
        env: o.env,
        signal: o.signal,
      });
      const headline = `${summary.competitions.tabular} tabular competitions, ${summary.notebooks.new} new notebooks (${summary.notebooks.unchanged} unchanged), ${summary.outputs.files} output files, ${summary.data.downloaded + summary.data.cached} data downloads`;
      results.push({ stage, status: summary.status === 'ok' ? 'ok' : summary.status === 'failed' ? 'failed' : 'partial', seconds: (Date.now() - started) / 1000, summary, headline });
      continue;
    }
    const corpus = await Corpus.open(o.config.db);
    try {
      const runId = await startRun(corpus, stage, { pipeline: true, competitions: o.competitions }, packageVersion());
      try {
        const r = await RUNNERS[stage](corpus, o, runId);
        await finishRun(corpus, runId, r.status, r.summary);
        results.push({ stage, status: r.status, seconds: (Date.now() - started) / 1000, summary: r.summary, headline: r.headline });
      } catch (error) {
        await finishRun(corpus, runId, 'failed', { error: String(error) });
        throw error;
      }
    } finally {
      corpus.close();
    }
  }
  return results;
}
