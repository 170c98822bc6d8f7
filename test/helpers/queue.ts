// A real Redis (Debian's redis-server) on a free loopback port with a temp dir, and real
// `hookmine worker` processes, for the queue tests. Everything started here is stopped by stopAll().
// Waits are tied to what the processes print (Redis's "Ready", a worker's "waiting", its "ran"
// lines), never to guessed delays.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { BIN } from './cli.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

const started: ChildProcess[] = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A child whose output lines can be awaited. */
export class Proc {
  lines: string[] = [];
  private waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  private exitWaiters: ((code: number | null) => void)[] = [];
  exitCode: number | null | undefined = undefined;

  constructor(readonly child: ChildProcess, readonly label: string) {
    started.push(child);
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        this.lines.push(line);
        for (const w of [...this.waiters]) {
          if (w.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      this.exitCode = code;
      for (const w of this.exitWaiters.splice(0)) w(code);
      for (const w of this.waiters.splice(0)) w.resolve(`<${label} exited with ${code}>`);
    });
  }

  /** The first line (already printed or to come) that passes `test`. */
  waitFor(test: RegExp | ((line: string) => boolean)): Promise<string> {
    const t = typeof test === 'function' ? test : (l: string) => test.test(l);
    const seen = this.lines.find(t);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.exitCode !== undefined) return Promise.reject(new Error(`${this.label} exited (${this.exitCode}) before printing what was awaited:\n${this.lines.slice(-20).join('\n')}`));
    return new Promise((resolve, reject) =>
      this.waiters.push({
        test: t,
        resolve: (l) => (l.startsWith(`<${this.label} exited`) ? reject(new Error(`${l}:\n${this.lines.slice(-20).join('\n')}`)) : resolve(l)),
      }),
    );
  }

  exited(): Promise<number | null> {
    if (this.exitCode !== undefined) return Promise.resolve(this.exitCode);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Lines saying this worker answered a run. */
  get runs(): string[] {
    return this.lines.filter((l) => l.startsWith('ran run-'));
  }
}

export interface RedisServer {
  port: number;
  url: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** Start redis-server; fails (never skips) when it is not installed. `persist`: append-only file, so a restart keeps the jobs. */
export async function startRedis(dir: string, options: { port?: number; persist?: boolean; password?: string } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (scripts/setup.sh does)`);
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.persist ? 'yes' : 'no', '--appendfsync', 'always'];
  if (options.password) args.push('--requirepass', options.password);
  const proc = new Proc(spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] }), `redis:${port}`);
  await proc.waitFor(/Ready to accept connections/);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    proc,
    async stop() {
      if (proc.exitCode !== undefined) return;
      proc.child.kill('SIGTERM'); // redis saves its append-only file and exits
      await proc.exited();
    },
  };
}

export interface WorkerSpec {
  url: string;
  name: string;
  dataRoot: string;
  jobs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Start `hookmine worker` and wait until it takes runs. */
export async function startWorker(spec: WorkerSpec): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, '--data-root', spec.dataRoot, 'worker', '--queue', spec.url, '--name', spec.name, '--jobs', String(spec.jobs ?? 1)], {
    env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '', HOOKMINE_QUEUE_LOCK_MS: '2000', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = new Proc(child, `worker ${spec.name}`);
  await proc.waitFor(/waiting for runs/);
  return proc;
}

/** Start any hookmine command without waiting for it. */
export function startHookmine(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Proc(child, `hookmine ${args.find((a) => !a.startsWith('-')) ?? ''}`);
}

/** redis-cli against a test server (for MONITOR and checks). */
export function redisCli(port: number, args: string[]): string {
  return spawnSync('/usr/bin/redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout;
}

export function startMonitor(port: number): Proc {
  return new Proc(spawn('/usr/bin/redis-cli', ['-p', String(port), 'monitor'], { stdio: ['ignore', 'pipe', 'pipe'] }), 'monitor');
}

/** Stop every process these helpers started (SIGKILL: the tests never need a clean exit here). */
export async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
