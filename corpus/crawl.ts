// Domain verbs for the crawl tables: runs and their generations, listing cursors, and
// competitions as the API describes them. The item queue and the files a crawl downloaded are in
// crawl-queue.ts.
import type { Corpus, Session } from './corpus.js';
import { upsertRows } from './upsert.js';

type Db = Corpus | Session;

export type CrawlRunStatus = 'running' | 'ok' | 'partial' | 'paused' | 'failed' | 'interrupted';

export type CrawlRunRow = {
  run_id: string;
  generation: string | null;
  status: CrawlRunStatus;
  started_at: string;
  options: string | null;
};

export type CursorRow = {
  competition: string;
  pass: string;
  next_page: number;
  page_token: string | null;
  done: boolean;
  items_seen: number;
};

export interface CompetitionFactsRow {
  slug: string;
  kaggle_id?: number | null;
  title?: string | null;
  url?: string | null;
  host_segment?: string | null;
  tags?: string[] | null;
  evaluation_metric?: string | null;
  deadline?: string | Date | null;
  enabled_date?: string | Date | null;
  team_count?: number | null;
  kernel_count?: number | null;
  awards_points?: boolean | null;
  kernels_submissions_only?: boolean | null;
}


// ---- runs ----

export async function latestCrawlRun(db: Db): Promise<CrawlRunRow | undefined> {
  const rows = await db.query<CrawlRunRow>(
    `SELECT run_id, generation, status, started_at, options::VARCHAR AS options FROM crawl_runs ORDER BY started_at DESC, run_id DESC LIMIT 1`,
  );
  return rows[0];
}

/**
 * A run still marked running when a new one starts (which holds the crawl lock) was killed: mark it
 * and its pipeline run interrupted.
 */
export async function interruptStaleRuns(corpus: Corpus): Promise<number> {
  return corpus.transaction(async (s) => {
    const stale = await s.query<{ run_id: string }>(`SELECT run_id FROM crawl_runs WHERE status = 'running'`);
    if (stale.length === 0) return 0;
    const ids = stale.map((r) => r.run_id);
    await s.run(`UPDATE crawl_runs SET status = 'interrupted', finished_at = now()::TIMESTAMP, error = 'the process ended without finishing (killed)' WHERE list_contains($1, run_id)`, [ids]);
    await s.run(`UPDATE pipeline_runs SET status = 'interrupted', finished_at = now()::TIMESTAMP WHERE list_contains($1, run_id) AND status = 'running'`, [ids]);
    return ids.length;
  });
}

export async function startCrawlRun(db: Db, run: { run_id: string; generation: string; api_base: string; options: unknown }): Promise<void> {
  await db.append('crawl_runs', [{ ...run, started_at: new Date(), status: 'running' }]);
}

export async function finishCrawlRun(db: Db, runId: string, status: CrawlRunStatus, stats: unknown, error: string | null): Promise<void> {
  await db.run(`UPDATE crawl_runs SET status = $1, stats = $2::JSON, error = $3, finished_at = now()::TIMESTAMP WHERE run_id = $4`, [
    status,
    JSON.stringify(stats),
    error,
    runId,
  ]);
}

// ---- cursors ----

/** A new generation starts every listing from its first page. */
export async function resetCursors(db: Db): Promise<void> {
  await db.run('DELETE FROM crawl_cursors');
}

export async function getCursor(db: Db, competition: string, pass: string): Promise<CursorRow | undefined> {
  const rows = await db.query<CursorRow>(
    `SELECT competition, pass, next_page, page_token, done, items_seen FROM crawl_cursors WHERE competition = $1 AND pass = $2`,
    [competition, pass],
  );
  return rows[0];
}

export async function saveCursor(db: Db, cursor: CursorRow, runId: string): Promise<void> {
  const write = (s: Session) =>
    upsertRows(s, 'crawl_cursors', [{ ...cursor, updated_at: new Date(), run_id: runId }], {
      key: ['competition', 'pass'],
      update: ['next_page', 'page_token', 'done', 'items_seen', 'updated_at', 'run_id'],
    });
  if ('transaction' in db) await db.transaction(write);
  else await write(db);
}

// ---- competitions ----

const FACT_COLUMNS = [
  'kaggle_id', 'title', 'url', 'host_segment', 'tags', 'evaluation_metric', 'deadline', 'enabled_date',
  'team_count', 'kernel_count', 'awards_points', 'kernels_submissions_only', 'updated_at',
] as const;

/** Store what the API says about competitions; rows made earlier keep their source and verdict. */
export async function upsertCompetitionFacts(corpus: Corpus, rows: readonly CompetitionFactsRow[], source = 'kaggle-api'): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date();
  await corpus.transaction((s) =>
    upsertRows(
      s,
      'competitions',
      rows.map((r) => ({ ...r, source, first_seen_at: now, updated_at: now })),
      { key: ['slug'], update: [...FACT_COLUMNS] },
    ),
  );
}

export async function setCompetitionVerdict(
  db: Db,
  slug: string,
  verdict: { tabular: boolean; reason: string },
  dataFiles?: readonly { name: string; totalBytes: number | null }[],
): Promise<void> {
  if (dataFiles) {
    await db.run(`UPDATE competitions SET is_tabular = $1, tabular_reason = $2, data_files = $3::JSON, updated_at = now()::TIMESTAMP WHERE slug = $4`, [
      verdict.tabular,
      verdict.reason,
      JSON.stringify(dataFiles),
      slug,
    ]);
  } else {
    await db.run(`UPDATE competitions SET is_tabular = $1, tabular_reason = $2, updated_at = now()::TIMESTAMP WHERE slug = $3`, [verdict.tabular, verdict.reason, slug]);
  }
}

/** Remember a competition's data file list (ListDataFiles) without touching its verdict. */
export async function setCompetitionDataFiles(db: Db, slug: string, files: readonly { name: string; totalBytes: number | null }[]): Promise<void> {
  await db.run(`UPDATE competitions SET data_files = $1::JSON, updated_at = now()::TIMESTAMP WHERE slug = $2`, [JSON.stringify(files), slug]);
}

export async function competitionDataFiles(db: Db, slug: string): Promise<{ name: string; totalBytes: number | null }[] | null> {
  const rows = await db.query<{ data_files: string | null }>(`SELECT data_files::VARCHAR AS data_files FROM competitions WHERE slug = $1`, [slug]);
  const text = rows[0]?.data_files;
  return text ? (JSON.parse(text) as { name: string; totalBytes: number | null }[]) : null;
}

/** The stored verdict of a competition (null when none was made). */
export async function competitionIsTabular(db: Db, slug: string): Promise<boolean | null> {
  const rows = await db.query<{ is_tabular: boolean | null }>(`SELECT is_tabular FROM competitions WHERE slug = $1`, [slug]);
  return rows[0]?.is_tabular ?? null;
}


