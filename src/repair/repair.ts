// `hookmine repair`: every selected notebook whose latest run did not reproduce Kaggle's recorded
// outputs gets a repair session (rules, a run, the LLM loop), `jobs` at a time, each within its
// time budget. A session is stored in one transaction; a notebook that cannot be repaired is
// recorded with the reason and the others go on. The summary is the before/after table.
import pLimit from 'p-limit';
import type { Corpus } from '../../corpus/corpus.js';
import { notebooksNotExecuted, notebooksToRepair, storeRepairSession, type RepairSessionRow } from '../../corpus/repairs.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import type { RepairRule } from '../../extractors/repairs/types.js';
import type { Tolerance } from '../compare/tolerance.js';
import { errorMessage } from '../errors.js';
import type { LlmClient } from '../llm/client.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import type { Limits, Sandbox } from '../sandbox/index.js';
import { Introspector } from './facts.js';
import { repairNotebook } from './session.js';

export interface RepairOptions {
  sandbox: Sandbox;
  dataRoot: string;
  /** limits of each run; wallMs is the per-run timeout */
  limits: Partial<Limits> & { wallMs: number };
  /** time budget of one notebook's whole session, ms */
  budgetMs: number;
  tolerance: Tolerance;
  jobs: number;
  llm: LlmClient | null;
  /** LLM attempts per notebook at most */
  llmAttempts: number;
  competition?: string;
  notebookIds?: string[];
  rerun?: boolean;
  limit?: number;
  rules?: readonly RepairRule[];
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
}

export type RepairStatus = RepairSessionRow['status'];

export interface RepairResult {
  notebook_id: string;
  competition: string;
  title: string | null;
  before: { outcome: string | null; reason: string | null };
  after: { outcome: string | null; reason: string | null; detail: string | null };
  status: RepairStatus;
  rules: string[];
  rule_repairs: number;
  llm_attempts: number;
  runs: number;
  execution_id: string | null;
  wall_ms: number;
}

export interface RepairSummary {
  notebooks: number;
  byStatus: Record<RepairStatus, number>;
  /** notebooks that did not reproduce before and reproduce now */
  newlyReproduced: number;
  /** notebooks whose best run completes and differs from Kaggle's record only in outputs that change with the random seed (still not reproduced) */
  onlyRandomDifferences: number;
  /** notebooks whose run was tried again with changed scikit-learn defaults pinned to their old values, and those where that run reproduced */
  oldDefaults: { tried: number; kept: number };
  /** rule name -> notebooks it was applied to */
  rules: Record<string, number>;
  llm: { attempts: number; tokensIn: number; tokensOut: number } | null;
  introspections: number;
  /** selected notebooks with no reference run: run `hookmine execute` first */
  notExecuted: string[];
  results: RepairResult[];
}

export async function repairNotebooks(corpus: Corpus, options: RepairOptions): Promise<RepairSummary> {
  const logger = options.logger ?? silentLogger;
  const filter = { competition: options.competition, notebookIds: options.notebookIds, rerun: options.rerun, limit: options.limit };
  const candidates = await notebooksToRepair(corpus, filter);
  const notExecuted = await notebooksNotExecuted(corpus, filter);
  options.progress?.setTotal(candidates.length);
  const parser = await loadPythonParser();
  const introspector = new Introspector(options.sandbox.executor);
  const summary: RepairSummary = {
    notebooks: candidates.length,
    byStatus: { reproduced: 0, ran: 0, failed: 0, skipped: 0 },
    newlyReproduced: 0,
    onlyRandomDifferences: 0,
    oldDefaults: { tried: 0, kept: 0 },
    rules: {},
    llm: options.llm ? { attempts: 0, tokensIn: 0, tokensOut: 0 } : null,
    introspections: 0,
    notExecuted,
    results: [],
  };
  const limit = pLimit(Math.max(1, options.jobs));
  await Promise.all(
    candidates.map((nb) =>
      limit(async () => {
        const label = nb.title ?? nb.notebook_id;
        options.progress?.status(label);
        const session = await repairNotebook(
          { corpus, parser, introspector, sandbox: options.sandbox, dataRoot: options.dataRoot, limits: options.limits, budgetMs: options.budgetMs, tolerance: options.tolerance, llm: options.llm, llmAttempts: options.llmAttempts, rules: options.rules, runId: options.runId ?? null, logger, onStatus: (s) => options.progress?.status(`${label}: ${s}`) },
          nb,
        );
        try {
          await storeRepairSession(corpus, session);
        } catch (error) {
          // Storing failed (the corpus), not the notebook: stop, nothing half-written remains.
          throw new Error(`${nb.notebook_id}: ${errorMessage(error)}`, { cause: error });
        }
        const r = session.row;
        summary.byStatus[r.status] += 1;
        if (r.status === 'reproduced' && r.before_outcome !== 'reproduced') summary.newlyReproduced += 1;
        if (session.onlyRandomDifferences) summary.onlyRandomDifferences += 1;
        if (session.oldDefaults) summary.oldDefaults.tried += 1;
        if (session.oldDefaults === 'kept') summary.oldDefaults.kept += 1;
        for (const rule of r.rules) summary.rules[rule] = (summary.rules[rule] ?? 0) + 1;
        if (summary.llm) {
          summary.llm.attempts += r.llm_attempts;
          summary.llm.tokensIn += r.tokens_in ?? 0;
          summary.llm.tokensOut += r.tokens_out ?? 0;
        }
        summary.results.push({
          notebook_id: nb.notebook_id,
          competition: nb.competition,
          title: nb.title,
          before: { outcome: r.before_outcome, reason: r.before_reason },
          after: { outcome: r.after_outcome, reason: r.after_reason, detail: r.after_detail },
          status: r.status,
          rules: r.rules,
          rule_repairs: r.rule_repairs,
          llm_attempts: r.llm_attempts,
          runs: r.runs,
          execution_id: r.execution_id,
          wall_ms: Math.round(r.wall_ms),
        });
        logger.info(`${nb.notebook_id} ${r.status}`, { notebook_id: nb.notebook_id, status: r.status, rules: r.rules, llm_attempts: r.llm_attempts });
        options.progress?.tick(label);
      }),
    ),
  );
  options.progress?.done();
  summary.introspections = introspector.calls;
  summary.results.sort((a, b) => a.competition.localeCompare(b.competition) || (a.title ?? '').localeCompare(b.title ?? ''));
  return summary;
}
