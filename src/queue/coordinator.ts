// The coordinator's side of the queue: runCells sent to Redis instead of the local sandbox. Each
// run becomes one BullMQ job whose id is the hash of its inputs; the caller (the stage) gets the
// result back and stores it, so DuckDB keeps one writer. Finished jobs stay in Redis until this
// coordinator closes (everything delivered is stored by then): a coordinator killed midway leaves
// the results that finished meanwhile there, and the next run, adding the same ids, picks them up
// instead of running them again.
import { Job, Queue, QueueEvents } from 'bullmq';
import { SandboxError } from '../errors.js';
import type { CellRunner } from '../execute/run-cells.js';
import type { RunRequest } from '../execute/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { PoolJob, PoolOptions, PoolResult } from '../sandbox/pool.js';
import { checkQueue, parseQueueUrl, QUEUE_NAME, type QueueConnection } from './connection.js';
import { cellsJob, fromWire, jobIdOf, poolFailure, poolJob, type JobAnswer, type QueueJob, type WireResult } from './payload.js';
import type { PoolStarter } from './pool-route.js';

/** Finished jobs nobody collected are dropped after this long (a coordinator that never came back). */
const KEEP_SECONDS = 7 * 24 * 3600;
/** How often waiting runs are checked against Redis (events missed while it was away, jobs it lost). */
const SWEEP_MS = 10_000;

interface Waiter {
  job: QueueJob;
  promise: Promise<JobAnswer>;
  resolve: (a: JobAnswer) => void;
  reject: (e: Error) => void;
}

export interface QueueSummary {
  url: string;
  /** runs each worker answered, by worker name */
  workers: Record<string, number>;
  /** results that had finished before this coordinator asked (left by an earlier, stopped one) */
  collected: number;
}

/** A finished job's answer, or undefined when its return value is missing or not one. */
function answerOf(returnvalue: unknown): JobAnswer | undefined {
  try {
    const answer = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobAnswer | null;
    return answer?.result && typeof answer.worker === 'string' ? answer : undefined;
  } catch {
    return undefined;
  }
}

export class QueueCoordinator {
  private readonly waiters = new Map<string, Waiter>();
  private readonly delivered = new Set<string>();
  /** requests so far by input hash */
  private readonly seen = new Map<string, number>();
  private readonly workers = new Map<string, number>();
  private collected = 0;
  /** time the workers spent inside their processors, for the delivered runs (the benchmark subtracts it) */
  workerMs = 0;
  private readonly openedAt = Date.now();
  private sweeper?: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly connection: QueueConnection,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly logger: Logger,
  ) {}

  /** Check the URL answers, then open the queue and its event stream. */
  static async open(url: string, options: { logger?: Logger } = {}): Promise<QueueCoordinator> {
    const connection = parseQueueUrl(url);
    await checkQueue(connection);
    const queue = new Queue(QUEUE_NAME, { connection: connection.options });
    const events = new QueueEvents(QUEUE_NAME, { connection: connection.options });
    const logger = options.logger ?? silentLogger;
    // ioredis reconnects by itself; BullMQ reports the errors it meets meanwhile.
    queue.on('error', (e) => logger.warn(`queue ${connection.shown}: ${e.message}`));
    events.on('error', (e) => logger.warn(`queue events ${connection.shown}: ${e.message}`));
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const coordinator = new QueueCoordinator(connection, queue, events, logger);
    // The event carries the answer: no round trip to fetch the job (check() is the fallback).
    events.on('completed', ({ jobId, returnvalue }) => coordinator.completed(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => coordinator.failed(jobId, failedReason));
    // After a reconnect (Redis restarted), look at every waiting run at once.
    (await queue.client).on('ready', () => void coordinator.sweep());
    coordinator.sweeper = setInterval(() => void coordinator.sweep(), SWEEP_MS);
    coordinator.sweeper.unref();
    return coordinator;
  }

  /** The runCells replacement (see setCellRunner). */
  readonly run: CellRunner = async (request: RunRequest) => fromWire((await this.submit(cellsJob(request))).result as WireResult);

  /** A warm-pool replacement (see setPoolStarter): the pool's jobs, run by the workers' warm pools. */
  readonly pool: PoolStarter = (options: PoolOptions) =>
    Promise.resolve({
      // jobs the caller keeps in flight: the caller's pool size
      size: Math.max(1, options.size ?? 1),
      run: async (job: PoolJob): Promise<PoolResult> => {
        try {
          return (await this.submit(poolJob(job, options))).result as PoolResult;
        } catch (error) {
          return poolFailure('QueueError', error instanceof Error ? error.message : String(error));
        }
      },
      close: () => Promise.resolve(),
    });

  private submit(job: QueueJob): Promise<JobAnswer> {
    // The n-th request of equal inputs in this process is its own job (`-n`): a stage that runs
    // the same thing twice on purpose (verify's stability run) gets two runs, and a coordinator
    // started again, asking in the same order, finds the jobs its predecessor left.
    const base = jobIdOf(job);
    const n = this.seen.get(base) ?? 0;
    this.seen.set(base, n + 1);
    const id = n === 0 ? base : `${base}-${n}`;
    let resolve!: (a: JobAnswer) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<JobAnswer>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.waiters.set(id, { job, promise, resolve, reject });
    void this.add(id, job).then(() => this.check(id));
    return promise;
  }

  private async add(id: string, job: QueueJob): Promise<void> {
    try {
      // attempts 1: a run that throws is a result to store, not a retry; a worker that dies is
      // BullMQ's stalled-job case, which runs the job again elsewhere.
      await this.queue.add(job.kind, job, { jobId: id, attempts: 1, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
    } catch (error) {
      // Redis away: the sweep after the reconnect adds it again.
      this.logger.warn(`cannot enqueue ${id} on ${this.connection.shown}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private completed(id: string, returnvalue: unknown): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    const answer = answerOf(returnvalue);
    if (!answer) {
      void this.check(id);
      return;
    }
    this.deliver(id, waiter, answer, null);
  }

  private failed(id: string, reason: string): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    this.delivered.add(id);
    waiter.reject(new SandboxError(`the queue's worker could not run it: ${reason}`));
  }

  private deliver(id: string, waiter: Waiter, answer: JobAnswer, finishedOn: number | null): void {
    this.waiters.delete(id);
    this.delivered.add(id);
    // Finished before this coordinator started: left by an earlier run that stopped.
    if (finishedOn !== null && finishedOn < this.openedAt) this.collected += 1;
    this.workers.set(answer.worker, (this.workers.get(answer.worker) ?? 0) + 1);
    this.workerMs += answer.ms ?? 0;
    waiter.resolve(answer);
  }

  /** Deliver a job's result to whoever waits for it, when it has finished. */
  private async check(id: string, readd = false): Promise<void> {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    let job: Job | undefined;
    let state: string;
    try {
      job = await Job.fromId(this.queue, id);
      if (!job) {
        if (readd) await this.add(id, waiter.job); // Redis lost it (restarted without persistence)
        return;
      }
      state = await job.getState();
    } catch {
      return; // Redis away: the next sweep tries again
    }
    if (!this.waiters.has(id)) return; // delivered meanwhile
    if (state === 'completed') {
      // The job was read before its state: it may have completed in between, and then the copy
      // read first has no return value yet. Read it again; without an answer, leave the waiter for
      // the completed event or the next sweep (delivering nothing would leave the run waiting forever).
      let answer = answerOf(job.returnvalue);
      if (!answer) {
        job = await Job.fromId(this.queue, id).catch(() => undefined);
        answer = answerOf(job?.returnvalue);
      }
      if (!answer || !this.waiters.has(id)) return;
      this.deliver(id, waiter, answer, job?.finishedOn ?? null);
    } else if (state === 'failed') {
      if ((job.finishedOn ?? Infinity) < this.openedAt) this.collected += 1;
      this.failed(id, job.failedReason);
    }
  }

  private async sweep(): Promise<void> {
    if (this.closed) return;
    for (const id of [...this.waiters.keys()]) await this.check(id, true);
  }

  /** Runs waiting for a result. */
  get pending(): number {
    return this.waiters.size;
  }

  summary(): QueueSummary {
    return { url: this.connection.shown, workers: Object.fromEntries([...this.workers].sort((a, b) => a[0].localeCompare(b[0]))), collected: this.collected };
  }

  /** Remove the delivered jobs (their results are stored by now) and disconnect. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    for (const w of this.waiters.values()) w.reject(new SandboxError('the queue coordinator closed before the run finished'));
    this.waiters.clear();
    try {
      for (const id of this.delivered) await this.queue.remove(id).catch(() => undefined);
    } finally {
      await Promise.allSettled([this.events.close(), this.queue.close()]);
    }
  }
}
