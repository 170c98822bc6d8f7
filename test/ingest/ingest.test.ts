import { createServer } from 'node:net';
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ingestPaths, notebookId, toSlug } from '../../src/ingest/ingest.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/notebooks', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/kaggle-notebooks', import.meta.url));
const MB = 1024 * 1024;

describe('ingestPaths', () => {
  it('stores notebooks and scripts under the parent folder as competition, with parsed cells', async () => {
    await withCorpus(async (corpus) => {
      const summary = await ingestPaths(corpus, [join(FIXTURES, 'good')], { maxBytes: MB });
      expect(summary).toMatchObject({ files: 4, ingested: 4, failed: 0, byCompetition: { titanic: 4 } });
      const nbs = await corpus.query('SELECT kind, nbformat, cell_count, code_cell_count, has_outputs, has_kaggle_metadata, competition FROM notebooks ORDER BY source_path');
      expect(nbs).toEqual([
        { kind: 'script', nbformat: null, cell_count: 3, code_cell_count: 2, has_outputs: false, has_kaggle_metadata: false, competition: 'titanic' },
        { kind: 'script', nbformat: null, cell_count: 1, code_cell_count: 1, has_outputs: false, has_kaggle_metadata: false, competition: 'titanic' },
        { kind: 'ipynb', nbformat: 3, cell_count: 5, code_cell_count: 3, has_outputs: true, has_kaggle_metadata: false, competition: 'titanic' },
        { kind: 'ipynb', nbformat: 4, cell_count: 6, code_cell_count: 4, has_outputs: true, has_kaggle_metadata: true, competition: 'titanic' },
      ]);
      const cells = await corpus.query(
        `SELECT c.cell_index, c.cell_type, c.execution_count, c.has_outputs, c.output_types FROM cells c JOIN notebooks n USING (notebook_id)
         WHERE n.source_path LIKE '%v4-with-outputs.ipynb' ORDER BY cell_index`,
      );
      expect(cells.map((c) => c.output_types)).toEqual([[], [], ['stream', 'execute_result'], ['display_data'], ['error'], []]);
      expect(cells[2]).toMatchObject({ execution_count: 2, has_outputs: true });
    });
  });

  it('stores the raw source verbatim with its sha256', async () => {
    await withCorpus(async (corpus) => {
      const file = join(FIXTURES, 'good/titanic/v3-legacy.ipynb');
      await ingestPaths(corpus, [file], { maxBytes: MB });
      const [row] = await corpus.query<{ source: string; sha256: string; size_bytes: number }>('SELECT source, sha256, size_bytes FROM notebooks');
      const { readFileSync } = await import('node:fs');
      const { createHash } = await import('node:crypto');
      const bytes = readFileSync(file);
      expect(row?.source).toBe(bytes.toString('utf8'));
      expect(row?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row?.size_bytes).toBe(bytes.length);
    });
  });

  it('is idempotent: a second ingest of the same files adds no row anywhere', async () => {
    await withCorpus(async (corpus) => {
      await ingestPaths(corpus, [FIXTURES], { maxBytes: MB });
      const count = async () =>
        (await corpus.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM notebooks) + (SELECT count(*) FROM cells) + (SELECT count(*) FROM ingest_failures) + (SELECT count(*) FROM competitions) AS n`,
        ))[0]?.n;
      const before = await count();
      const second = await ingestPaths(corpus, [FIXTURES], { maxBytes: MB });
      expect(second.ingested).toBe(0);
      expect(second.unchanged).toBe(4);
      expect(await count()).toBe(before);
    });
  });

  it('records every malformed fixture with its reason and still ingests the good ones', async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'bad'), join(dir, 'bad'), { recursive: true });
    copyFileSync(join(FIXTURES, 'good/titanic/v4-with-outputs.ipynb'), join(dir, 'bad/titanic/good-one.ipynb'));
    writeFileSync(join(dir, 'bad/titanic/big.ipynb'), '{"cells": []}' + ' '.repeat(4096));
    await withCorpus(async (corpus) => {
      const summary = await ingestPaths(corpus, [dir], { maxBytes: 2048 });
      expect(summary.ingested).toBe(1);
      const rows = await corpus.query<{ file: string; reason: string; message: string }>(
        `SELECT regexp_extract(path, '[^/]+$') AS file, reason, message FROM ingest_failures ORDER BY file`,
      );
      const byFile = Object.fromEntries(rows.map((r) => [r.file, r.reason]));
      expect(byFile).toEqual({
        'bad-cell.ipynb': 'invalid_notebook',
        'big.ipynb': 'too_large',
        'empty.ipynb': 'empty',
        'image-named.ipynb': 'binary',
        'invalid-json.ipynb': 'invalid_json',
        'julia-kernel.ipynb': 'unsupported_language',
        'kernel.R': 'unsupported_language',
        'latin1.py': 'not_utf8',
        'list.ipynb': 'not_a_notebook',
        'nbformat-5.ipynb': 'unsupported_nbformat',
        'not-a-notebook.ipynb': 'not_a_notebook',
        'r-kernel.ipynb': 'unsupported_language',
        'utf16.ipynb': 'not_utf8',
        'whitespace.py': 'empty',
      });
      for (const r of rows) expect(r.message.length).toBeGreaterThan(10);
      expect(summary.failed).toBe(rows.length);
      const comps = await corpus.query('SELECT DISTINCT competition FROM ingest_failures');
      expect(comps).toEqual([{ competition: 'titanic' }]);
    });
  });

  it('reports an unreadable file and goes on', async () => {
    // A Unix socket named like a notebook cannot be read, even by root.
    const dir = tempDir();
    mkdirSync(join(dir, 'titanic'));
    const socketPath = join(dir, 'titanic', 'socket.ipynb');
    const server = createServer();
    await new Promise<void>((ok) => server.listen(socketPath, ok));
    try {
      await withCorpus(async (corpus) => {
        const summary = await ingestPaths(corpus, [socketPath, join(FIXTURES, 'good/titanic/plain-script.py')], { maxBytes: MB });
        expect(summary.byReason).toEqual({ unreadable: 1 });
        expect(summary.ingested).toBe(1);
        const [row] = await corpus.query<{ reason: string; message: string }>('SELECT reason, message FROM ingest_failures');
        expect(row?.message).toMatch(/cannot be read/);
      });
    } finally {
      server.close();
    }
  });

  it('takes the competition from --competition over the folder name', async () => {
    await withCorpus(async (corpus) => {
      await ingestPaths(corpus, [join(FIXTURES, 'good/titanic/plain-script.py')], { maxBytes: MB, competition: 'spaceship-titanic' });
      expect(await corpus.query('SELECT competition FROM notebooks')).toEqual([{ competition: 'spaceship-titanic' }]);
      expect(await corpus.query('SELECT slug, source FROM competitions')).toEqual([{ slug: 'spaceship-titanic', source: 'ingest' }]);
    });
  });

  it('names paths that do not exist and ingests the rest', async () => {
    await withCorpus(async (corpus) => {
      const summary = await ingestPaths(corpus, ['/no/such/path.ipynb', join(FIXTURES, 'good/titanic/plain-script.py')], { maxBytes: MB });
      expect(summary.missing).toEqual(['/no/such/path.ipynb']);
      expect(summary.ingested).toBe(1);
    });
  });

  it('a file fixed after failing leaves the failure list', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'titanic'));
    const file = join(dir, 'titanic', 'nb.ipynb');
    writeFileSync(file, '{ broken');
    await withCorpus(async (corpus) => {
      await ingestPaths(corpus, [dir], { maxBytes: MB });
      writeFileSync(file, '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}');
      await ingestPaths(corpus, [dir], { maxBytes: MB });
      expect(await corpus.query('SELECT count(*)::INT AS n FROM ingest_failures')).toEqual([{ n: 0 }]);
      expect(await corpus.query('SELECT count(*)::INT AS n FROM notebooks')).toEqual([{ n: 1 }]);
    });
  });
});

describe.skipIf(!existsSync(SHARED))('the 20 shared Kaggle notebooks (../shared/kaggle-notebooks)', () => {
  it('all ingest under their 6 competition slugs, and a second ingest adds nothing', async () => {
    await withCorpus(async (corpus) => {
      const first = await ingestPaths(corpus, [SHARED], { maxBytes: 64 * MB });
      expect(first).toMatchObject({ files: 20, ingested: 20, failed: 0 });
      const rows = await corpus.query('SELECT competition, count(*)::INT AS n FROM notebooks GROUP BY 1 ORDER BY 1');
      expect(rows).toEqual([
        { competition: 'bike-sharing-demand', n: 2 },
        { competition: 'house-prices-advanced-regression-techniques', n: 5 },
        { competition: 'playground-series-s3e1', n: 1 },
        { competition: 'playground-series-s3e5', n: 1 },
        { competition: 'spaceship-titanic', n: 3 },
        { competition: 'titanic', n: 8 },
      ]);
      const second = await ingestPaths(corpus, [SHARED], { maxBytes: 64 * MB });
      expect(second).toMatchObject({ ingested: 0, unchanged: 20 });
    });
  });
});

describe('helpers', () => {
  it('toSlug normalises folder names and refuses names without letters or digits', () => {
    expect(toSlug('House Prices_Advanced')).toBe('house-prices-advanced');
    expect(toSlug('titanic')).toBe('titanic');
    expect(toSlug('---')).toBeNull();
  });
  it('notebookId depends on competition and content', () => {
    expect(notebookId('a', 'x')).not.toBe(notebookId('b', 'x'));
    expect(notebookId('a', 'x')).toBe(notebookId('a', 'x'));
    expect(notebookId('a', 'x')).toMatch(/^nb_[0-9a-f]{16}$/);
  });
});
