// Temporary folders and corpora for tests; everything is removed after the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'hookmine-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Open a fresh corpus file, hand it to `fn`, and close it whatever happens. */
export async function withCorpus<T>(fn: (corpus: Corpus, path: string) => Promise<T>, path = join(tempDir(), 'corpus.duckdb')): Promise<T> {
  const corpus = await Corpus.open(path);
  try {
    return await fn(corpus, path);
  } finally {
    corpus.close();
  }
}
