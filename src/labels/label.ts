// `hookmine label`: contrast trajectories by mutation for every gold episode, each step labelled by
// execution against the gold trace, then step consensus across all traces of the episode.
import { createHash, randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes, replaceMutants } from '../../corpus/episodes.js';
import { insertExecution } from '../../corpus/executions.js';
import { insertCaptures } from '../../corpus/hooks.js';
import { episodeSteps, goldEpisodesToLabel, type GoldEpisode, type StoredStep } from '../../corpus/labels.js';
import type { ValueMatcher } from '../../extractors/labels/step-labels.js';
import { counterfactualCandidates, pickCounterfactuals } from '../../extractors/mutations/counterfactuals.js';
import { mutationCandidates, pickMutations, rng } from '../../extractors/mutations/select.js';
import { answersMatch } from '../compare/values.js';
import type { Tolerance } from '../compare/tolerance.js';
import { executionRows } from '../execute/rows.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import type { Limits } from '../sandbox/index.js';
import { updateConsensus } from './consensus.js';
import { kaggleEpisodeProgram, type EpisodeProgram } from './episode-program.js';
import { runMutant, type MutantOutcome } from './mutants.js';
import { storeSiblings, type SiblingSummary } from './siblings.js';

/** Builds the runnable program of an episode that is not a Kaggle one (synthetic templates). */
export type ProgramBuilder = (gold: GoldEpisode, steps: readonly StoredStep[]) => Promise<EpisodeProgram | string>;

export interface LabelOptions {
  dataRoot: string;
  tolerance: Tolerance;
  mutants: number;
  /** counterfactual positives per gold episode: rewrites with the mutants' constructs, equal to gold (default 2) */
  counterfactuals?: number;
  /** store each mutant's sibling pair where its question can be rewritten (default true) */
  siblings?: boolean;
  seed: number;
  jobs: number;
  source?: 'kaggle' | 'synthetic';
  competition?: string;
  episodeIds?: string[];
  relabel?: boolean;
  limit?: number;
  /** only Kaggle episodes of these evidence tiers (synthetic ones are not tiered) */
  evidence?: readonly string[];
  limits?: Partial<Limits>;
  /** programs of synthetic episodes (run in the warm pool) */
  synthetic?: ProgramBuilder;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
}

export interface LabelSummary {
  episodes: number;
  labelled: number;
  skipped: { episode_id: string; reason: string }[];
  mutants: number;
  stored: number;
  /** mutants whose every reached step matches gold (an equivalent program) */
  equivalent: number;
  crashed: number;
  /** counterfactual rewrites run, and stored (every step equal to gold) */
  counterfactuals: { run: number; stored: number; byKind: Record<string, { run: number; stored: number }> };
  byKind: Record<string, { run: number; stored: number; withNegative: number }>;
  labels: { right: number; wrong: number; unlabelled: number };
  /** sibling pairs made for stored mutants that had none (null: turned off) */
  siblings: SiblingSummary | null;
}

export function tolerantMatcher(tol: Tolerance): ValueMatcher {
  return (gold, observed) => answersMatch(gold, observed, tol).match;
}

function episodeSeed(episodeId: string, seed: number): number {
  return createHash('sha256').update(`${seed}:${episodeId}`).digest().readUInt32LE(0);
}

export async function labelEpisodes(corpus: Corpus, options: LabelOptions): Promise<LabelSummary> {
  const logger = options.logger ?? silentLogger;
  const matcher = tolerantMatcher(options.tolerance);
  const golds = await goldEpisodesToLabel(corpus, { source: options.source, competition: options.competition, episodeIds: options.episodeIds, relabel: options.relabel, limit: options.limit, evidence: options.evidence });
  options.progress?.setTotal(golds.length);
  const summary: LabelSummary = { episodes: golds.length, labelled: 0, skipped: [], mutants: 0, stored: 0, equivalent: 0, crashed: 0, counterfactuals: { run: 0, stored: 0, byKind: {} }, byKind: {}, labels: { right: 0, wrong: 0, unlabelled: 0 }, siblings: null };
  const limit = pLimit(Math.max(1, options.jobs));
  for (const gold of golds) {
    const label = gold.template_family ? `${gold.template_family}/${gold.episode_id}` : (gold.competition ?? gold.episode_id);
    options.progress?.status(label);
    const steps = await episodeSteps(corpus, gold.episode_id);
    let program: EpisodeProgram | string;
    try {
      program = gold.source === 'kaggle' ? await kaggleEpisodeProgram(corpus, gold, steps, options) : options.synthetic ? await options.synthetic(gold, steps) : 'no runner for synthetic episodes here';
    } catch (error) {
      program = errorMessage(error);
    }
    if (typeof program === 'string') {
      const reason = program;
      summary.skipped.push({ episode_id: gold.episode_id, reason });
      logger.warn(`${gold.episode_id}: not labelled: ${reason}`);
      options.progress?.tick(label);
      continue;
    }
    const p = program;
    const candidates = mutationCandidates(p.program, p.finalStatementId, p.context, p.mutateFinal);
    const picks = pickMutations(candidates, options.mutants, episodeSeed(gold.episode_id, options.seed));
    const rewrites = pickCounterfactuals(counterfactualCandidates(p.program, p.finalStatementId, p.mutateFinal), picks, options.counterfactuals ?? 0, rng(episodeSeed(gold.episode_id, options.seed + 1)));
    const runs = [...picks.map((mutation) => ({ mutation, kind: 'mutant' as const })), ...rewrites.map((mutation) => ({ mutation, kind: 'counterfactual' as const }))];
    const outcomes = await Promise.all(
      runs.map(({ mutation, kind }) =>
        limit(async (): Promise<(MutantOutcome & { kind: typeof kind }) | undefined> => {
          const executionId = `ex_${randomBytes(8).toString('hex')}`;
          try {
            const outcome = { ...(await runMutant({ gold, steps, program: p, mutation, matcher, executionId: null, runId: options.runId ?? null, kind })), kind };
            // a counterfactual that did not equal gold is not stored, nor its run
            if (kind === 'counterfactual' && !outcome.episode) return outcome;
            if (outcome.run.result) {
              await insertExecution(corpus, executionRows({ executionId, notebookId: gold.notebook_id, purpose: 'mutation', runId: options.runId ?? null, result: outcome.run.result }));
              await insertCaptures(corpus, executionId, outcome.run.captures as unknown as Record<string, unknown>[]);
              if (outcome.episode) outcome.episode.episode.execution_id = executionId;
            }
            return outcome;
          } catch (error) {
            logger.warn(`${gold.episode_id}: ${kind === 'mutant' ? 'mutation' : 'counterfactual'} ${mutation.kind} could not run: ${errorMessage(error)}`);
            return undefined;
          }
        }),
      ),
    );
    const stored = outcomes.flatMap((o) => (o?.episode ? [{ episode: o.episode }] : []));
    // A relabel replaces the gold episode's mutants (their ids repeat, so inserting would keep the
    // old rows); one whose mutants could not run at all keeps what it had.
    if (options.relabel && stored.length > 0) await replaceMutants(corpus, gold.episode_id, stored.map((o) => o.episode));
    else await insertEpisodes(corpus, stored.map((o) => o.episode));
    for (const o of outcomes) {
      if (!o) continue;
      if (o.kind === 'counterfactual') {
        const cf = (summary.counterfactuals.byKind[o.mutation.kind] ??= { run: 0, stored: 0 });
        cf.run += 1;
        summary.counterfactuals.run += 1;
        if (o.episode) {
          cf.stored += 1;
          summary.counterfactuals.stored += 1;
        }
        continue;
      }
      summary.mutants += 1;
      const kind = (summary.byKind[o.mutation.kind] ??= { run: 0, stored: 0, withNegative: 0 });
      kind.run += 1;
      if (o.run.status === 'failed') summary.crashed += 1;
      if (!o.episode) continue;
      kind.stored += 1;
      summary.stored += 1;
      const negatives = o.episode.steps.filter((s) => s.label === false).length;
      if (negatives > 0) kind.withNegative += 1;
      else summary.equivalent += 1;
      for (const s of o.episode.steps) summary.labels[s.label === true ? 'right' : s.label === false ? 'wrong' : 'unlabelled'] += 1;
    }
    await updateConsensus(corpus, gold.episode_id, matcher);
    summary.labelled += 1;
    options.progress?.tick(label);
  }
  options.progress?.done();
  // Every stored mutant gets its siblings, also those an earlier run labelled (no new run is needed).
  if (options.siblings ?? true) summary.siblings = await storeSiblings(corpus, { goldEpisodeIds: options.episodeIds, competition: options.competition });
  return summary;
}
