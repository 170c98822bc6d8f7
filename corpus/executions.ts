// Domain verbs for the execute stage: which notebooks to run, their stored cells and Kaggle's
// output files, and storing one run (executions + cells + files + output checks) atomically.
import type { Corpus, Params, Session } from './corpus.js';
import type { Param } from './values.js';

export interface NotebookToRun {
  notebook_id: string;
  competition: string;
  title: string | null;
  source_path: string | null;
}

export interface StoredCellRow {
  cell_index: number;
  cell_type: string;
  source: string;
  execution_count: number | null;
  /** JSON text of the normalised stored outputs, or null */
  outputs: string | null;
}

export interface KaggleOutputFileRow {
  file_name: string;
  local_path: string | null;
  sha256: string | null;
}

/** What a stored run says about how it ended, with its environment as the JSON text read back. */
export type ExecutionFacts = Pick<ExecutionRow, 'status' | 'outcome' | 'reason' | 'reason_detail' | 'failed_cell' | 'ename' | 'evalue' | 'traceback'> & {
  environment: string | null;
};

export interface ExecutionRow {
  execution_id: string;
  notebook_id: string | null;
  purpose: string;
  run_id: string | null;
  sandbox: string;
  image: string | null;
  script_sha256: string;
  script: string;
  status: string;
  outcome: string | null;
  reason: string | null;
  reason_detail: string | null;
  failed_cell: number | null;
  ename: string | null;
  evalue: string | null;
  traceback: string | null;
  exit_code: number | null;
  signal: string | null;
  stdout: string;
  stdout_bytes: number;
  stderr: string;
  stderr_bytes: number;
  wall_ms: number;
  cpu_ms: number | null;
  peak_rss_kb: number | null;
  environment: unknown;
  deviations: unknown;
  comparison: unknown;
  started_at: Date;
  finished_at: Date;
}

export interface ExecutionCellRow {
  execution_id: string;
  cell_index: number;
  status: string;
  duration_ms: number | null;
  stdout: string;
  stdout_bytes: number;
  stderr: string;
  display: unknown;
  ename: string | null;
  evalue: string | null;
}

export interface ExecutionFileRow {
  execution_id: string;
  path: string;
  size_bytes: number;
  sha256: string;
  csv_columns: string[] | null;
  csv_rows: number | null;
  preview: string;
  /** the file itself when it is small (FILE_CONTENT_LIMIT) */
  content?: Buffer | null;
}

export interface OutputCheckRow {
  execution_id: string;
  target_kind: string;
  target: string;
  matched: boolean;
  detail: string | null;
}

/** Conditions (on notebooks `n`) and parameters for a competition and notebook ids. */
export function selectNotebooks(filter: { competition?: string; notebookIds?: string[] }, where: string[], params: Record<string, Param>): void {
  if (filter.competition) {
    where.push('n.competition = $competition');
    params.competition = filter.competition;
  }
  if (filter.notebookIds && filter.notebookIds.length > 0) {
    where.push('list_contains($ids, n.notebook_id)');
    params.ids = filter.notebookIds;
  }
}

/**
 * Notebooks to execute: by competition and/or ids; without `rerun`, only those that have no
 * reference run yet (a stage re-run skips work already done).
 */
export async function notebooksToExecute(
  db: Corpus | Session,
  filter: { competition?: string; notebookIds?: string[]; rerun?: boolean; limit?: number },
): Promise<NotebookToRun[]> {
  const where: string[] = [];
  const params: Record<string, Param> = {};
  selectNotebooks(filter, where, params);
  if (!filter.rerun) {
    where.push(`NOT EXISTS (SELECT 1 FROM executions e WHERE e.notebook_id = n.notebook_id AND e.purpose = 'reference')`);
  }
  let limit = '';
  if (filter.limit !== undefined) {
    limit = 'LIMIT $limit';
    params.limit = Math.max(0, Math.floor(filter.limit));
  }
  return db.query<NotebookToRun & Record<string, unknown>>(
    `SELECT n.notebook_id, n.competition, n.title, n.source_path FROM notebooks n
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY n.competition, n.title, n.notebook_id ${limit}`,
    params as Params,
  );
}

/** Notebook ids among `ids` that the corpus does not hold. */
export async function unknownNotebookIds(db: Corpus | Session, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ notebook_id: string }>('SELECT notebook_id FROM notebooks WHERE list_contains($1, notebook_id)', [ids as string[]]);
  const known = new Set(rows.map((r) => r.notebook_id));
  return ids.filter((id) => !known.has(id));
}

export async function storedCells(db: Corpus | Session, notebookId: string): Promise<StoredCellRow[]> {
  return db.query<StoredCellRow & Record<string, unknown>>(
    'SELECT cell_index, cell_type, source, execution_count, outputs::VARCHAR AS outputs FROM cells WHERE notebook_id = $1 ORDER BY cell_index',
    [notebookId],
  );
}

export async function kaggleOutputFiles(db: Corpus | Session, notebookId: string): Promise<KaggleOutputFileRow[]> {
  return db.query<KaggleOutputFileRow & Record<string, unknown>>('SELECT file_name, local_path, sha256 FROM kaggle_output_files WHERE notebook_id = $1 ORDER BY file_name', [notebookId]);
}

/** Store one run with its cells, files and output checks: all of it lands, or none does. */
export async function insertExecution(
  corpus: Corpus,
  run: { execution: ExecutionRow; cells: ExecutionCellRow[]; files: ExecutionFileRow[]; checks: OutputCheckRow[] },
): Promise<void> {
  await corpus.transaction(async (s) => {
    await s.append('executions', [{ ...run.execution }]);
    if (run.cells.length) await s.append('execution_cells', run.cells.map((c) => ({ ...c })));
    if (run.files.length) await s.append('execution_files', run.files.map((f) => ({ ...f })));
    if (run.checks.length) await s.append('output_checks', run.checks.map((c) => ({ ...c })));
  });
}
