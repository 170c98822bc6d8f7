// What travels through Redis: a job is a run's inputs (cells, competition slug, limits, seed, the
// non-secret extra environment), never a host path, a credential or an open handle; a result is the
// ExecutionResult with its Buffers and Dates made JSON, file contents bounded. The job id is a hash
// of the inputs, so enqueueing the same run again is a no-op (BullMQ dedupes by jobId).
import { createHash } from 'node:crypto';
import type { Deviation, Python2Finding } from '../../extractors/notebook-script.js';
import { UsageError } from '../errors.js';
import type { ExecutionResult, OutputFile, RunCell, RunRequest } from '../execute/types.js';
import { checkExtraEnv, limitsFor, SANDBOX_PATHS, type Limits } from '../sandbox/index.js';
import type { PoolJob, PoolOptions, PoolResult } from '../sandbox/pool.js';
import { runtimeDigest } from '../sandbox/runtime-files.js';

export interface CellsJob {
  kind: 'cells';
  /** the coordinator's runtime digest: part of the id, so another hookmine version is another run */
  runtime: string;
  cells: RunCell[];
  competition: string | null;
  flatInput: boolean;
  limits: Limits;
  seed: number;
  env: Record<string, string>;
  deviations: Deviation[];
  python2: Python2Finding[];
  keepBytes?: number;
  maxFileContentBytes?: number;
  maxHookCaptures?: number;
}

/** A warm-pool job (synth's template programs, label's synthetic episodes) and the pool it needs. */
export interface PoolQueueJob {
  kind: 'pool';
  runtime: string;
  job: PoolJob;
  /** read-only mounts: `dataRoot` is relative to the worker's data root, `path` a path every machine shares */
  mounts: { sandbox: string; dataRoot?: string; path?: string }[];
  limits: Partial<Limits>;
  preload: string[];
}

export type QueueJob = CellsJob | PoolQueueJob;

/** A pool's mounts as workers see them: the data root (/kaggle/input...) is each worker's own. */
export function poolJob(job: PoolJob, options: PoolOptions): PoolQueueJob {
  checkExtraEnv({ ...options.env, ...job.env });
  if (options.env && Object.keys(options.env).length > 0) throw new UsageError('a warm pool with its own environment cannot go through the queue');
  const mounts = (options.mounts ?? []).map((m) => {
    if (m.sandbox === SANDBOX_PATHS.input) return { sandbox: m.sandbox, dataRoot: '' };
    if (m.sandbox.startsWith(`${SANDBOX_PATHS.input}/`)) return { sandbox: m.sandbox, dataRoot: m.sandbox.slice(SANDBOX_PATHS.input.length + 1) };
    return { sandbox: m.sandbox, path: m.host };
  });
  return {
    kind: 'pool',
    runtime: runtimeDigest(),
    job: { code: job.code, ...(job.timeoutMs !== undefined ? { timeoutMs: job.timeoutMs } : {}), ...(job.cwd ? { cwd: job.cwd } : {}), ...(job.env ? { env: job.env } : {}), ...(job.memoryMb !== undefined ? { memoryMb: job.memoryMb } : {}), ...(job.seed !== undefined ? { seed: job.seed } : {}) },
    mounts,
    limits: options.limits ?? {},
    preload: options.preload ?? ['numpy', 'pandas', 'sklearn'],
  };
}

/** A pool result for a job that never ran (the queue, or the worker, could not run it). */
export function poolFailure(ename: string, evalue: string): PoolResult {
  return { ok: false, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, error: { ename, evalue, traceback: '' }, hookCaptures: [], hookCapturesTruncated: false, durationMs: 0, timedOut: false, outputLimited: false };
}

/** The bytes of output files a result carries at most (all files together); larger ones keep their sha256. */
export const MAX_RESULT_FILE_BYTES = 64 * 1024 * 1024;

export function cellsJob(request: RunRequest): CellsJob {
  if (request.mounts && request.mounts.length > 0) {
    throw new UsageError('a run with extra host mounts cannot go through the queue (workers see only their own data root)');
  }
  const env = request.env ?? {};
  checkExtraEnv(env); // credential-looking names never enter a payload
  return {
    kind: 'cells',
    runtime: runtimeDigest(),
    cells: request.cells.map((c) => ({ cellIndex: c.cellIndex, code: c.code, ...(c.capture ? { capture: c.capture } : {}) })),
    competition: request.competition ?? null,
    flatInput: request.flatInput ?? false,
    limits: limitsFor(request.limits ?? {}),
    seed: request.seed ?? 0,
    env,
    deviations: request.deviations ?? [],
    python2: request.python2 ?? [],
    ...(request.keepBytes !== undefined ? { keepBytes: request.keepBytes } : {}),
    ...(request.maxFileContentBytes !== undefined ? { maxFileContentBytes: request.maxFileContentBytes } : {}),
    ...(request.maxHookCaptures !== undefined ? { maxHookCaptures: request.maxHookCaptures } : {}),
  };
}

/** Stable JSON: object keys sorted, so equal inputs give equal text whatever built them. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The job id: a hash of the run's inputs (BullMQ ids may not contain ':'). */
export function jobIdOf(job: QueueJob): string {
  return `run-${createHash('sha256').update(stable(job)).digest('hex').slice(0, 40)}`;
}

/** The request a worker runs: the job, with the data folder of its own data root. */
export function requestOf(job: CellsJob, dataDir: string | null): Omit<RunRequest, 'sandbox'> {
  return {
    cells: job.cells,
    competition: job.competition,
    dataDir,
    flatInput: job.flatInput,
    limits: job.limits,
    seed: job.seed,
    env: job.env,
    deviations: job.deviations,
    python2: job.python2,
    keepBytes: job.keepBytes,
    maxFileContentBytes: job.maxFileContentBytes,
    maxHookCaptures: job.maxHookCaptures,
  };
}

type WireFile = Omit<OutputFile, 'content'> & { content?: string };
export type WireResult = Omit<ExecutionResult, 'files' | 'startedAt' | 'finishedAt'> & { files: WireFile[]; startedAt: string; finishedAt: string };

/** What a worker returns: the result and who ran it. */
export interface JobAnswer {
  worker: string;
  /** time the worker spent on the job, ms */
  ms?: number;
  /** a WireResult for a cells job, a PoolResult for a pool job */
  result: WireResult | PoolResult;
}

export function toWire(result: ExecutionResult, maxFileBytes = MAX_RESULT_FILE_BYTES): WireResult {
  let budget = maxFileBytes;
  const files = result.files.map((f) => {
    const { content, ...rest } = f;
    if (!content || content.length > budget) return rest;
    budget -= content.length;
    return { ...rest, content: content.toString('base64') };
  });
  return { ...result, files, startedAt: result.startedAt.toISOString(), finishedAt: result.finishedAt.toISOString() };
}

export function fromWire(wire: WireResult): ExecutionResult {
  return {
    ...wire,
    files: wire.files.map((f) => {
      const { content, ...rest } = f;
      return content === undefined ? rest : { ...rest, content: Buffer.from(content, 'base64') };
    }),
    startedAt: new Date(wire.startedAt),
    finishedAt: new Date(wire.finishedAt),
  };
}
