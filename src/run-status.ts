// The progress of a running command, readable while it holds the corpus. DuckDB lets one process
// write a corpus file and no other process open it meanwhile, so a long stage mirrors its progress
// line into `<corpus>.progress.json` (written atomically on each item done, status changes at most twice a second) and
// `hookmine status` reads it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Progress } from './progress.js';

export interface RunStatus {
  pid: number;
  command: string;
  title: string;
  count: number;
  total: number;
  label: string;
  done: boolean;
  started_at: string;
  updated_at: string;
}

export function statusPath(db: string): string {
  return `${db}.progress.json`;
}

/** The last progress a command wrote for this corpus, or null (none, unreadable, or a bad file). */
export function readRunStatus(db: string): RunStatus | null {
  const path = statusPath(db);
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as RunStatus;
    return typeof value.pid === 'number' && typeof value.title === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote a status is still running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A progress that also writes its state to the corpus's status file. */
export function mirrorProgress(inner: Progress, options: { db: string; command: string; title: string; total?: number }): Progress {
  if (options.db === ':memory:') return inner;
  const path = statusPath(options.db);
  const state: RunStatus = {
    pid: process.pid,
    command: options.command,
    title: options.title,
    count: 0,
    total: options.total ?? 0,
    label: '',
    done: false,
    started_at: new Date().toISOString(),
    updated_at: '',
  };
  let last = 0;
  const write = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 500) return;
    last = now;
    state.updated_at = new Date(now).toISOString();
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify(state));
      renameSync(`${path}.tmp`, path);
    } catch {
      // progress is a convenience: a read-only folder must not stop the stage
      rmSync(`${path}.tmp`, { force: true });
    }
  };
  write(true);
  return {
    tick(label, n = 1) {
      state.count += n;
      if (label !== undefined) state.label = label;
      // a tick is one item done (a notebook, a batch): rare enough to write each one
      write(true);
      inner.tick(label, n);
    },
    status(label) {
      state.label = label;
      write();
      inner.status(label);
    },
    setTotal(total) {
      state.total = total;
      write(true);
      inner.setTotal(total);
    },
    clear() {
      inner.clear();
    },
    done() {
      state.done = true;
      write(true);
      inner.done();
    },
  };
}
