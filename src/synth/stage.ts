// `hookmine synth`: tables in, execution-confirmed template episodes out. Resolve the inputs,
// profile each table in the warm pool, pair the tables of a folder, plan programs per table, run
// each twice, keep the confirmed ones whose question does not give the answer away, optionally
// paraphrase, and store episodes + steps (and the runs) in batches.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Corpus } from '../../corpus/corpus.js';
import { existingEpisodeIds, insertSynthBatch, type SynthBatch } from '../../corpus/synth.js';
import { selectFamilies } from '../../templates/registry.js';
import type { Family } from '../../templates/types.js';
import { ItemError, UsageError, errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import { startJobRunner, type StartedRunner } from '../queue/pool-route.js';
import { runAndConfirm } from './confirm.js';
import { answerFrom, episodeRows, type StoredAnswer } from './episode.js';
import { answerLeak } from './leak.js';
import type { Paraphraser } from './paraphrase.js';
import { planSource, type PlannedEpisode } from './plan.js';
import { pairSources, profileSource, type ProfiledSource } from './profile.js';
import { profileProgram } from './profile-script.js';
import { captureRows, executionId, executionRow } from './records.js';
import type { JobRunner } from './runner.js';
import { resolveSources } from './sources.js';

export interface SynthOptions {
  /** files, folders, `sklearn:<name>`, `statsmodels:<name>` (`*` for all) */
  inputs: string[];
  dataRoot: string;
  /** family ids, categories or globs; empty: all */
  templates?: string[];
  perCsv: number;
  seed: number;
  /** pool size (jobs at once) */
  jobs: number;
  timeoutMs: number;
  memoryMb: number;
  python: string;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
  paraphraser?: Paraphraser | null;
  /** run jobs here instead of a warm pool started for this run (the benchmark) */
  runner?: JobRunner;
  /** episodes per corpus transaction */
  batchSize?: number;
}

export interface SynthFailure {
  item: string;
  reason: string;
  detail: string;
}

export interface SynthSummary {
  inputs: number;
  missing: { input: string; reason: string }[];
  tables: number;
  tablesFailed: number;
  tablePairs: number;
  families: number;
  planned: number;
  alreadyStored: number;
  ran: number;
  stored: number;
  failed: number;
  byReason: Record<string, number>;
  dropped: Record<string, number>;
  duplicatePrograms: number;
  /** hints left out because they contained the answer */
  hintsRemoved: number;
  byFamily: Record<string, number>;
  byCategory: Record<string, number>;
  heldout: number;
  distractors: number;
  answerSets: number;
  paraphrased: number;
  paraphraseRejected: number;
  llmTokensIn: number;
  llmTokensOut: number;
  poolSize: number;
  seconds: number;
  episodesPerSecond: number;
  failures: SynthFailure[];
}

const MAX_LISTED_FAILURES = 100;

function bump(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (map[key] ?? 0) + n;
}

/** The phrasing to use: the seed-rotated first one that does not contain the answer. */
export function chooseQuestion(p: PlannedEpisode, answer: StoredAnswer): string | null {
  const qs = p.instance.questions;
  const start = parseInt(p.episodeId.slice(-6), 16) % qs.length;
  for (let i = 0; i < qs.length; i++) {
    const q = qs[(start + i) % qs.length] as string;
    if (answerLeak(q, answer) === null) return q;
  }
  return null;
}

export async function runSynth(corpus: Corpus, options: SynthOptions): Promise<SynthSummary> {
  const started = Date.now();
  const logger = options.logger ?? silentLogger;
  const runId = options.runId ?? null;
  const { families, unknown } = selectFamilies(options.templates ?? []);
  if (unknown.length) throw new UsageError(`--templates: no family or category matches ${unknown.map((u) => `"${u}"`).join(', ')} (see hookmine synth --list)`);
  const { sources, mounts, missing } = resolveSources(options.inputs, options.dataRoot);
  for (const m of missing) logger.error(`${m.input}: ${m.reason}`);
  const summary: SynthSummary = {
    inputs: options.inputs.length,
    missing,
    tables: sources.length,
    tablesFailed: 0,
    tablePairs: 0,
    families: families.length,
    planned: 0,
    alreadyStored: 0,
    ran: 0,
    stored: 0,
    failed: 0,
    byReason: {},
    dropped: {},
    duplicatePrograms: 0,
    hintsRemoved: 0,
    byFamily: {},
    byCategory: {},
    heldout: 0,
    distractors: 0,
    answerSets: 0,
    paraphrased: 0,
    paraphraseRejected: 0,
    llmTokensIn: 0,
    llmTokensOut: 0,
    poolSize: 0,
    seconds: 0,
    episodesPerSecond: 0,
    failures: [],
  };
  if (sources.length === 0) return finish(summary, started);

  const fail = (f: SynthFailure) => {
    summary.failed += 1;
    bump(summary.byReason, f.reason);
    if (summary.failures.length < MAX_LISTED_FAILURES) summary.failures.push(f);
    logger.error(`${f.item}: ${f.reason}: ${f.detail}`);
  };
  const limits = { timeoutMs: options.timeoutMs, memoryMb: options.memoryMb };
  const batch: SynthBatch = { items: [], executions: [], captures: [] };
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const chunk = { items: batch.items.splice(0), executions: batch.executions.splice(0), captures: batch.captures.splice(0) };
    if (!chunk.items.length && !chunk.executions.length) return writing;
    writing = writing.then(async () => {
      const stored = new Set(await insertSynthBatch(corpus, chunk));
      for (const item of chunk.items) {
        const e = item.episode;
        if (!stored.has(e.episode_id)) continue;
        summary.stored += 1;
        bump(summary.byFamily, e.template_family as string);
        const family = families.find((f) => f.id === e.template_family) as Family;
        bump(summary.byCategory, family.category);
        if (e.heldout) summary.heldout += 1;
        if (e.is_distractor) summary.distractors += 1;
        if (e.answer && typeof e.answer === 'object' && 'values' in e.answer) summary.answerSets += 1;
      }
    });
    return writing;
  };

  const preload = ['numpy', 'pandas', 'sklearn', ...(sources.some((s) => s.kind === 'statsmodels') ? ['statsmodels.datasets'] : [])];
  const runner: JobRunner = options.runner ?? (await startJobRunner({ mounts, size: options.jobs, limits: { wallMs: options.timeoutMs, memoryMb: options.memoryMb }, python: options.python, preload }));
  summary.poolSize = runner.size;
  try {
    // 1. Profile every table.
    const progress = options.progress;
    progress?.setTotal(sources.length);
    progress?.status('profiling tables');
    const profiled: ProfiledSource[] = [];
    await Promise.all(
      sources.map(async (spec) => {
        try {
          profiled.push(await profileSource(runner, spec, options.timeoutMs));
        } catch (error) {
          summary.tablesFailed += 1;
          const reason = error instanceof ItemError ? error.reason : 'unreadable_table';
          const detail = error instanceof ItemError ? errorMessage(error).replace(`${spec.key}: `, '') : errorMessage(error);
          fail({ item: spec.key, reason, detail });
          batch.executions.push(
            executionRow({
              executionId: executionId(runId ?? '', 'profile', spec.key, randomUUID()),
              runId,
              script: profileProgram(spec.imports, spec.loadExpr, !spec.hostPath),
              result: undefined,
              about: { stage: 'profile', table: spec.key, dataset: spec.dataset },
              python: options.python,
              seed: 0,
              limits,
              confirmed: false,
              reason,
              detail,
            }),
          );
        }
        progress?.tick(spec.key);
      }),
    );
    profiled.sort((a, b) => a.info.key.localeCompare(b.info.key));

    // 2. Pair the tables of each folder.
    await Promise.all(
      profiled.map(async (a) => {
        for (const b of profiled) {
          if (b === a || !a.spec.group || a.spec.group !== b.spec.group) continue;
          const partner = await pairSources(runner, a, b, options.timeoutMs);
          if (partner) {
            a.partners.push(partner);
            summary.tablePairs += 1;
          }
        }
        a.partners.sort((x, y) => x.source.key.localeCompare(y.source.key));
      }),
    );

    // 3. Plan, and skip what is stored already.
    const planned: PlannedEpisode[] = [];
    for (const source of profiled) {
      const plan = planSource(source, { families, perCsv: options.perCsv, seed: options.seed });
      summary.duplicatePrograms += plan.duplicates;
      for (const issue of plan.issues) fail(issue);
      planned.push(...plan.planned);
    }
    summary.planned = planned.length;
    const stored = await existingEpisodeIds(corpus, planned.map((p) => p.episodeId));
    const todo = planned.filter((p) => !stored.has(p.episodeId));
    summary.alreadyStored = planned.length - todo.length;

    // 4. Run, confirm, store.
    progress?.setTotal(sources.length + todo.length);
    const limit = pLimit(Math.max(1, runner.size * 2));
    const batchSize = options.batchSize ?? 100;
    await Promise.all(
      todo.map((p) =>
        limit(async () => {
          const item = `${p.family.id}/${p.variant.id} seed ${p.seed} on ${p.source.info.key}`;
          const about = { stage: 'synth', template: { family: p.family.id, variant: p.variant.id, seed: p.seed }, table: p.source.info.key, episode_id: p.episodeId };
          const runFacts = { runId, script: p.program, about, python: options.python, seed: options.seed, limits };
          const outcome = await runAndConfirm(runner, p.program, p.instance.steps, { timeoutMs: options.timeoutMs, memoryMb: options.memoryMb, seed: options.seed, tolerance: p.instance.tolerance });
          summary.ran += 1;
          try {
            if (!outcome.ok) {
              fail({ item, reason: outcome.reason, detail: outcome.detail });
              batch.executions.push(executionRow({ ...runFacts, executionId: executionId(runId ?? '', p.episodeId, 'failed', randomUUID()), result: outcome.first, second: outcome.second, confirmed: false, reason: outcome.reason, detail: outcome.detail }));
              return;
            }
            const final = outcome.captures.at(-1)?.value;
            const got = answerFrom(p.instance, final ?? null, Boolean(p.family.distractor));
            if ('problem' in got) {
              bump(summary.dropped, got.problem);
              logger.info(`${item}: dropped (${got.problem})`);
              return;
            }
            let question = chooseQuestion(p, got.answer);
            if (question === null) {
              bump(summary.dropped, 'answer_in_question');
              return;
            }
            if (options.paraphraser) {
              try {
                const r = await options.paraphraser.paraphrase(question, p.instance.keep, got.answer);
                summary.llmTokensIn += r.tokensIn;
                summary.llmTokensOut += r.tokensOut;
                if (r.paraphrased) summary.paraphrased += 1;
                else summary.paraphraseRejected += 1;
                question = r.question;
              } catch (error) {
                summary.paraphraseRejected += 1;
                logger.warn(`${item}: paraphrase failed, the template phrasing is kept: ${errorMessage(error)}`);
              }
            }
            // A hint may name what the answer is made of, never the answer itself.
            const hint = answerLeak(p.instance.hint, got.answer) === null ? p.instance.hint : null;
            if (hint === null) summary.hintsRemoved += 1;
            const execId = executionId(runId ?? '', p.episodeId);
            batch.executions.push(executionRow({ ...runFacts, executionId: execId, result: outcome.first, second: outcome.second, confirmed: true }));
            batch.captures.push(...captureRows(execId, outcome.first.hookCaptures as never));
            batch.items.push(episodeRows(p, outcome.captures, { question, hint, answer: got.answer, executionId: execId, runId }));
            if (batch.items.length >= batchSize) await flush();
          } finally {
            progress?.tick(p.family.id);
          }
        }),
      ),
    );
    await flush();
  } finally {
    await writing.catch(() => undefined);
    if (!options.runner) await (runner as StartedRunner).close();
  }
  return finish(summary, started);
}

function finish(summary: SynthSummary, started: number): SynthSummary {
  summary.seconds = Number(((Date.now() - started) / 1000).toFixed(2));
  summary.episodesPerSecond = summary.seconds > 0 ? Number((summary.stored / summary.seconds).toFixed(2)) : 0;
  return summary;
}
