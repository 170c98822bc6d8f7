// Where a run of a notebook got to, and whether one run got further than another: a repair is
// kept only when its run gets further (reproduces, completes, or fails later in the notebook), so
// a notebook's latest repair run is always its best one.
import type { ExecutionFacts } from '../../corpus/executions.js';
import { failingLocation, lineInCell } from '../../extractors/repairs/llm-patch.js';
import type { Reproduction } from '../execute/reproduce.js';
import type { ExecutionResult } from '../execute/types.js';

export interface RunState {
  /** null for the reference run a session starts from */
  executionId: string | null;
  outcome: 'reproduced' | 'ran' | 'failed';
  reason: string | null;
  detail: string | null;
  completed: boolean;
  /** where the run stopped: the running cell and its line (0 when unknown) */
  failedAt: { cell: number; line: number } | null;
  /** the cell the exception came from (innermost notebook frame; a function defined earlier), for a patch */
  sourceCell: number | null;
  ename: string | null;
  evalue: string | null;
  traceback: string | null;
  /** compared outputs that matched */
  matched: number;
  /** the wall-clock limit the run had, ms */
  wallLimitMs: number | null;
}

export function stateFromRun(executionId: string, result: ExecutionResult, repro: Reproduction): RunState {
  const failedCell = result.error?.cellIndex ?? result.cells.find((c) => c.status === 'error' || c.status === 'timeout')?.cellIndex ?? null;
  const traceback = result.error?.traceback ?? null;
  const completed = result.status === 'completed';
  return {
    executionId,
    outcome: repro.outcome,
    reason: repro.reason,
    detail: repro.detail,
    completed,
    failedAt: completed || failedCell === null ? null : { cell: failedCell, line: lineInCell(traceback, failedCell) ?? result.error?.lineno ?? 0 },
    sourceCell: completed ? null : (failingLocation(traceback)?.cell ?? failedCell),
    ename: result.error?.ename ?? null,
    evalue: result.error?.evalue ?? null,
    traceback: result.error?.traceback ?? null,
    matched: repro.checks.filter((c) => c.matched).length,
    wallLimitMs: result.environment.limits.wallMs,
  };
}

export type StoredRunFacts = ExecutionFacts & { matched?: number };

/** The state of a stored run (the reference run a session starts from). */
export function stateFromStored(row: StoredRunFacts): RunState {
  let wallLimitMs: number | null = null;
  try {
    wallLimitMs = (JSON.parse(row.environment ?? 'null') as { limits?: { wallMs?: number } } | null)?.limits?.wallMs ?? null;
  } catch {
    wallLimitMs = null;
  }
  const outcome = row.outcome === 'reproduced' || row.outcome === 'ran' ? row.outcome : 'failed';
  return {
    executionId: null,
    outcome,
    reason: row.reason,
    detail: row.reason_detail,
    completed: row.status === 'completed',
    failedAt: row.status === 'completed' || row.failed_cell === null ? null : { cell: row.failed_cell, line: lineInCell(row.traceback, row.failed_cell) ?? 0 },
    sourceCell: row.status === 'completed' ? null : (failingLocation(row.traceback)?.cell ?? row.failed_cell),
    ename: row.ename,
    evalue: row.evalue,
    traceback: row.traceback,
    matched: row.matched ?? 0,
    wallLimitMs,
  };
}

/** A sortable measure of how far a run got. */
function progress(s: RunState): number[] {
  if (s.outcome === 'reproduced') return [3, s.matched];
  if (s.completed) return [s.outcome === 'ran' ? 2 : 1, s.matched];
  return [0, s.failedAt?.cell ?? -1, s.failedAt?.line ?? -1];
}

/** -1, 0 or 1: whether `a` got less far, as far, or further than `b`. */
export function compareProgress(a: RunState, b: RunState): number {
  const pa = progress(a);
  const pb = progress(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** One line for a state: `failed (error): cell 4: TypeError: ...`. */
export function describeState(s: RunState): string {
  return `${s.outcome}${s.reason ? ` (${s.reason})` : ''}${s.detail && s.outcome !== 'reproduced' ? `: ${s.detail}` : ''}`;
}
