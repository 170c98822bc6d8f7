// Domain verbs for the crawl queue (crawl_items) and the files a crawl downloaded
// (kaggle_output_files, competition_files). Every verb that moves an item forward writes the item
// and what it produced in one transaction, so a crawl killed at any moment leaves either both or
// neither.
import type { Corpus, Row, Session } from './corpus.js';
import { saveCursor, type CursorRow } from './crawl.js';
import { upsertRows } from './upsert.js';

type Db = Corpus | Session;

export type ItemStatus = 'pending' | 'done' | 'failed' | 'skipped';

export type CrawlItemRow = {
  item_key: string;
  kind: string;
  competition: string | null;
  payload: string | null;
  status: ItemStatus;
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  version_key: string | null;
};

export type StoredFile = {
  file_name: string;
  size_bytes: number;
  sha256: string;
  local_path: string;
};

/** A new generation gives failed output downloads another chance (kernels are requeued by listing). */
export async function requeueFailed(db: Db, kind: string): Promise<void> {
  await db.run(`UPDATE crawl_items SET status = 'pending', updated_at = now()::TIMESTAMP WHERE kind = $1 AND status = 'failed'`, [kind]);
}

export interface ListedKernel {
  item_key: string;
  payload: Row;
  version_key: string;
}

/**
 * Store one listing page: each medal-tier kernel becomes (or stays) a queue item, and the cursor
 * moves on, in one transaction. A kernel fetched before with the same version stays done; one that
 * failed with 403/404 on the same version stays failed; anything else is (re)queued.
 * Returns the keys that stayed done (unchanged since the last fetch).
 */
export async function saveListingPage(
  corpus: Corpus,
  page: { competition: string; kernels: readonly ListedKernel[]; cursor: CursorRow; runId: string },
): Promise<string[]> {
  return corpus.transaction(async (s) => {
    const keys = page.kernels.map((k) => k.item_key);
    const existing = new Map<string, CrawlItemRow>();
    if (keys.length > 0) {
      const rows = await s.query<CrawlItemRow>(
        `SELECT item_key, kind, competition, status, attempts, http_status, last_error, version_key FROM crawl_items WHERE list_contains($1, item_key)`,
        [keys],
      );
      for (const r of rows) existing.set(r.item_key, r);
    }
    const now = new Date();
    const unchanged: string[] = [];
    const rows = page.kernels.map((k) => {
      const old = existing.get(k.item_key);
      const same = old?.version_key === k.version_key;
      let status: ItemStatus = 'pending';
      if (old && same && old.status === 'done') status = 'done';
      else if (old && same && old.status === 'failed' && (old.http_status === 403 || old.http_status === 404)) status = 'failed';
      if (status === 'done') unchanged.push(k.item_key);
      return {
        item_key: k.item_key,
        kind: 'kernel',
        competition: page.competition,
        payload: k.payload,
        status,
        attempts: old && same ? old.attempts : 0,
        http_status: status === 'failed' ? (old?.http_status ?? null) : null,
        last_error: status === 'failed' ? (old?.last_error ?? null) : null,
        version_key: k.version_key,
        enqueued_at: now,
        updated_at: now,
        run_id: page.runId,
      };
    });
    await upsertRows(s, 'crawl_items', rows, {
      key: ['item_key'],
      update: ['payload', 'status', 'attempts', 'http_status', 'last_error', 'version_key', 'updated_at', 'run_id'],
    });
    await saveCursor(s, page.cursor, page.runId);
    return unchanged;
  });
}

/**
 * Pending items of one kind for a competition, most-voted first. With `top`, only items among the
 * `top` most-voted kernels listed in this generation (whatever their status) are returned.
 */
export async function pendingItems(
  db: Db,
  query: { kind: string; competition: string; generation?: string; top?: number },
): Promise<CrawlItemRow[]> {
  const order = `TRY_CAST(json_extract_string(payload, '$.totalVotes') AS INTEGER) DESC NULLS LAST, item_key`;
  if (query.top !== undefined && query.generation) {
    return db.query<CrawlItemRow>(
      `WITH ranked AS (
         SELECT *, row_number() OVER (ORDER BY ${order}) AS rank FROM crawl_items
         WHERE kind = $1 AND competition = $2 AND status <> 'skipped'
           AND run_id IN (SELECT run_id FROM crawl_runs WHERE generation = $3)
       )
       SELECT item_key, kind, competition, payload::VARCHAR AS payload, status, attempts, http_status, last_error, version_key
       FROM ranked WHERE rank <= $4 AND status = 'pending' ORDER BY rank`,
      [query.kind, query.competition, query.generation, query.top],
    );
  }
  return db.query<CrawlItemRow>(
    `SELECT item_key, kind, competition, payload::VARCHAR AS payload, status, attempts, http_status, last_error, version_key
     FROM crawl_items WHERE kind = $1 AND competition = $2 AND status = 'pending' ORDER BY ${order}`,
    [query.kind, query.competition],
  );
}

export async function getItem(db: Db, key: string): Promise<CrawlItemRow | undefined> {
  const rows = await db.query<CrawlItemRow>(
    `SELECT item_key, kind, competition, payload::VARCHAR AS payload, status, attempts, http_status, last_error, version_key FROM crawl_items WHERE item_key = $1`,
    [key],
  );
  return rows[0];
}

/** Create or requeue an item (data downloads, competition-level failures). */
export async function putItem(
  db: Db,
  item: { item_key: string; kind: string; competition: string | null; status: ItemStatus; version_key?: string | null; payload?: unknown; http_status?: number | null; last_error?: string | null },
  runId: string,
): Promise<void> {
  const now = new Date();
  const write = (s: Session) =>
    upsertRows(
      s,
      'crawl_items',
      [{ payload: null, version_key: null, http_status: null, last_error: null, ...item, attempts: 0, enqueued_at: now, updated_at: now, run_id: runId }],
      { key: ['item_key'], update: ['status', 'payload', 'version_key', 'http_status', 'last_error', 'updated_at', 'run_id'] },
    );
  if ('transaction' in db) await db.transaction(write);
  else await write(db);
}

export async function markItem(
  db: Db,
  key: string,
  update: { status: ItemStatus; http_status?: number | null; last_error?: string | null; countAttempt?: boolean },
  runId: string,
): Promise<void> {
  await db.run(
    `UPDATE crawl_items SET status = $1, http_status = $2, last_error = $3, attempts = attempts + $4, updated_at = now()::TIMESTAMP, run_id = $5 WHERE item_key = $6`,
    [update.status, update.http_status ?? null, update.last_error ?? null, update.countAttempt === false ? 0 : 1, runId, key],
  );
}

export interface QueuedOutput {
  item_key: string;
  competition: string;
  version_key: string;
  payload: unknown;
}

/**
 * Kernels were stored: mark their items done and queue their output files (unless they were
 * fetched for that very notebook version already), in one transaction.
 */
export async function completeKernelItems(corpus: Corpus, runId: string, done: readonly { key: string; output: QueuedOutput | null }[]): Promise<void> {
  if (done.length === 0) return;
  await corpus.transaction(async (s) => {
    await s.run(
      `UPDATE crawl_items SET status = 'done', http_status = NULL, last_error = NULL, attempts = attempts + 1, updated_at = now()::TIMESTAMP, run_id = $1
       WHERE list_contains($2, item_key)`,
      [runId, done.map((d) => d.key)],
    );
    const outputs = done.map((d) => d.output).filter((o): o is QueuedOutput => o !== null);
    if (outputs.length === 0) return;
    const old = new Map(
      (
        await s.query<{ item_key: string; status: string; version_key: string | null }>(
          `SELECT item_key, status, version_key FROM crawl_items WHERE list_contains($1, item_key)`,
          [outputs.map((o) => o.item_key)],
        )
      ).map((r) => [r.item_key, r]),
    );
    const now = new Date();
    const queue = outputs.filter((o) => {
      const prev = old.get(o.item_key);
      return !(prev && prev.version_key === o.version_key && (prev.status === 'done' || prev.status === 'skipped'));
    });
    await upsertRows(
      s,
      'crawl_items',
      queue.map((o) => ({ ...o, kind: 'output', status: 'pending', attempts: 0, http_status: null, last_error: null, enqueued_at: now, updated_at: now, run_id: runId })),
      { key: ['item_key'], update: ['status', 'payload', 'version_key', 'http_status', 'last_error', 'updated_at', 'run_id'] },
    );
  });
}

/** Kernels' output files were saved: record them (replacing older listings) and finish the items. */
export async function completeOutputItems(corpus: Corpus, runId: string, done: readonly { key: string; notebookId: string; files: readonly StoredFile[] }[]): Promise<void> {
  if (done.length === 0) return;
  const now = new Date();
  await corpus.transaction(async (s) => {
    await s.run('DELETE FROM kaggle_output_files WHERE list_contains($1, notebook_id)', [done.map((d) => d.notebookId)]);
    await s.append(
      'kaggle_output_files',
      done.flatMap((d) => d.files.map((f) => ({ notebook_id: d.notebookId, ...f, fetched_at: now }))),
    );
    await s.run(
      `UPDATE crawl_items SET status = 'done', http_status = NULL, last_error = NULL, attempts = attempts + 1, updated_at = now()::TIMESTAMP, run_id = $1
       WHERE list_contains($2, item_key)`,
      [runId, done.map((d) => d.key)],
    );
  });
}

/** Competition data was downloaded and unpacked: record the files and finish the item. */
export async function completeDataItem(corpus: Corpus, key: string, runId: string, competition: string, files: readonly StoredFile[]): Promise<void> {
  const now = new Date();
  await corpus.transaction(async (s) => {
    await s.run('DELETE FROM competition_files WHERE competition = $1', [competition]);
    await s.append(
      'competition_files',
      files.map((f) => ({ competition, ...f, downloaded_at: now })),
    );
    await markItem(s, key, { status: 'done' }, runId);
  });
}

export async function competitionFiles(db: Db, competition: string): Promise<StoredFile[]> {
  return db.query<StoredFile>(`SELECT file_name, size_bytes, sha256, local_path FROM competition_files WHERE competition = $1 ORDER BY file_name`, [competition]);
}

export async function notebookCount(db: Db, competition: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM notebooks WHERE competition = $1`, [competition]);
  return rows[0]?.n ?? 0;
}
