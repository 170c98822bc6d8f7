// `hookmine worker`: take runs from the queue, run each in this machine's sandbox with the same
// code the in-process path uses (runCellsHere), and answer with the result. A worker reads only
// its own data root (<data-root>/<slug>/) and never the corpus; it holds no credentials (a job
// carries none, and the sandbox environment is built from nothing).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { joinScript } from '../../extractors/notebook-script.js';
import { notRunResult } from '../execute/not-run.js';
import { runCellsHere } from '../execute/run-cells.js';
import type { ExecutionResult } from '../execute/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { Sandbox } from '../sandbox/index.js';
import { checkQueue, parseQueueUrl, QUEUE_NAME } from './connection.js';
import { WarmPool, type PoolResult } from '../sandbox/pool.js';
import { poolFailure, requestOf, toWire, type CellsJob, type JobAnswer, type PoolQueueJob, type QueueJob } from './payload.js';

export interface WorkerOptions {
  url: string;
  sandbox: Sandbox;
  dataRoot: string;
  /** runs at once */
  jobs: number;
  /** shown in the coordinator's summary (default host:pid) */
  name?: string;
  /** how long a run's lock lasts without renewal: a worker silent this long is presumed dead */
  lockMs: number;
  logger?: Logger;
  /** interpreter of the warm pools (pool jobs) */
  python: string;
  /** after each answered run */
  onRun?: (line: string) => void;
}

/** Warm pools kept at once: each holds `jobs` interpreters with pandas loaded. */
const MAX_POOLS = 2;

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The result of a run whose competition data this worker lacks: stored, not retried. */
export function dataMissingResult(job: CellsJob, sandbox: Sandbox, worker: string, dataRoot: string): ExecutionResult {
  const slug = job.competition ?? '';
  return notRunResult({
    failure: { reason: 'data_missing', detail: `worker ${worker} has no data for competition ${slug} (no folder ${join(dataRoot, slug)}; fetch it with \`hookmine crawl --competition ${slug}\` or mount the shared data root)` },
    sandbox,
    limits: job.limits,
    script: joinScript(job.cells),
    seed: job.seed,
    layout: { competition: job.competition, dataDir: null, input: null, working: '/kaggle/working', flatInput: job.flatInput },
    deviations: job.deviations,
  });
}

export interface RunningWorker {
  name: string;
  /** stop taking jobs, let the running ones finish, disconnect */
  close(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const connection = parseQueueUrl(options.url);
  await checkQueue(connection);
  const logger = options.logger ?? silentLogger;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const dataRoot = resolve(options.dataRoot);
  // Warm pools by their mounts, limits and modules; the oldest is closed past MAX_POOLS.
  const pools = new Map<string, Promise<WarmPool>>();
  const poolFor = (data: PoolQueueJob, mounts: { host: string; sandbox: string }[]): Promise<WarmPool> => {
    const key = JSON.stringify([mounts, data.limits, data.preload]);
    let pool = pools.get(key);
    if (!pool) {
      pool = WarmPool.start({ mounts, size: options.jobs, limits: data.limits, preload: data.preload, python: options.python });
      pool.catch(() => pools.delete(key));
      pools.set(key, pool);
      for (const [k, p] of pools) {
        if (pools.size <= MAX_POOLS) break;
        pools.delete(k);
        void p.then((x) => x.close(), () => undefined);
      }
    }
    return pool;
  };
  const runPoolJob = async (job: Job, data: PoolQueueJob): Promise<JobAnswer> => {
    const started = performance.now();
    const mounts = data.mounts.map((m) => ({ host: m.path ?? join(dataRoot, m.dataRoot ?? ''), sandbox: m.sandbox }));
    const absent = mounts.find((m) => !existsSync(m.host));
    let result: PoolResult;
    if (absent) {
      result = poolFailure('DataMissing', `worker ${name} has no ${absent.host} (for ${absent.sandbox}): fetch the data there or mount the shared data root`);
    } else {
      try {
        result = await (await poolFor(data, mounts)).run(data.job);
      } catch (error) {
        result = poolFailure('PoolServerDied', `worker ${name} could not start its warm pool: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    options.onRun?.(`${job.id ?? '?'} ${result.ok ? 'completed' : `failed (${result.error?.ename ?? 'error'})`} ${Math.round(result.durationMs)} ms`);
    return { worker: name, ms: performance.now() - started, result };
  };
  const processor = async (job: Job<QueueJob>): Promise<JobAnswer> => {
    if (job.data.kind === 'pool') return runPoolJob(job, job.data);
    const started = performance.now();
    const data = job.data;
    if (data.kind !== 'cells') throw new UnrecoverableError(`unknown job kind ${String(data.kind)} (is this worker older than the coordinator?)`);
    if (data.competition !== null && !SLUG.test(data.competition)) throw new UnrecoverableError(`invalid competition slug ${JSON.stringify(data.competition).slice(0, 100)}`);
    const dataDir = data.competition ? join(dataRoot, data.competition) : null;
    const result =
      dataDir !== null && !existsSync(dataDir)
        ? dataMissingResult(data, options.sandbox, name, dataRoot)
        : await runCellsHere({ ...requestOf(data, dataDir), sandbox: options.sandbox });
    options.onRun?.(`${job.id ?? '?'} ${result.status}${result.failure ? ` (${result.failure.reason})` : ''} ${Math.round(result.wallMs)} ms`);
    const wire = toWire(result);
    return { worker: name, ms: performance.now() - started, result: wire };
  };
  const worker = new Worker<QueueJob, JobAnswer>(QUEUE_NAME, processor, {
    connection: connection.options,
    concurrency: Math.max(1, options.jobs),
    name,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    // a job whose worker died is run again elsewhere (twice at most); a job that throws is not retried
    maxStalledCount: 2,
  });
  worker.on('error', (e) => logger.warn(`worker ${name} on ${connection.shown}: ${e.message}`));
  await worker.waitUntilReady();
  return {
    name,
    close: async () => {
      await worker.close();
      await Promise.all([...pools.values()].map((p) => p.then((x) => x.close(), () => undefined)));
    },
  };
}
