// Domain verbs for notebooks, their cells, their competitions and the files that failed to ingest.
import type { Corpus, Session } from './corpus.js';
import { upsertRows } from './upsert.js';

export interface NotebookRow {
  notebook_id: string;
  competition: string;
  title: string | null;
  origin: 'file' | 'kaggle-api' | 'meta-kaggle-code';
  source_path: string | null;
  kaggle_ref?: string | null;
  kaggle_id?: number | null;
  kaggle_version?: number | null;
  kernel_version_id?: number | null;
  author?: string | null;
  language: string;
  kind: 'ipynb' | 'script';
  nbformat: number | null;
  nbformat_minor: number | null;
  kernel_name: string | null;
  language_version: string | null;
  has_kaggle_metadata: boolean;
  source: string;
  sha256: string;
  size_bytes: number;
  cell_count: number;
  code_cell_count: number;
  has_outputs: boolean;
  total_votes?: number | null;
  medal?: string | null;
  medal_source?: string | null;
  medal_award_date?: Date | string | null;
  docker_image?: string | null;
  last_run_time?: Date | string | null;
  kaggle_metadata?: unknown;
  crawled_at?: Date | string | null;
  ingested_at: Date;
  run_id: string | null;
}

export interface CellRow {
  notebook_id: string;
  cell_index: number;
  code_index: number | null;
  cell_type: string;
  source: string;
  execution_count: number | null;
  has_outputs: boolean;
  output_types: string[];
  outputs: unknown;
}

export interface IngestFailureRow {
  path: string;
  sha256: string;
  size_bytes: number | null;
  competition: string | null;
  reason: string;
  message: string;
  run_id: string | null;
}

/** Which of these notebook ids the corpus already holds. */
export async function existingNotebookIds(db: Corpus | Session, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ notebook_id: string }>('SELECT notebook_id FROM notebooks WHERE list_contains($1, notebook_id)', [
    ids as string[],
  ]);
  return new Set(rows.map((r) => r.notebook_id));
}

/** Make sure each competition slug has a row; existing rows (for example from the crawler) are kept. */
export async function ensureCompetitions(session: Session, slugs: Iterable<string>, source: string): Promise<void> {
  const now = new Date();
  const rows = [...new Set(slugs)].map((slug) => ({ slug, source, first_seen_at: now, updated_at: now }));
  await upsertRows(session, 'competitions', rows, { key: ['slug'] });
}

/**
 * Store notebooks with their cells in one transaction. Notebooks already present are left alone,
 * so storing the same notebook twice adds nothing. Returns the ids actually inserted.
 */
export async function insertNotebooks(corpus: Corpus, notebooks: readonly { row: NotebookRow; cells: CellRow[] }[]): Promise<string[]> {
  if (notebooks.length === 0) return [];
  return corpus.transaction(async (session) => {
    const present = await existingNotebookIds(
      session,
      notebooks.map((n) => n.row.notebook_id),
    );
    const fresh = new Map<string, { row: NotebookRow; cells: CellRow[] }>();
    for (const n of notebooks) if (!present.has(n.row.notebook_id) && !fresh.has(n.row.notebook_id)) fresh.set(n.row.notebook_id, n);
    const items = [...fresh.values()];
    await ensureCompetitions(
      session,
      items.map((n) => n.row.competition),
      'ingest',
    );
    await session.append(
      'notebooks',
      items.map((n) => ({ ...n.row })),
    );
    await session.append(
      'cells',
      items.flatMap((n) => n.cells.map((c) => ({ ...c }))),
    );
    return items.map((n) => n.row.notebook_id);
  });
}

/** Record (or refresh) files that could not be ingested, keyed by path and content hash. */
export async function recordIngestFailures(corpus: Corpus, failures: readonly IngestFailureRow[]): Promise<void> {
  if (failures.length === 0) return;
  const now = new Date();
  await corpus.transaction(async (session) => {
    const slugs = failures.map((f) => f.competition).filter((c): c is string => !!c);
    await ensureCompetitions(session, slugs, 'ingest');
    await upsertRows(
      session,
      'ingest_failures',
      failures.map((f) => ({ ...f, first_seen_at: now, last_seen_at: now })),
      { key: ['path', 'sha256'], update: ['reason', 'message', 'last_seen_at', 'run_id', 'competition', 'size_bytes'] },
    );
  });
}

/** A notebook ingested from a file is no longer a failure at that path. */
export async function clearIngestFailures(session: Session | Corpus, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  await session.run('DELETE FROM ingest_failures WHERE list_contains($1, path)', [paths as string[]]);
}
