// Corpus rows of template runs: an executions row (purpose 'template', sandbox 'pool') for the
// gold run of each stored episode and for every failed run, and the gold run's hook captures.
import { createHash } from 'node:crypto';
import type { ExecutionRow } from '../../corpus/executions.js';
import type { HookCaptureRow } from '../../corpus/synth.js';
import type { Capture } from '../../extractors/hooks/steps.js';
import type { PoolResult } from '../sandbox/pool.js';
import { runtimeDigest } from '../sandbox/runtime-files.js';

const KEEP = 4000;

export function executionId(...parts: string[]): string {
  return `tx_${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 20)}`;
}

export interface RunFacts {
  executionId: string;
  runId: string | null;
  script: string;
  result: PoolResult | undefined;
  /** what was run: template, variant, seed, tables (or the profiled table) */
  about: Record<string, unknown>;
  python: string;
  seed: number;
  limits: { timeoutMs: number; memoryMb: number };
  confirmed: boolean;
  reason?: string;
  detail?: string;
  second?: PoolResult;
  finishedAt?: Date;
}

export function executionRow(f: RunFacts): ExecutionRow {
  const r = f.result;
  const finished = f.finishedAt ?? new Date();
  const wall = r?.durationMs ?? 0;
  return {
    execution_id: f.executionId,
    notebook_id: null,
    purpose: 'template',
    run_id: f.runId,
    sandbox: 'pool',
    image: null,
    script_sha256: createHash('sha256').update(f.script).digest('hex'),
    script: f.script,
    status: r?.ok ? 'completed' : 'failed',
    outcome: f.confirmed ? 'reproduced' : r?.ok ? 'ran' : 'failed',
    reason: f.confirmed ? null : (f.reason ?? 'error'),
    reason_detail: f.confirmed ? null : (f.detail ?? null),
    failed_cell: null,
    ename: r?.error?.ename ?? null,
    evalue: r?.error?.evalue ?? null,
    traceback: r?.error?.traceback ?? null,
    exit_code: null,
    signal: null,
    stdout: (r?.stdout ?? '').slice(0, KEEP),
    stdout_bytes: r?.stdoutBytes ?? 0,
    stderr: (r?.stderr ?? '').slice(0, KEEP),
    stderr_bytes: r?.stderrBytes ?? 0,
    wall_ms: wall,
    cpu_ms: null,
    peak_rss_kb: null,
    environment: { executor: 'pool', python: f.python, seed: f.seed, limits: f.limits, runtime_sha256: runtimeDigest(), ...f.about },
    deviations: [],
    comparison: { second_run: f.second ? { seed: f.seed + 1, ok: f.second.ok, duration_ms: f.second.durationMs } : null, confirmed: f.confirmed, detail: f.detail ?? null },
    started_at: new Date(finished.getTime() - wall),
    finished_at: finished,
  };
}

export function captureRows(executionIdValue: string, captures: readonly Capture[]): HookCaptureRow[] {
  return captures.map((c) => ({
    execution_id: executionIdValue,
    seq: c.seq,
    name: c.name,
    variable_name: c.variable_name ?? null,
    value_hash: c.value_hash ?? null,
    value: c.value ?? null,
    value_type: c.value_type ?? null,
    cell_index: c.cell_index ?? null,
    line: c.line ?? null,
    elapsed_us: c.elapsed_us ?? null,
  }));
}
