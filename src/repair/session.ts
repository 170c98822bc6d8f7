// One notebook's repair session: the rules applied to its source, a run of the repaired code
// checked against what Kaggle recorded, then (with an LLM configured) patches of the failing cell,
// each run and kept only when it gets further, then (for a run that completes and differs) the
// changed scikit-learn defaults pinned to their old values, kept only when that run reproduces.
// Every run is stored (`repair` when kept,
// `repair_attempt` when not), each with the row patches its code rests on; a repair is accepted
// only when its run reproduces Kaggle's recorded outputs.
import { join, resolve } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import { kaggleOutputFiles, storedCells } from '../../corpus/executions.js';
import { mismatchedChecks, runOutputs, type RepairCandidate, type RepairRow, type RepairSessionRow, type StoredRun } from '../../corpus/repairs.js';
import { notebookToScript } from '../../extractors/notebook-script.js';
import type { PythonParser } from '../../extractors/python/parser.js';
import { importStatements } from '../../extractors/repairs/imports.js';
import { applyRowPatch, type RowPatch } from '../../extractors/repairs/patch.js';
import { cellView } from '../../extractors/repairs/cell-view.js';
import { applyRules, BEHAVIOUR_RULES, REPAIR_RULES, type RepairCell } from '../../extractors/repairs/registry.js';
import type { RepairRule } from '../../extractors/repairs/types.js';
import type { Tolerance } from '../compare/tolerance.js';
import { errorMessage } from '../errors.js';
import { newExecutionId, parseOutputs, readKaggleFiles, sandboxFailure } from '../execute/execute.js';
import { dataFileNames } from '../execute/job.js';
import { checkReproduction, type KaggleFile, type StoredCell } from '../execute/reproduce.js';
import { executionRows } from '../execute/rows.js';
import { runCells } from '../execute/run-cells.js';
import type { ExecutionResult } from '../execute/types.js';
import type { LlmClient } from '../llm/client.js';
import type { Logger } from '../log.js';
import type { Limits, Sandbox } from '../sandbox/index.js';
import type { Introspector } from './facts.js';
import { askForPatch, type PreviousAttempt } from './llm-repair.js';
import { llmRow, newId, repairRow, storedRunOutputs, type Applied } from './records.js';
import { rulePass } from './rule-pass.js';
import { compareProgress, describeState, stateFromRun, stateFromStored, type RunState } from './run-state.js';
import { describeSeedCheck, onlyRandomDifferences, outputsOfRun, seedCheck, type SeedCheck } from './seed-check.js';

/** Runs shorter than this are not started: the notebook's budget is spent. */
const MIN_RUN_MS = 10_000;
const DID_NOT_GET_FURTHER = 'discarded (did not get further)';
const OLD_DEFAULTS_REJECTED = 'rejected (old defaults must reproduce Kaggle\'s record to be kept)';
/** Failures a patch of the failing cell can fix (not a limit, the sandbox, or a package that is not installed). */
const PATCHABLE = new Set(['error', 'python2_syntax', 'missing_file']);

function patchable(s: RunState): boolean {
  if (s.completed || s.reason === null) return false;
  if (PATCHABLE.has(s.reason)) return true;
  // `sklearn.cross_validation` is an API that moved inside an installed package; `lightgbm` is not installed
  return s.reason === 'missing_module' && /^[\w]+\.[\w.]+ \(cell/.test(s.detail ?? '');
}

export interface SessionContext {
  corpus: Corpus;
  parser: PythonParser;
  introspector: Introspector;
  sandbox: Sandbox;
  dataRoot: string;
  /** limits of each run (wallMs: the per-run timeout) */
  limits: Partial<Limits> & { wallMs: number };
  /** the notebook's whole time budget: every run of its session together */
  budgetMs: number;
  tolerance: Tolerance;
  llm: LlmClient | null;
  llmAttempts: number;
  rules?: readonly RepairRule[];
  /** rules that change what the code computes (old defaults): a second attempt, kept only when it reproduces */
  behaviourRules?: readonly RepairRule[];
  runId: string | null;
  logger: Logger;
  /** what the session is doing now, for the progress line */
  onStatus?: (text: string) => void;
}

interface Tried {
  executionId: string;
  result: ExecutionResult;
  state: RunState;
  repro: ReturnType<typeof checkReproduction>;
}

export interface SessionOutcome {
  row: RepairSessionRow;
  /** the best run completed and differs from Kaggle's record only in outputs that change with the seed */
  onlyRandomDifferences: boolean;
  /** the old-defaults attempt: its run reproduced (kept), did not (rejected), or none was made */
  oldDefaults: 'kept' | 'rejected' | null;
  runs: StoredRun[];
  repairs: RepairRow[];
}

function patchCells(cells: readonly RepairCell[], patch: RowPatch): RepairCell[] {
  return cells.map((c) => (c.cellIndex === patch.cellIndex ? { ...c, source: applyRowPatch(c.source, patch) } : c));
}

export async function repairNotebook(ctx: SessionContext, nb: RepairCandidate): Promise<SessionOutcome> {
  const started = new Date();
  const t0 = Date.now();
  const stored = await storedCells(ctx.corpus, nb.notebook_id);
  const original: RepairCell[] = stored.map((c) => ({ cellIndex: c.cell_index, cellType: c.cell_type, source: c.source }));
  const storedForCheck: StoredCell[] = stored.filter((c) => c.cell_type === 'code').map((c) => ({ cellIndex: c.cell_index, executionCount: c.execution_count, outputs: parseOutputs(c.outputs) }));
  const kaggleFiles: KaggleFile[] = readKaggleFiles(await kaggleOutputFiles(ctx.corpus, nb.notebook_id), ctx.logger);
  const dataDir = resolve(join(ctx.dataRoot, nb.competition));
  const layout = { competition: nb.competition, dataFiles: dataFileNames(dataDir) };
  const before = stateFromStored(nb);
  let seed = 0;
  try {
    seed = (JSON.parse(nb.environment ?? 'null') as { seed?: number } | null)?.seed ?? 0;
  } catch {
    seed = 0;
  }

  // 1. the rules
  ctx.onStatus?.('rules');
  let ruleOutcome;
  try {
    ruleOutcome = await rulePass(ctx.parser, ctx.introspector, original, layout, ctx.rules);
  } catch (error) {
    // Introspection failed (a broken interpreter): the rules that need no library facts still apply.
    ctx.logger.warn(`${nb.notebook_id}: ${errorMessage(error)}; rules that need library facts are skipped`);
    ruleOutcome = applyRules(ctx.parser, original, { facts: ctx.introspector.facts(), competition: layout.competition, dataFiles: layout.dataFiles, rules: ctx.rules ?? REPAIR_RULES });
  }
  let cells = ruleOutcome.cells;
  /** the rules the best run rests on (the old-defaults rule joins only when its run reproduced) */
  const ruleNames = ruleOutcome.repairs.map((r) => r.rule);
  let applied: Applied[] = ruleOutcome.repairs.map((r) => ({ method: 'rule', rule: r.rule, attempt: null, detail: r.detail, patch: r }));

  const runs: StoredRun[] = [];
  const repairs: RepairRow[] = [];
  let best: RunState = before;
  /** the best run when it is one of this session's (its outputs are in memory) */
  let bestRun: Tried | null = null;
  let runCount = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  let llmAttempts = 0;

  const remaining = () => ctx.budgetMs - (Date.now() - t0);
  const run = async (runCellsOf: readonly RepairCell[], label: string, runSeed = seed): Promise<Tried | null> => {
    const wallMs = Math.min(ctx.limits.wallMs, remaining());
    if (wallMs < MIN_RUN_MS) return null;
    ctx.onStatus?.(label);
    const script = notebookToScript(runCellsOf, layout);
    const limits = { ...ctx.limits, wallMs };
    let result: ExecutionResult;
    try {
      result = await runCells({ sandbox: ctx.sandbox, cells: script.cells, competition: nb.competition, dataDir, flatInput: script.flatInput, limits, seed: runSeed, deviations: script.deviations, python2: script.python2 });
    } catch (error) {
      result = sandboxFailure(script.script, errorMessage(error), { sandbox: ctx.sandbox, limits });
    }
    runCount++;
    const repro = checkReproduction(result, storedForCheck, kaggleFiles, ctx.tolerance);
    const executionId = newExecutionId();
    return { executionId, result, repro, state: stateFromRun(executionId, result, repro) };
  };
  // runs that did not get further than the best state: the session's detail names them, else a
  // repaired run that timed out would read as the original error
  const discarded: string[] = [];
  const record = (tried: Tried, kept: boolean, patches: readonly Applied[], dropped = DID_NOT_GET_FURTHER) => {
    if (!kept && dropped === DID_NOT_GET_FURTHER) discarded.push(describeState(tried.state));
    runs.push(executionRows({ executionId: tried.executionId, notebookId: nb.notebook_id, purpose: kept ? 'repair' : 'repair_attempt', runId: ctx.runId, result: tried.result, reproduction: tried.repro }));
    const accepted = tried.state.outcome === 'reproduced';
    const reason = accepted ? null : `${kept ? '' : `${dropped}: `}${describeState(tried.state)}`.slice(0, 1000);
    patches.forEach((a, seq) => repairs.push(repairRow(nb.notebook_id, tried.executionId, a, seq, accepted, reason, ctx.runId)));
  };

  // 2. the run of the rule-repaired code (or, for a timeout, the same code with more time)
  const longerTime = before.reason === 'timeout' && before.wallLimitMs !== null && Math.min(ctx.limits.wallMs, ctx.budgetMs) > before.wallLimitMs;
  if (applied.length > 0 || longerTime) {
    const tried = await run(cells, applied.length > 0 ? `run with ${applied.length} rule repair(s)` : 'run with a longer time limit');
    if (tried) {
      // rules only rewrite code that cannot run here: their run is kept unless it got less far
      const kept = compareProgress(tried.state, before) >= 0;
      record(tried, kept, applied);
      if (kept) {
        best = tried.state;
        bestRun = tried;
      } else {
        cells = original;
        applied = [];
      }
    }
  }

  // 3. the LLM loop on the failing cell
  const history = new Map<number, PreviousAttempt[]>();
  while (ctx.llm && llmAttempts < ctx.llmAttempts && patchable(best) && remaining() >= MIN_RUN_MS) {
    const failing = best.sourceCell ?? best.failedAt?.cell;
    const cell = cells.find((c) => c.cellIndex === failing);
    if (failing === undefined || !cell) break;
    llmAttempts++;
    ctx.onStatus?.(`LLM attempt ${llmAttempts} on cell ${failing}`);
    const previous = history.get(failing) ?? [];
    const earlierTrees = cells.filter((c) => c.cellType === 'code' && c.cellIndex <= failing).map((c) => cellView(c.cellIndex, c.source)).filter((v) => !v.skip).map((v) => ctx.parser.parse(v.view));
    const imports = importStatements(earlierTrees.map((t) => t.rootNode));
    for (const t of earlierTrees) t.delete();
    let attempt;
    try {
      attempt = await askForPatch(ctx.llm, ctx.parser, { cellIndex: failing, source: cell.source, ename: best.ename, evalue: best.evalue, traceback: best.traceback, libraries: ctx.sandbox.probe.libraries, imports, previous });
    } catch (error) {
      ctx.logger.warn(`${nb.notebook_id}: LLM repair stopped: ${errorMessage(error)}`);
      repairs.push({ ...llmRow(nb.notebook_id, ctx.llm.model, llmAttempts, failing, applied.length, ctx.runId), reason: `LLM request failed: ${errorMessage(error)}`.slice(0, 1000) });
      break;
    }
    tokensIn += attempt.tokensIn;
    tokensOut += attempt.tokensOut;
    if (!attempt.ok) {
      repairs.push({ ...llmRow(nb.notebook_id, ctx.llm.model, llmAttempts, failing, applied.length, ctx.runId), after: attempt.answer, reason: `patch refused: ${attempt.reason}`.slice(0, 1000) });
      history.set(failing, [...previous, { patch: null, result: `refused: ${attempt.reason}` }]);
      continue;
    }
    const patched = patchCells(cells, attempt.patch);
    const llmApplied: Applied = { method: 'llm', rule: ctx.llm.model, attempt: llmAttempts, detail: attempt.explanation || null, patch: attempt.patch };
    const tried = await run(patched, `run of LLM attempt ${llmAttempts}`);
    if (!tried) break;
    const kept = compareProgress(tried.state, best) > 0;
    record(tried, kept, [...applied, llmApplied]);
    history.set(failing, [...previous, { patch: attempt.patch, result: describeState(tried.state) }]);
    if (kept) {
      best = tried.state;
      bestRun = tried;
      cells = patched;
      applied = [...applied, llmApplied];
    }
  }

  // 4. a run that completes and differs may compute what the notebook's older libraries computed:
  // the changed defaults pinned to their old values, kept only when the run then reproduces
  let oldDefaults: string | null = null;
  let oldDefaultsOutcome: SessionOutcome['oldDefaults'] = null;
  if (best.completed && best.reason === 'output_mismatch' && remaining() >= MIN_RUN_MS) {
    const base = bestRun ? cells : original;
    const baseApplied = bestRun ? applied : [];
    let pinned: Awaited<ReturnType<typeof rulePass>> | null = null;
    try {
      pinned = await rulePass(ctx.parser, ctx.introspector, base, layout, ctx.behaviourRules ?? BEHAVIOUR_RULES);
    } catch (error) {
      ctx.logger.warn(`${nb.notebook_id}: ${errorMessage(error)}; old defaults not tried`);
    }
    if (pinned && pinned.repairs.length > 0) {
      const pins: Applied[] = pinned.repairs.map((r) => ({ method: 'rule', rule: r.rule, attempt: null, detail: r.detail, patch: r }));
      const tried = await run(pinned.cells, `run with ${pins.length} old default(s) pinned`);
      if (tried) {
        const kept = tried.state.outcome === 'reproduced';
        oldDefaultsOutcome = kept ? 'kept' : 'rejected';
        record(tried, kept, [...baseApplied, ...pins], OLD_DEFAULTS_REJECTED);
        const names = [...new Set(pins.map((p) => p.rule))].join(', ');
        if (kept) {
          best = tried.state;
          bestRun = tried;
          cells = pinned.cells;
          applied = [...baseApplied, ...pins];
          ruleNames.push(...pins.map((p) => p.rule));
          oldDefaults = `reproduced with old defaults pinned (${names}: ${pins.length} call(s))`;
        } else {
          oldDefaults = `old defaults pinned (${names}: ${pins.length} call(s)) and rejected: ${describeState(tried.state)}`;
        }
      }
    }
  }

  // 5. a completed run that does not reproduce: which of its differences come from randomness
  let seeds: SeedCheck | null = null;
  if (best.completed && best.reason === 'output_mismatch' && remaining() >= MIN_RUN_MS) {
    const runCellsNow = bestRun ? cells : original;
    const rerun = await run(runCellsNow, 'run again with another seed (which outputs are random)', seed + 1);
    if (rerun) {
      runs.push(executionRows({ executionId: rerun.executionId, notebookId: nb.notebook_id, purpose: 'stability', runId: ctx.runId, result: rerun.result, reproduction: rerun.repro }));
      const own = bestRun ? outputsOfRun(bestRun.result) : storedRunOutputs(await runOutputs(ctx.corpus, nb.execution_id));
      const mismatches = bestRun ? bestRun.repro.checks.filter((c) => !c.matched) : await mismatchedChecks(ctx.corpus, nb.execution_id);
      if (rerun.result.status === 'completed') seeds = seedCheck(own, rerun.result, mismatches, ctx.tolerance);
    }
  }

  const tried = runCount > 0 || llmAttempts > 0;
  const rules = [...new Set(ruleNames)];
  const row: RepairSessionRow = {
    session_id: newId('rs'),
    notebook_id: nb.notebook_id,
    run_id: ctx.runId,
    base_execution_id: nb.execution_id,
    execution_id: best.executionId,
    before_outcome: before.outcome,
    before_reason: before.reason,
    before_detail: before.detail,
    after_outcome: best.outcome,
    after_reason: best.reason,
    after_detail: tried
      ? [best.detail, oldDefaults, seeds ? describeSeedCheck(seeds) : null, discarded.length ? `discarded repaired run${discarded.length > 1 ? 's' : ''} (did not get further): ${discarded.join('; ')}` : null]
          .filter(Boolean)
          .join('; ')
          .slice(0, 2000) : skipReason(before, ruleOutcome.repairs.length, ctx, remaining()),
    status: tried ? best.outcome : 'skipped',
    rules,
    seed_dependent: seeds ? seeds.seedDependent : null,
    rule_repairs: ruleOutcome.repairs.length,
    llm_attempts: llmAttempts,
    runs: runCount,
    tokens_in: ctx.llm ? tokensIn : null,
    tokens_out: ctx.llm ? tokensOut : null,
    budget_ms: ctx.budgetMs,
    wall_ms: Date.now() - t0,
    started_at: started,
    finished_at: new Date(),
  };
  return { row, runs, repairs, onlyRandomDifferences: seeds !== null && onlyRandomDifferences(seeds), oldDefaults: oldDefaultsOutcome };
}

function skipReason(before: RunState, ruleRepairs: number, ctx: SessionContext, remainingMs: number): string {
  if (ruleRepairs > 0 && remainingMs < MIN_RUN_MS) return 'the time budget was spent before the repaired code could run';
  const what = `${before.reason ?? before.outcome}${before.detail ? `: ${before.detail}` : ''}`;
  if (before.reason === 'missing_module' && !patchable(before)) return `no rule applies; ${what} (a module that is not installed here is not replaced)`;
  if (before.reason === 'timeout') return `no rule applies; ${what} (give more time with --timeout and --budget)`;
  if (!ctx.llm && patchable(before)) return `no rule applies and no LLM server is configured; ${what}`;
  return `no rule applies; ${what}`.slice(0, 1000);
}
