// The default executor: bubblewrap on this machine. Starts in ~10 ms; see bwrap.ts for what the
// sandbox can see and do.
import { spawn } from 'node:child_process';
import { chownSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { SandboxError } from '../errors.js';
import { bwrapArgv } from './bwrap.js';
import { BoundedCapture } from './capture.js';
import { hostLayout, localSandboxProblem, type HostLayout } from './host.js';
import { INFO_FD, killSandbox, SandboxInit, waitSandboxGone } from './lifetime.js';
import type { Executor, ExecutorInfo, SandboxOutcome, SandboxSpec } from './types.js';

export const DEFAULT_KEEP_BYTES = 1024 * 1024;

// bwrap, setpriv and prlimit report their own failures (a missing mount source, no user
// namespaces) this way, before the sandboxed command exists.
const LAUNCHER_ERROR = /^(?:bwrap|setpriv|prlimit): [^\n]*/;

export interface LocalExecutorOptions {
  python: string;
  /** host folders the interpreter needs outside /usr (a virtualenv, /opt/conda), bound read-only */
  pythonDirs?: string[];
  host?: HostLayout;
}

export class LocalExecutor implements Executor {
  readonly info: ExecutorInfo;
  private readonly host: HostLayout;

  constructor(private readonly options: LocalExecutorOptions) {
    this.host = options.host ?? hostLayout();
    const problem = localSandboxProblem(this.host);
    if (problem) throw new SandboxError(problem);
    this.info = { kind: 'local', python: options.python, uid: this.host.setpriv ? this.host.uid : undefined };
  }

  prepareWritable(path: string): void {
    if (this.host.setpriv) chownSync(path, this.host.uid, this.host.uid);
  }

  /** The full command line (for logs and tests). */
  argv(spec: SandboxSpec): string[] {
    return bwrapArgv(spec, this.host, { extraReadOnly: this.options.pythonDirs, infoFd: INFO_FD });
  }

  run(spec: SandboxSpec, options: { signal?: AbortSignal } = {}): Promise<SandboxOutcome> {
    const [cmd, ...args] = this.argv(spec);
    const keep = spec.keepBytes ?? DEFAULT_KEEP_BYTES;
    const started = performance.now();
    return new Promise((resolve) => {
      const stdout = new BoundedCapture(keep);
      const stderr = new BoundedCapture(keep);
      let timedOut = false;
      let outputLimited = false;
      let spawnError: string | undefined;
      // An empty environment for setpriv/bwrap themselves: secrets never reach even the launcher.
      // Detached (a process group of its own): Ctrl-C on the terminal reaches hookmine, which decides
      // when to stop, instead of killing the run and being recorded as its failure. bwrap's
      // --die-with-parent still ends the run when hookmine itself dies.
      // fd 3: bwrap's info pipe, which names the sandbox's init (see lifetime.ts).
      const child = spawn(cmd as string, args, { env: {}, detached: true, stdio: [spec.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'] });
      const init = new SandboxInit(child.stdio[INFO_FD] as Readable | null);
      const kill = () => killSandbox(child, init);
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, spec.limits.wallMs);
      const onAbort = () => kill();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const watch = (capture: BoundedCapture) => (chunk: Buffer) => {
        capture.push(chunk);
        if (stdout.total + stderr.total > spec.limits.maxOutputBytes && !outputLimited) {
          outputLimited = true;
          kill();
        }
      };
      child.stdout?.on('data', watch(stdout));
      child.stderr?.on('data', watch(stderr));
      child.on('error', (error) => {
        spawnError = `cannot start ${cmd}: ${error.message}`;
      });
      if (spec.stdin !== undefined) {
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(spec.stdin);
      }
      child.on('close', async (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        // Nothing the run started is left when it ends, whatever the reason: results are read only
        // from a sandbox in which no process can still change them.
        const gone = await waitSandboxGone(init);
        const outcome: SandboxOutcome = {
          exitCode: code,
          signal,
          timedOut,
          outputLimited,
          stdout: stdout.text(),
          stderr: stderr.text(),
          stdoutBytes: stdout.total,
          stderrBytes: stderr.total,
          wallMs: performance.now() - started,
        };
        if (spawnError) outcome.sandboxError = spawnError;
        else if (!gone) outcome.sandboxError = `the sandbox's processes did not end after the run (init pid ${init.pid})`;
        else if (code !== 0 && LAUNCHER_ERROR.test(stderr.text())) {
          outcome.sandboxError = `the sandbox did not start: ${(LAUNCHER_ERROR.exec(stderr.text())?.[0] ?? '').trim()}`;
        }
        resolve(outcome);
      });
    });
  }
}
