// `hookmine verify`: run each proposal's instrumented code in the same sandbox and environment as
// the reference run, keep the hooks only when the final output is the same (and, for a notebook
// that reproduced Kaggle's outputs, when it still does), narrow a failing proposal by bisection,
// flag unstable values with a second run, and turn the verified hooks into a Kaggle episode.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import type { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes } from '../../corpus/episodes.js';
import { insertExecution, kaggleOutputFiles, storedCells } from '../../corpus/executions.js';
import { acceptedRepairs, insertCaptures, proposalBaseRun, proposalHooks, proposalsToVerify, recordVerification, referenceOutputs, type HookRow, type ProposalToVerify } from '../../corpus/hooks.js';
import { narrowHooks } from '../../extractors/hooks/narrow.js';
import { firstCaptures, rewireDependencies, type Capture } from '../../extractors/hooks/steps.js';
import type { FinalTarget, HookSpec } from '../../extractors/hooks/types.js';
import type { StoredOutput } from '../../extractors/outputs.js';
import { findFinalOutput, type FinalOutput } from '../../extractors/python/final-output.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell, type Program } from '../../extractors/python/program.js';
import type { Tolerance } from '../compare/tolerance.js';
import { checkReproduction, type KaggleFile, type OutputCheck, type StoredCell } from '../execute/reproduce.js';
import { executionRows } from '../execute/rows.js';
import type { ExecutionResult, RunEnvironment } from '../execute/types.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import type { Limits } from '../sandbox/index.js';
import { kaggleEpisode } from './episode.js';
import { EVIDENCE_TIERS, localDifference, tierCells, tierOf, type Evidence } from './evidence.js';
import { checkFinalOutput, checkPrefixOutputs, type FinalCheck, type ReferenceOutputs } from './final-check.js';
import { runInstrumented } from './hooked-run.js';
import { specsFromRows } from './specs.js';

export interface VerifyOptions {
  dataRoot: string;
  tolerance: Tolerance;
  jobs: number;
  /** limits override the reference run's (for example a longer timeout) */
  limits?: Partial<Limits>;
  competition?: string;
  notebookIds?: string[];
  reverify?: boolean;
  /** the evidence tiers to verify (default: all three) */
  evidence?: readonly Evidence[];
  /** the most sandbox runs bisection may spend on one proposal */
  maxRuns?: number;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
}

export interface VerifyResult {
  notebook_id: string;
  title: string | null;
  proposal_id: string;
  status: 'verified' | 'partial' | 'rejected' | 'failed';
  proposed: number;
  verified: number;
  /** hooks rejected because their value differed between two runs with the same seeds */
  unstable: number;
  evidence: Evidence | null;
  runs: number;
  episode_id: string | null;
  reason: string | null;
  /** the hooked run's wall time over the reference run's (capture overhead) */
  overhead: number | null;
}

export interface VerifySummary {
  proposals: number;
  byStatus: Record<VerifyResult['status'], number>;
  hooksVerified: number;
  episodes: number;
  results: VerifyResult[];
}

/** reject_reason prefix of a hook whose value differed between two runs with the same seeds */
export const NONDETERMINISTIC = 'nondeterministic';

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function finalTargetOf(final: FinalOutput): FinalTarget {
  return { statementId: final.statement.id, cellIndex: final.statement.cellIndex, kind: final.kind, path: final.path };
}

interface Context {
  corpus: Corpus;
  options: VerifyOptions;
  logger: Logger;
}

interface Prepared {
  proposal: ProposalToVerify;
  rows: HookRow[];
  program: Program;
  cells: CodeCell[];
  final: FinalOutput;
  specs: HookSpec[];
  unmatched: { row: HookRow; reason: string }[];
  environment: RunEnvironment;
  baseExecutionId: string;
  baseOutcome: string;
  evidence: Evidence;
  /** prefix: the cell the base run stopped in, and why */
  stopCell: number | null;
  stopReason: string | null;
  evidenceDetail: string | null;
  reference: ReferenceOutputs;
  referenceWallMs: number;
  stored: StoredCell[];
  kaggleFiles: KaggleFile[];
}

async function prepare(ctx: Context, proposal: ProposalToVerify): Promise<Prepared | string> {
  const base = await proposalBaseRun(ctx.corpus, proposal.notebook_id, proposal.base_script_sha256);
  if (!base) return 'the run the hooks were placed on is no longer in the corpus';
  const evidence = tierOf(base);
  if (evidence === null) return `the run the hooks were placed on has nothing to salvage (${base.reason ?? 'failed'})`;
  const parser = await loadPythonParser();
  const cells = tierCells(base.script, base);
  const program = analyzeProgram(parser, cells);
  program.prefix = evidence === 'prefix';
  const final = findFinalOutput(program);
  if (!final) return 'no final output';
  const rows = await proposalHooks(ctx.corpus, proposal.proposal_id);
  const { specs, unmatched } = specsFromRows(program, rows);
  const stored = (await storedCells(ctx.corpus, proposal.notebook_id))
    .filter((c) => c.cell_type === 'code')
    .map((c) => ({ cellIndex: c.cell_index, executionCount: c.execution_count, outputs: c.outputs ? (parseJson<StoredOutput[]>(c.outputs) ?? []) : [] }));
  const kaggleFiles: KaggleFile[] = (await kaggleOutputFiles(ctx.corpus, proposal.notebook_id))
    .filter((f) => f.local_path && existsSync(f.local_path))
    .map((f) => ({ fileName: f.file_name, content: readFileSync(f.local_path as string) }));
  const [wall] = await ctx.corpus.query<{ wall_ms: number }>('SELECT wall_ms FROM executions WHERE execution_id = $1', [base.execution_id]);
  return {
    proposal,
    rows,
    program,
    cells,
    final,
    specs,
    unmatched,
    environment: parseJson<RunEnvironment>(base.environment),
    baseExecutionId: base.execution_id,
    baseOutcome: base.outcome,
    evidence,
    stopCell: evidence === 'prefix' ? base.failed_cell : null,
    stopReason: evidence === 'prefix' ? `${base.reason ?? 'error'}: ${base.reason_detail ?? ''}`.trim().slice(0, 500) : null,
    evidenceDetail:
      evidence === 'local_deterministic'
        ? localDifference(base.outcome, base.reason_detail, base.seed_dependent ?? [])
        : evidence === 'prefix'
          ? `the run stopped in cell ${base.failed_cell}: the episode ends at the last cell that ran`
          : base.reason_detail,
    reference: await referenceOutputs(ctx.corpus, base.execution_id),
    referenceWallMs: wall?.wall_ms ?? 0,
    stored,
    kaggleFiles,
  };
}

interface HookedCheck extends FinalCheck {
  /** stored with the run in output_checks: the final-output check, and Kaggle's outputs for kaggle_reproduced */
  checks: OutputCheck[];
}

/** Does a hooked run still give the base run's outputs (and, for kaggle_reproduced, Kaggle's)? */
function checkHooked(ctx: Context, p: Prepared, result: ExecutionResult): HookedCheck {
  const tol = ctx.options.tolerance;
  const final =
    p.evidence === 'prefix' ? checkPrefixOutputs(p.reference, result, p.stopCell as number, tol) : checkFinalOutput(finalTargetOf(p.final), p.reference, result, tol);
  const target = p.evidence === 'prefix' ? `cells before ${p.stopCell}` : `${p.final.kind} in cell ${p.final.statement.cellIndex}`;
  const checks: OutputCheck[] = [{ targetKind: 'final_output', target, matched: final.matches, detail: final.reason }];
  if (!final.matches) return { ...final, checks };
  if (p.evidence === 'kaggle_reproduced') {
    const repro = checkReproduction(result, p.stored, p.kaggleFiles, tol);
    checks.push(...repro.checks);
    if (repro.outcome !== 'reproduced') return { matches: false, reason: `no longer reproduces Kaggle's outputs: ${repro.detail ?? repro.reason}`, checks };
  }
  return { matches: true, reason: null, checks };
}

/**
 * The limits of a hooked run: the reference run's, or the options'. A prefix that stopped on the
 * time limit spent nearly all of it in the cells it keeps: it gets half as much again, so capture
 * overhead and a busy machine do not turn it into another timeout.
 */
function hookedLimits(ctx: Context, p: Prepared): Partial<Limits> | undefined {
  if (ctx.options.limits) return ctx.options.limits;
  if (p.evidence !== 'prefix' || !p.stopReason?.startsWith('timeout')) return undefined;
  const wallMs = Math.round(p.environment.limits.wallMs * 1.5);
  return { wallMs, cpuSeconds: Math.ceil(wallMs / 1000) + 10 };
}

/** A hooked run stopped by a limit or the sandbox: hooks do not decide that, so bisection would not help. */
class LimitStop extends Error {}

/** Run the program with these hooks in the reference run's environment. */
async function runHooked(ctx: Context, p: Prepared, hooks: HookSpec[]): Promise<{ result: ExecutionResult; matches: boolean; reason: string | null }> {
  const result = await runInstrumented({ program: p.program, cells: p.cells, hooks, final: p.final, environment: p.environment, dataRoot: ctx.options.dataRoot, limits: hookedLimits(ctx, p) });
  const check = checkHooked(ctx, p, result);
  return { result, matches: check.matches, reason: check.reason };
}

async function storeRun(ctx: Context, p: Prepared, purpose: 'hooked' | 'stability', result: ExecutionResult): Promise<string> {
  const executionId = newId('ex');
  const rows = executionRows({ executionId, notebookId: p.proposal.notebook_id, purpose, runId: ctx.options.runId ?? null, result });
  // the checks this run passed or failed, so the corpus shows that the final output still matches
  rows.checks = checkHooked(ctx, p, result).checks.map((c) => ({ execution_id: executionId, target_kind: c.targetKind, target: c.target, matched: c.matched, detail: c.detail }));
  await insertExecution(ctx.corpus, rows);
  await insertCaptures(ctx.corpus, executionId, result.hookCaptures as Record<string, unknown>[]);
  return executionId;
}

async function verifyOne(ctx: Context, proposal: ProposalToVerify): Promise<VerifyResult> {
  const base: Omit<VerifyResult, 'status' | 'reason'> = {
    notebook_id: proposal.notebook_id,
    title: proposal.title,
    proposal_id: proposal.proposal_id,
    proposed: 0,
    verified: 0,
    unstable: 0,
    evidence: (proposal.evidence as Evidence | null) ?? null,
    runs: 0,
    episode_id: null,
    overhead: null,
  };
  const prepared = await prepare(ctx, proposal);
  if (typeof prepared === 'string') {
    await recordVerification(ctx.corpus, { proposal_id: proposal.proposal_id, status: 'failed', reason: prepared }, []);
    return { ...base, status: 'failed', reason: prepared };
  }
  const p = prepared;
  base.proposed = p.rows.length;
  base.evidence = p.evidence;
  const failures = new Map<string, string>();
  let firstFailure: string | null = null;
  let narrowed: Awaited<ReturnType<typeof narrowHooks<ExecutionResult>>>;
  let attempts = 0;
  try {
    narrowed = await narrowHooks(
      p.specs,
      async (hooks) => {
        attempts += 1;
        const r = await runHooked(ctx, p, hooks);
        if (!r.matches) firstFailure ??= r.reason;
        const why = r.result.failure?.reason;
        if (!r.matches && (why === 'timeout' || why === 'memory' || why === 'sandbox_error')) throw new LimitStop(r.reason ?? why);
        return { matches: r.matches, result: r.result };
      },
      ctx.options.maxRuns ?? 16,
    );
  } catch (error) {
    if (!(error instanceof LimitStop)) throw error;
    const reason = `the hooked run stopped on a limit, not narrowed: ${error.message}`.slice(0, 500);
    const rows = p.rows.map((r) => ({ ...r, status: 'rejected' as const, reject_reason: reason, value: null, value_hash: null, value_type: null, is_stable: null, execution_id: null }));
    await recordVerification(ctx.corpus, { proposal_id: proposal.proposal_id, status: 'rejected', reason }, rows);
    return { ...base, runs: attempts, status: 'rejected', reason };
  }
  base.runs = narrowed.runs;
  for (const c of narrowed.culprits) failures.set(c.name, `the final output changed with this hook: ${firstFailure ?? 'differs'}`);
  for (const u of p.unmatched) failures.set(u.row.name, u.reason);
  const rows = p.rows;
  const reject = (reason: string) =>
    rows.map((r) => ({ ...r, status: 'rejected' as const, reject_reason: failures.get(r.name) ?? reason, value: null, value_hash: null, value_type: null, is_stable: null, execution_id: null }));

  if (!narrowed.verifiedRun) {
    const reason = `no subset of the hooks kept the final output: ${firstFailure ?? 'differs'}`;
    await recordVerification(ctx.corpus, { proposal_id: proposal.proposal_id, status: 'rejected', reason }, reject(reason));
    return { ...base, status: 'rejected', reason };
  }
  const verifiedRun = narrowed.verifiedRun;
  const executionId = await storeRun(ctx, p, 'hooked', verifiedRun);
  // A second run of the same hooks with the same fixed seeds: a value that differs between the two
  // (time, uuid, hash order, threads, an unseeded generator) is never a hook.
  const second = await runHooked(ctx, p, narrowed.kept);
  base.runs += 1;
  await storeRun(ctx, p, 'stability', second.result);
  const captures = firstCaptures(verifiedRun.hookCaptures as Capture[]);
  const again = firstCaptures(second.result.hookCaptures as Capture[]);
  const described = narrowed.kept.filter((h) => captures.has(h.name) && !captures.get(h.name)?.error);
  for (const h of narrowed.kept) if (!described.includes(h)) failures.set(h.name, captures.get(h.name)?.error ? `the value could not be described: ${captures.get(h.name)?.error}` : 'never reached in the run');
  const differing = described.filter((h) => again.get(h.name)?.value_hash !== captures.get(h.name)?.value_hash);
  for (const h of differing) {
    failures.set(h.name, again.has(h.name) ? `${NONDETERMINISTIC}: the value differs between two runs with the same seeds` : `${NONDETERMINISTIC}: the second run with the same seeds never reached it`);
  }
  base.unstable = differing.length;
  const keptNames = new Set(described.filter((h) => !differing.includes(h)).map((h) => h.name));
  if (!second.matches) {
    // the outputs themselves changed between two identical runs: no value of this run is a fact
    for (const h of narrowed.kept) if (keptNames.delete(h.name)) failures.set(h.name, `${NONDETERMINISTIC}: a second run with the same seeds gave other outputs: ${second.reason ?? ''}`.slice(0, 500));
  }
  const kept = rewireDependencies(p.specs, narrowed.kept.filter((h) => keptNames.has(h.name)));
  const keptByName = new Map(kept.map((h) => [h.name, h]));
  const updated: HookRow[] = rows.map((r) => {
    const spec = keptByName.get(r.name);
    if (!spec) return { ...r, status: 'rejected', reject_reason: failures.get(r.name) ?? 'dropped while narrowing', value: null, value_hash: null, value_type: null, is_stable: null, execution_id: null };
    const c = captures.get(r.name) as Capture;
    return { ...r, status: 'verified', reject_reason: null, depends_on: spec.dependsOn, value: c.value ?? null, value_hash: c.value_hash ?? null, value_type: c.value_type ?? null, is_stable: true, execution_id: executionId };
  });
  base.verified = kept.length;
  base.overhead = p.referenceWallMs > 0 ? verifiedRun.wallMs / p.referenceWallMs : null;
  const hasFinal = kept.some((h) => h.isFinal);
  const status: VerifyResult['status'] = !hasFinal ? 'partial' : kept.length === p.rows.length ? 'verified' : 'partial';
  const reason = !hasFinal
    ? 'the final output hook was not kept: no episode'
    : kept.length < p.rows.length
      ? `${p.rows.length - kept.length} hook(s) dropped: ${[...failures.values()][0] ?? ''}`
      : null;
  await recordVerification(ctx.corpus, { proposal_id: proposal.proposal_id, status, reason }, updated);
  if (hasFinal) {
    const repairs = await acceptedRepairs(ctx.corpus, p.baseExecutionId);
    const episode = kaggleEpisode({
      proposal,
      program: p.program,
      hooks: kept,
      captures,
      stability: new Map(updated.map((r) => [r.name, r.is_stable ?? null])),
      final: p.final,
      script: p.cells.map((c) => c.source).join('\n\n'),
      executionId,
      repairs,
      runId: ctx.options.runId ?? null,
      evidence: { evidence: p.evidence, evidence_detail: p.evidenceDetail, stop_cell: p.stopCell, stop_reason: p.stopReason },
    });
    const inserted = await insertEpisodes(ctx.corpus, [episode]);
    base.episode_id = inserted[0] ?? episode.episode.episode_id;
  }
  return { ...base, status, reason };
}

export async function verifyProposals(corpus: Corpus, options: VerifyOptions): Promise<VerifySummary> {
  const logger = options.logger ?? silentLogger;
  const ctx: Context = { corpus, options, logger };
  const proposals = (
    await proposalsToVerify(corpus, { competition: options.competition, notebookIds: options.notebookIds, reverify: options.reverify, evidence: options.evidence ?? EVIDENCE_TIERS })
  ).filter(
    (p) => p.status !== 'rejected' || options.reverify,
  );
  options.progress?.setTotal(proposals.length);
  const summary: VerifySummary = { proposals: proposals.length, byStatus: { verified: 0, partial: 0, rejected: 0, failed: 0 }, hooksVerified: 0, episodes: 0, results: [] };
  const limit = pLimit(Math.max(1, options.jobs));
  await Promise.all(
    proposals.map((proposal) =>
      limit(async () => {
        const label = proposal.title ?? proposal.notebook_id;
        options.progress?.status(label);
        let result: VerifyResult;
        try {
          result = await verifyOne(ctx, proposal);
        } catch (error) {
          if (!(error instanceof Error) || /corpus|DuckDB|Appender/i.test(error.message)) throw error;
          // the sandbox could not run this proposal: recorded, the others go on
          const reason = `verification could not run: ${errorMessage(error)}`;
          await recordVerification(corpus, { proposal_id: proposal.proposal_id, status: 'failed', reason }, []);
          result = { notebook_id: proposal.notebook_id, title: proposal.title, proposal_id: proposal.proposal_id, status: 'failed', proposed: 0, verified: 0, unstable: 0, evidence: (proposal.evidence as Evidence | null) ?? null, runs: 0, episode_id: null, reason, overhead: null };
        }
        summary.results.push(result);
        summary.byStatus[result.status] += 1;
        summary.hooksVerified += result.verified;
        if (result.episode_id) summary.episodes += 1;
        if (result.status !== 'verified') {
          options.progress?.clear();
          logger.warn(`${label}: ${result.status}: ${result.reason ?? ''}`.slice(0, 400));
        }
        options.progress?.tick(label);
      }),
    ),
  );
  options.progress?.done();
  summary.results.sort((a, b) => (a.title ?? '').localeCompare(b.title ?? ''));
  return summary;
}
