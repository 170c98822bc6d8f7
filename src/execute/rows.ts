// An ExecutionResult and its reproduction check -> the corpus rows (executions, execution_cells,
// execution_files, output_checks). Every stage that stores a run uses this mapping.
import { createHash } from 'node:crypto';
import type { ExecutionCellRow, ExecutionFileRow, ExecutionRow, OutputCheckRow } from '../../corpus/executions.js';
import type { Reproduction } from './reproduce.js';
import type { ExecutionResult } from './types.js';

/** Text for a VARCHAR column: lone surrogates (undecodable bytes a program printed) replaced. */
function text(value: string): string;
function text(value: string | null): string | null;
function text(value: string | null): string | null {
  return value === null ? null : value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Output files up to this size are stored whole in execution_files.content. */
export const FILE_CONTENT_LIMIT = 4 * 1024 * 1024;

export function scriptSha256(script: string): string {
  return createHash('sha256').update(script).digest('hex');
}

export interface RowsInput {
  executionId: string;
  notebookId: string | null;
  /** reference | hooked | stability | repair | mutation | template */
  purpose: string;
  runId: string | null;
  result: ExecutionResult;
  /** absent for runs that are not checked against Kaggle (templates, mutants) */
  reproduction?: Reproduction;
}

export function executionRows(input: RowsInput): { execution: ExecutionRow; cells: ExecutionCellRow[]; files: ExecutionFileRow[]; checks: OutputCheckRow[] } {
  const { result, reproduction: repro, executionId } = input;
  const failedCell = result.error?.cellIndex ?? result.cells.find((c) => c.status === 'timeout' || c.status === 'error')?.cellIndex ?? null;
  const outcome = repro?.outcome ?? (result.status === 'completed' ? 'ran' : 'failed');
  const execution: ExecutionRow = {
    execution_id: executionId,
    notebook_id: input.notebookId,
    purpose: input.purpose,
    run_id: input.runId,
    sandbox: result.environment.executor,
    image: result.environment.image,
    script_sha256: scriptSha256(result.script),
    script: text(result.script),
    status: result.status,
    outcome,
    reason: repro ? repro.reason : (result.failure?.reason ?? null),
    reason_detail: text(repro ? repro.detail : (result.failure?.detail ?? null)),
    failed_cell: result.status === 'failed' ? failedCell : null,
    ename: result.error?.ename ?? null,
    evalue: text(result.error?.evalue ?? null),
    traceback: text(result.error?.traceback ?? null),
    exit_code: result.exitCode,
    signal: result.signal,
    stdout: text(result.stdout),
    stdout_bytes: result.stdoutBytes,
    stderr: text(result.stderr),
    stderr_bytes: result.stderrBytes,
    wall_ms: result.wallMs,
    cpu_ms: result.cpuMs,
    peak_rss_kb: result.peakRssKb,
    environment: result.environment,
    deviations: result.deviations,
    comparison: repro ? { outcome: repro.outcome, detail: repro.detail, ...repro.summary } : null,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
  };
  const cells: ExecutionCellRow[] = result.cells.map((c) => ({
    execution_id: executionId,
    cell_index: c.cellIndex,
    status: c.status,
    duration_ms: c.durationMs,
    stdout: text(c.stdout),
    stdout_bytes: c.stdoutBytes,
    stderr: text(c.stderr),
    display: c.display,
    ename: c.ename,
    evalue: text(c.evalue),
  }));
  const files: ExecutionFileRow[] = result.files.map((f) => ({
    execution_id: executionId,
    path: f.path,
    size_bytes: f.sizeBytes,
    sha256: f.sha256,
    csv_columns: f.csv?.columns ?? null,
    csv_rows: f.csv?.rows ?? null,
    preview: text(f.preview),
    content: f.content !== undefined && f.content.length <= FILE_CONTENT_LIMIT ? f.content : null,
  }));
  const checks: OutputCheckRow[] = (repro?.checks ?? []).map((c) => ({ execution_id: executionId, target_kind: c.targetKind, target: c.target, matched: c.matched, detail: text(c.detail) }));
  return { execution, cells, files, checks };
}
