// The crawl lock: a file next to the corpus (`<db>.crawl.lock`) holding the owner's pid and host,
// created exclusively, so two crawls (cron, a timer, `hookmine schedule`, a person) never write one
// corpus at once. A lock whose process is gone (kill -9) is taken over; DuckDB's own file lock
// stays the last line of defence.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { UnusableInputError } from '../errors.js';

export interface CrawlLock {
  path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export class CrawlLockedError extends UnusableInputError {
  constructor(
    readonly holder: Holder | null,
    path: string,
  ) {
    super(
      holder
        ? `another crawl (pid ${holder.pid} on ${holder.host}, since ${holder.since}) holds ${path}; wait for it, or remove the file if that process is gone`
        : `another crawl holds ${path}`,
    );
  }
}

export function lockPathFor(db: string): string {
  return `${resolve(db)}.crawl.lock`;
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: String(parsed.host ?? ''), since: String(parsed.since ?? '') } : null;
  } catch {
    return null;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireCrawlLock(db: string): CrawlLock {
  const path = lockPathFor(db);
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    // An unreadable lock may be one being written this instant: treat it as held.
    if (!holder || holder.host !== me.host || processAlive(holder.pid)) throw new CrawlLockedError(holder, path);
    // Stale: move it aside atomically, and put it back if another process took over meanwhile.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved?.pid !== holder.pid) {
      try {
        renameSync(aside, path);
      } catch {
        // the newcomer's lock is gone either way; let the next attempt sort it out
      }
      continue;
    }
    rmSync(aside, { force: true });
  }
  throw new CrawlLockedError(readHolder(path), path);
}
