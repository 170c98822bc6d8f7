// Files a run left in /kaggle/working: name, size, sha256, CSV header and row count, a preview,
// and the bytes (bounded) so the caller can compare them with Kaggle's output files. The folder is
// the notebook's: it is read as sandbox-written (src/sandbox/safe-read.ts), one pass per file.
import { createHash } from 'node:crypto';
import { parseCsv } from '../compare/csv.js';
import { SandboxViolationError } from '../errors.js';
import { SANDBOX_PATHS } from '../sandbox/env.js';
import { openSandboxFile, readChunks, withSandboxDir } from '../sandbox/safe-read.js';
import type { OutputFile } from './types.js';

const MAX_FILES = 1000;
/** entries listed in all (a million empty files must not cost the host a million stats) */
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 32;
const PREVIEW_BYTES = 2048;

export interface CollectOptions {
  /** files up to this size come back with their content */
  maxContentBytes: number;
  /** bytes read from one file at most (the sandbox's file-size limit) */
  maxFileBytes: number;
  /** bytes read from all files together; later files are listed with their size only */
  maxTotalBytes: number;
}

interface Budget {
  files: number;
  entries: number;
  bytes: number;
}

/** Count CSV records (newlines outside quotes) across chunks. */
class CsvCounter {
  records = 0;
  private quoted = false;
  private last = 10;

  push(chunk: Buffer): void {
    for (const byte of chunk) {
      if (byte === 34) this.quoted = !this.quoted;
      else if (byte === 10 && !this.quoted) this.records++;
      this.last = byte;
    }
  }

  total(): number {
    return this.records + (this.last !== 10 ? 1 : 0); // a last line without a newline
  }
}

async function readOutput(path: string, rel: string, options: CollectOptions, budget: Budget): Promise<OutputFile | null> {
  const opened = await openSandboxFile(path, `${SANDBOX_PATHS.working}/${rel}`);
  if (!opened) return null; // removed meanwhile
  try {
    const size = opened.size;
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    const content: Buffer[] = [];
    const keepContent = size <= options.maxContentBytes;
    const csv = /\.csv$/i.test(rel) && size > 0 ? new CsvCounter() : null;
    const allowed = Math.max(0, Math.min(size, options.maxFileBytes, options.maxTotalBytes - budget.bytes));
    const read = await readChunks(opened.handle, allowed, (chunk) => {
      hash.update(chunk);
      csv?.push(chunk);
      if (headBytes < PREVIEW_BYTES) {
        head.push(chunk.subarray(0, PREVIEW_BYTES - headBytes));
        headBytes += Math.min(chunk.length, PREVIEW_BYTES - headBytes);
      }
      if (keepContent) content.push(chunk);
    });
    budget.bytes += read;
    const complete = read === size;
    const preview = Buffer.concat(head).toString('utf8');
    // A file not read to its end (over a bound) has no hash or content: they would describe a prefix.
    const file: OutputFile = { path: rel, sizeBytes: size, sha256: complete ? hash.digest('hex') : '', preview: preview.split('\n').slice(0, 10).join('\n') };
    if (csv && complete) {
      const header = parseCsv(preview.split(/\r?\n/)[0] ?? '')[0] ?? [];
      file.csv = { columns: header, rows: Math.max(0, csv.total() - 1) };
    }
    if (keepContent && complete) file.content = Buffer.concat(content, read);
    return file;
  } finally {
    await opened.handle.close();
  }
}

async function walk(dirPath: string, rel: string, depth: number, options: CollectOptions, budget: Budget, out: OutputFile[]): Promise<void> {
  const shown = rel ? `${SANDBOX_PATHS.working}/${rel}` : SANDBOX_PATHS.working;
  await withSandboxDir(dirPath, shown, MAX_ENTRIES - budget.entries, async (entries) => {
    budget.entries += entries.length;
    for (const entry of entries) {
      if (budget.files >= MAX_FILES || budget.entries >= MAX_ENTRIES) return;
      const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.kind === 'link') continue; // a notebook may link its input into the folder: never followed, not an output
      if (entry.kind === 'other') throw new SandboxViolationError(`${SANDBOX_PATHS.working}/${entryRel}`, entry.found);
      if (entry.kind === 'dir') {
        if (depth < MAX_DEPTH) await walk(entry.path, entryRel, depth + 1, options, budget, out);
        continue;
      }
      const file = await readOutput(entry.path, entryRel, options, budget);
      if (file) {
        out.push(file);
        budget.files++;
      }
    }
  });
}

/**
 * The output files under `working` (the host folder mounted at /kaggle/working). A named pipe,
 * socket or device there, or an entry that changed kind while it was read, is a
 * SandboxViolationError; links are skipped, never followed.
 */
export async function collectOutputFiles(working: string, options: CollectOptions): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  await walk(working, '', 0, options, { files: 0, entries: 0, bytes: 0 }, files);
  return files;
}
