// Files a run left in /kaggle/working: name, size, sha256, CSV header and row count, a preview,
// and the bytes (bounded) so the caller can compare them with Kaggle's output files.
import { createHash } from 'node:crypto';
import { lstatSync, openSync, readSync, closeSync, readdirSync, createReadStream } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCsv } from '../compare/csv.js';
import type { OutputFile } from './types.js';

const MAX_FILES = 1000;
const PREVIEW_BYTES = 2048;

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (out.length >= MAX_FILES) return;
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue; // never follow a link a notebook made
    if (st.isDirectory()) walk(root, path, out);
    else if (st.isFile()) out.push(path);
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function head(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Count CSV records (newlines outside quotes) in a stream, without holding the file. */
async function countCsvRecords(path: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let last = 10;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) {
      if (byte === 34) quoted = !quoted;
      else if (byte === 10 && !quoted) records++;
      last = byte;
    }
  }
  if (last !== 10) records++; // a last line without a newline
  return records;
}

export async function collectOutputFiles(working: string, maxContentBytes: number): Promise<OutputFile[]> {
  const paths: string[] = [];
  walk(working, working, paths);
  const files: OutputFile[] = [];
  for (const path of paths) {
    const size = lstatSync(path).size;
    const preview = head(path, PREVIEW_BYTES);
    const file: OutputFile = {
      path: relative(working, path),
      sizeBytes: size,
      sha256: await sha256File(path),
      preview: preview.toString('utf8').split('\n').slice(0, 10).join('\n'),
    };
    if (/\.csv$/i.test(path) && size > 0) {
      const firstLine = preview.toString('utf8').split(/\r?\n/)[0] ?? '';
      const header = parseCsv(firstLine)[0] ?? [];
      file.csv = { columns: header, rows: Math.max(0, (await countCsvRecords(path)) - 1) };
    }
    if (size <= maxContentBytes) file.content = head(path, size);
    files.push(file);
  }
  return files;
}
