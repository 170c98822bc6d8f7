import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { applyMigrations, loadMigrations } from '../../corpus/migrate.js';
import { upsertRows } from '../../corpus/upsert.js';
import { CorpusError, UnusableInputError } from '../../src/errors.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';

describe('Corpus.open', () => {
  it('imports @duckdb/node-api from ESM and creates the file with every table', async () => {
    await withCorpus(async (corpus, path) => {
      expect(existsSync(path)).toBe(true);
      const tables = await corpus.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`,
      );
      const names = tables.map((t) => t.table_name);
      for (const t of ['competitions', 'notebooks', 'cells', 'executions', 'hooks', 'episodes', 'steps', 'crawl_runs', 'crawl_cursors', 'v_funnel']) {
        expect(names).toContain(t);
      }
    });
  });

  it('records each migration once and re-opening applies nothing', async () => {
    const path = join(tempDir(), 'c.duckdb');
    await withCorpus(async () => undefined, path);
    await withCorpus(async (corpus) => {
      const rows = await corpus.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      const applied = await corpus.withSession((s) => applyMigrations(s));
      expect(applied).toEqual([]);
    }, path);
  });

  it('refuses a corpus written by a newer hookmine', async () => {
    const path = join(tempDir(), 'newer.duckdb');
    await withCorpus((c) => c.run(`INSERT INTO schema_migrations VALUES (9999, 'future', now()::TIMESTAMP)`), path);
    await expect(Corpus.open(path)).rejects.toThrow(/newer than this hookmine knows/);
  });

  it('read-only open of a missing file is unusable input', async () => {
    await expect(Corpus.open(join(tempDir(), 'nope.duckdb'), { readOnly: true })).rejects.toBeInstanceOf(UnusableInputError);
  });

  it('read-only open refuses writes', async () => {
    const path = join(tempDir(), 'ro.duckdb');
    await withCorpus(async () => undefined, path);
    const ro = await Corpus.open(path, { readOnly: true });
    try {
      await expect(ro.run(`INSERT INTO competitions (slug, source, first_seen_at, updated_at) VALUES ('x', 'ingest', now(), now())`)).rejects.toThrow(
        /read-only/i,
      );
    } finally {
      ro.close();
    }
  });
});

describe('Corpus.append', () => {
  it('writes every column type through the Appender and reads plain values back', async () => {
    await withCorpus(async (corpus) => {
      const when = new Date('2024-05-01T12:00:00Z');
      await corpus.append('hooks', [
        {
          hook_id: 'h1', proposal_id: 'p1', notebook_id: 'nb', ordinal: 0, name: 'train_df', depends_on: ['a', 'b'],
          is_final: false, status: 'verified', value: { shape: [891, 12] }, execution_id: 'e1',
        },
      ]);
      await corpus.append('embeddings', [{ provider: 'hashing', model: 'm', text_sha256: 'x', dim: 3, vector: [0.5, -1, 2], created_at: when }]);
      const [hook] = await corpus.query('SELECT * FROM hooks');
      expect(hook).toMatchObject({ hook_id: 'h1', ordinal: 0, depends_on: ['a', 'b'], is_final: false, code_line: null });
      expect(JSON.parse(hook?.value as string)).toEqual({ shape: [891, 12] });
      const [emb] = await corpus.query('SELECT vector, created_at FROM embeddings');
      expect(emb?.vector).toEqual([0.5, -1, 2]);
      expect(emb?.created_at).toBe(when.toISOString());
    });
  });

  it('rejects a key that is not a column, naming it', async () => {
    await withCorpus(async (corpus) => {
      await expect(corpus.append('competitions', [{ slug: 'a', sluggg: 'b' }])).rejects.toThrow(/no column sluggg/);
    });
  });

  it('a failed transaction leaves nothing behind', async () => {
    await withCorpus(async (corpus) => {
      const now = new Date();
      await expect(
        corpus.transaction(async (s) => {
          await s.append('competitions', [{ slug: 'kept?', source: 'ingest', first_seen_at: now, updated_at: now }]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await corpus.query('SELECT * FROM competitions')).toEqual([]);
    });
  });

  it('a NOT NULL violation is an error and stores no partial batch', async () => {
    await withCorpus(async (corpus) => {
      const now = new Date();
      await expect(
        corpus.append('competitions', [
          { slug: 'ok', source: 'ingest', first_seen_at: now, updated_at: now },
          { slug: 'bad', source: null, first_seen_at: now, updated_at: now },
        ]),
      ).rejects.toThrow();
      expect(await corpus.query('SELECT slug FROM competitions')).toEqual([]);
    });
  });
});

describe('upsertRows', () => {
  it('inserts new keys, updates only the named columns, and tolerates duplicate keys in one batch', async () => {
    await withCorpus(async (corpus) => {
      const t0 = new Date('2024-01-01T00:00:00Z');
      const t1 = new Date('2024-02-01T00:00:00Z');
      await corpus.withSession((s) =>
        upsertRows(s, 'competitions', [{ slug: 'a', title: 'A', source: 'ingest', first_seen_at: t0, updated_at: t0 }], { key: ['slug'] }),
      );
      await corpus.withSession((s) =>
        upsertRows(
          s,
          'competitions',
          [
            { slug: 'a', title: 'A2', source: 'kaggle-api', first_seen_at: t1, updated_at: t1 },
            { slug: 'b', title: 'B', source: 'kaggle-api', first_seen_at: t1, updated_at: t1 },
            { slug: 'b', title: 'B', source: 'kaggle-api', first_seen_at: t1, updated_at: t1 },
          ],
          { key: ['slug'], update: ['title', 'updated_at'] },
        ),
      );
      const rows = await corpus.query('SELECT slug, title, source, first_seen_at FROM competitions ORDER BY slug');
      expect(rows).toEqual([
        { slug: 'a', title: 'A2', source: 'ingest', first_seen_at: t0.toISOString() },
        { slug: 'b', title: 'B', source: 'kaggle-api', first_seen_at: t1.toISOString() },
      ]);
    });
  });

  it('a CorpusError names the table when it does not exist', async () => {
    await withCorpus(async (corpus) => {
      await expect(corpus.append('no_such_table', [{ a: 1 }])).rejects.toBeInstanceOf(CorpusError);
    });
  });
});
