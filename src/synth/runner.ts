// What the synth stage runs programs through: the warm pool, or (for the benchmark) a fresh
// sandboxed interpreter per job. Both answer a job with the pool's result shape.
import type { PoolJob, PoolResult } from '../sandbox/pool.js';

export interface JobRunner {
  run(job: PoolJob): Promise<PoolResult>;
  /** jobs it runs at once */
  readonly size: number;
}

/** Why a job failed, as the execute stage's reasons (executions.reason) and a detail. */
export function failureOf(result: PoolResult): { reason: string; detail: string } {
  const e = result.error;
  const text = e ? `${e.ename}: ${e.evalue}`.slice(0, 500) : 'the job did not finish';
  if (result.timedOut || e?.ename === 'TimeoutError') return { reason: 'timeout', detail: text };
  if (e?.ename === 'MemoryError') return { reason: 'memory', detail: text };
  if (e?.ename === 'ModuleNotFoundError') return { reason: 'missing_module', detail: text };
  if (e?.ename === 'FileNotFoundError') return { reason: 'missing_file', detail: text };
  if (e?.ename === 'PoolServerDied' || e?.ename === 'PoolClosed' || e?.ename === 'QueueError') return { reason: 'sandbox_error', detail: text };
  if (e?.ename === 'SandboxViolation') return { reason: 'sandbox_violation', detail: text };
  if (e?.ename === 'DataMissing') return { reason: 'data_missing', detail: text };
  return { reason: 'error', detail: text };
}
