// Process lifetime of a local sandbox: when a run ends, for whatever reason, nothing it started is
// left. Each sandbox has its own PID namespace (bwrap --unshare-pid); its first process (the
// namespace's init) cannot finish exiting before the kernel has killed every other process in the
// namespace, detached or not. So: learn that process from bwrap (--info-fd), kill it together with
// the launcher's process group, and wait until it is gone before the host reads anything back.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** The file descriptor (in the launcher) on which bwrap writes {"child-pid": N}. */
export const INFO_FD = 3;

const MAX_INFO_BYTES = 4096;

/** /proc/<pid>/stat fields after the command name (which may itself hold ')'), or null. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * The init process of one sandbox, learnt from bwrap's info pipe. It is known by pid and start
 * time, so a pid reused by an unrelated process after the sandbox ended is never signalled.
 */
export class SandboxInit {
  pid: number | null = null;
  private startTime: string | null = null;
  private text = '';

  constructor(stream: Readable | null | undefined) {
    if (!stream) return;
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
      if (this.pid !== null || this.text.length > MAX_INFO_BYTES) return;
      this.text += chunk.toString('utf8');
      const m = /"child-pid"\s*:\s*(\d+)/.exec(this.text);
      if (!m) return;
      this.pid = Number(m[1]);
      this.startTime = statFields(this.pid)?.[19] ?? null; // field 22: start time since boot
      // the rest is read and dropped: closing the pipe early would kill bwrap with SIGPIPE
    });
  }

  /** The init is still there (not exited, not a zombie) and is the same process. */
  running(): boolean {
    if (this.pid === null || this.startTime === null) return false;
    const fields = statFields(this.pid);
    if (!fields || fields[19] !== this.startTime) return false;
    return fields[0] !== 'Z' && fields[0] !== 'X';
  }

  kill(): void {
    if (!this.running()) return;
    try {
      process.kill(this.pid as number, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Kill a sandbox: the launcher's process group (setpriv/bwrap, started detached) and the sandbox's
 * init, which takes the whole PID namespace with it. bwrap's --die-with-parent would end the init
 * too, asynchronously; killing it here does not wait on that.
 */
export function killSandbox(child: ChildProcess, init: SandboxInit): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
  init.kill();
}

/**
 * Resolve once the sandbox's init has exited (then no process of the sandbox is left), killing it
 * if the launcher is gone but it is not. True when it is gone within `timeoutMs`.
 */
export async function waitSandboxGone(init: SandboxInit, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (init.running()) {
    init.kill(); // the launcher ended, so the sandbox has nothing left to do
    if (Date.now() > end) return false;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  return true;
}
