// The warm pool: sandboxed Python servers that have already imported pandas/numpy/sklearn and fork
// one child per job (see src/runtime/hookmine_pool_server.py). For the thousands of small runs of
// later stages (template programs, mutants): a job costs a fork, not an interpreter start.
//
//   const pool = await WarmPool.start({ mounts: [{ host: dataRoot, sandbox: '/data' }], size: 2 });
//   const r = await pool.run({ code: 'import pandas as pd\nprint(pd.read_csv("/data/x.csv").shape)' });
//   await pool.close();
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SandboxError } from '../errors.js';
import { bwrapArgv } from './bwrap.js';
import { checkExtraEnv, SANDBOX_PATHS, sandboxEnv } from './env.js';
import { hostLayout, localSandboxProblem, type HostLayout } from './host.js';
import { INFO_FD, killSandbox, SandboxInit, waitSandboxGone } from './lifetime.js';
import { limitsFor } from './limits.js';
import { copyRuntime } from './runtime-files.js';
import type { Limits, Mount } from './types.js';

export interface PoolOptions {
  /** read-only mounts (data roots, CSV folders), fixed for the pool's life */
  mounts?: Mount[];
  /** per-job memory, output and process limits; wallMs is the default job timeout */
  limits?: Partial<Limits>;
  /** servers (jobs at once); default 1 */
  size?: number;
  python?: string;
  /** modules imported once by each server (default numpy, pandas, sklearn) */
  preload?: string[];
  /** extra environment of every job (credential-looking names are refused) */
  env?: Record<string, string>;
  /** how long a server may take to start and preload (default 120 s) */
  startTimeoutMs?: number;
}

export interface PoolJob {
  code: string;
  timeoutMs?: number;
  /** working folder inside the sandbox (default: a fresh folder under /tmp) */
  cwd?: string;
  env?: Record<string, string>;
  memoryMb?: number;
  seed?: number;
}

export interface PoolJobError {
  ename: string;
  evalue: string;
  traceback: string;
}

export interface PoolResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  error?: PoolJobError;
  hookCaptures: unknown[];
  hookCapturesTruncated: boolean;
  durationMs: number;
  timedOut: boolean;
  outputLimited: boolean;
}

interface Pending {
  id: string;
  job: PoolJob;
  resolve: (r: PoolResult) => void;
  timer?: NodeJS.Timeout;
}

const GRACE_MS = 5_000;

function failed(ename: string, evalue: string, extra: Partial<PoolResult> = {}): PoolResult {
  return { ok: false, stdout: '', stderr: '', stdoutBytes: 0, stderrBytes: 0, error: { ename, evalue, traceback: '' }, hookCaptures: [], hookCapturesTruncated: false, durationMs: 0, timedOut: false, outputLimited: false, ...extra };
}

/** One sandboxed server process and the job it is running. */
class Worker {
  private child?: ChildProcessWithoutNullStreams;
  private init = new SandboxInit(null);
  private buffer = '';
  private ready?: { resolve: () => void; reject: (e: Error) => void };
  current?: Pending;
  alive = false;
  stderrTail = '';

  constructor(
    private readonly argv: string[],
    private readonly onIdle: (w: Worker) => void,
    private readonly onDeath: (w: Worker) => void,
  ) {}

  start(timeoutMs: number): Promise<void> {
    const [cmd, ...args] = this.argv;
    // detached for the reason in local.ts: the terminal's Ctrl-C must not kill the pool's jobs
    // fd 3: bwrap's info pipe, naming the sandbox's init (lifetime.ts)
    const child = spawn(cmd as string, args, { env: {}, detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
    this.child = child;
    this.init = new SandboxInit(child.stdio[INFO_FD] as Readable);
    this.buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.stdin.on('error', () => undefined);
    child.on('close', () => this.onClose(child));
    child.on('error', (error) => this.ready?.reject(new SandboxError(`the pool server cannot start: ${error.message}`)));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SandboxError(`the pool server did not start within ${timeoutMs} ms: ${this.stderrTail.trim().slice(-500)}`)), timeoutMs);
      this.ready = {
        resolve: () => {
          clearTimeout(timer);
          this.alive = true;
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (!line.trim()) continue;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (message.ready) {
        this.ready?.resolve();
        this.ready = undefined;
        continue;
      }
      const pending = this.current;
      if (!pending || message.id !== pending.id) continue;
      clearTimeout(pending.timer);
      this.current = undefined;
      const { id: _id, signal: _signal, ...result } = message;
      pending.resolve(result as unknown as PoolResult);
      this.onIdle(this);
    }
  }

  private onClose(child: ChildProcessWithoutNullStreams): void {
    if (child !== this.child) return;
    this.init.kill(); // the launcher is gone: nothing of its sandbox may stay
    this.alive = false;
    this.ready?.reject(new SandboxError(`the pool server exited while starting: ${this.stderrTail.trim().slice(-500)}`));
    this.ready = undefined;
    const pending = this.current;
    this.current = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve(failed('PoolServerDied', `the pool's server died during the job (${this.stderrTail.trim().split('\n').pop() ?? 'no message'}); it is restarted`));
    }
    this.onDeath(this);
  }

  send(pending: Pending, request: Record<string, unknown>, watchdogMs: number): void {
    this.current = pending;
    pending.timer = setTimeout(() => {
      // The server did not answer in time (it is stuck, not just the job): kill and restart it.
      if (this.current === pending) {
        this.current = undefined;
        pending.resolve(failed('TimeoutError', `the job did not finish within ${watchdogMs} ms and the server did not answer; the server is restarted`, { timedOut: true }));
        void this.kill();
      }
    }, watchdogMs);
    this.child?.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** Kill the server's sandbox and wait until none of its processes is left. */
  async kill(): Promise<void> {
    const child = this.child;
    const init = this.init;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        killSandbox(child, init);
      });
    }
    await waitSandboxGone(init);
  }
}

export class WarmPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;
  private counter = 0;
  private restartCount = 0;

  private constructor(
    private readonly dir: string,
    private readonly limits: Limits,
    private readonly env: Record<string, string>,
    private readonly startTimeoutMs: number,
  ) {}

  /** Start `size` sandboxed servers and wait until each has imported its modules. */
  static async start(options: PoolOptions = {}, host: HostLayout = hostLayout()): Promise<WarmPool> {
    const problem = localSandboxProblem(host);
    if (problem) throw new SandboxError(problem);
    const limits = limitsFor(options.limits ?? { wallMs: 30_000, memoryMb: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'hookmine-pool-'));
    chmodSync(dir, 0o755); // the sandbox user reaches its runtime copy through this folder
    copyRuntime(join(dir, 'runtime'));
    const env = sandboxEnv({ seed: 0, executor: 'local', extra: { ...options.env, HOOKMINE_POOL_PRELOAD: (options.preload ?? ['numpy', 'pandas', 'sklearn']).join(',') } });
    const pool = new WarmPool(dir, limits, env, options.startTimeoutMs ?? 120_000);
    const python = options.python ?? '/usr/bin/python3';
    // The server's own limits: no CPU limit (it lives long; each job gets one), address space for
    // the preloaded modules plus one job, the sandbox's process limit shared by all of its jobs.
    const serverLimits: Limits = { ...limits, cpuSeconds: 10_000_000, memoryMb: limits.memoryMb + 2048, wallMs: 0 };
    const argv = bwrapArgv(
      {
        argv: [python, '-s', '-B', `${SANDBOX_PATHS.runtime}/hookmine_pool_server.py`],
        mounts: [{ host: join(dir, 'runtime'), sandbox: SANDBOX_PATHS.runtime }, ...(options.mounts ?? []).map((m) => ({ ...m, writable: false }))],
        env,
        cwd: '/tmp',
        limits: serverLimits,
      },
      host,
      { infoFd: INFO_FD },
    );
    const size = Math.max(1, options.size ?? 1);
    try {
      for (let i = 0; i < size; i++) {
        const worker = new Worker(argv, (w) => pool.dispatch(w), (w) => pool.restart(w));
        pool.workers.push(worker);
      }
      await Promise.all(pool.workers.map((w) => w.start(pool.startTimeoutMs)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** How many times a server was restarted after dying or hanging. */
  get restarts(): number {
    return this.restartCount;
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: PoolJob): Promise<PoolResult> {
    if (this.closed) return Promise.resolve(failed('PoolClosed', 'the pool is closed'));
    checkExtraEnv(job.env ?? {}); // credentials never reach a job
    return new Promise((resolve) => {
      this.queue.push({ id: `j${++this.counter}`, job, resolve });
      const idle = this.workers.find((w) => w.alive && !w.current);
      if (idle) this.dispatch(idle);
    });
  }

  private dispatch(worker: Worker): void {
    if (this.closed || !worker.alive || worker.current) return;
    const pending = this.queue.shift();
    if (!pending) return;
    const timeoutMs = pending.job.timeoutMs ?? this.limits.wallMs;
    worker.send(
      pending,
      {
        id: pending.id,
        code: pending.job.code,
        timeoutMs,
        cwd: pending.job.cwd,
        env: pending.job.env,
        memoryMb: pending.job.memoryMb ?? this.limits.memoryMb,
        maxOutputBytes: this.limits.maxOutputBytes,
        seed: pending.job.seed ?? 0,
      },
      timeoutMs + GRACE_MS,
    );
  }

  private restart(worker: Worker): void {
    if (this.closed) return;
    this.restartCount += 1;
    worker.start(this.startTimeoutMs).then(
      () => this.dispatch(worker),
      () => {
        // Could not come back: fail what is queued rather than wait forever.
        if (!this.workers.some((w) => w.alive)) for (const p of this.queue.splice(0)) p.resolve(failed('PoolServerDied', 'no pool server could be restarted'));
      },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve(failed('PoolClosed', 'the pool was closed before the job ran'));
    await Promise.all(this.workers.map((w) => w.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
