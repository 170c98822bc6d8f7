// Domain verbs for the repair stage: which notebooks to repair (their latest reference/repair run
// did not reproduce), storing a repair session (its runs, every row patch, the before/after) in
// one transaction, and reading the repairs a run rests on.
import type { Corpus, Params, Session } from './corpus.js';
import { selectNotebooks, type ExecutionCellRow, type ExecutionFacts, type ExecutionFileRow, type ExecutionRow, type OutputCheckRow } from './executions.js';
import type { Param } from './values.js';

export interface RepairCandidate extends ExecutionFacts {
  notebook_id: string;
  competition: string;
  title: string | null;
  /** the latest reference run: the state a repair starts from */
  execution_id: string;
  purpose: string;
  /** a session already started from this run */
  repaired_before: boolean;
}

export interface RepairRow {
  repair_id: string;
  notebook_id: string;
  execution_id: string | null;
  method: 'rule' | 'llm';
  rule: string;
  attempt: number | null;
  cell_index: number;
  /** null for an LLM attempt whose patch was refused before it ran */
  line: number | null;
  before: string | null;
  after: string | null;
  accepted: boolean;
  reason: string | null;
  created_at: Date;
  seq: number;
  detail: string | null;
  run_id: string | null;
}

export interface RepairSessionRow {
  session_id: string;
  notebook_id: string;
  run_id: string | null;
  base_execution_id: string | null;
  execution_id: string | null;
  before_outcome: string | null;
  before_reason: string | null;
  before_detail: string | null;
  after_outcome: string | null;
  after_reason: string | null;
  after_detail: string | null;
  status: 'reproduced' | 'ran' | 'failed' | 'skipped';
  rules: string[];
  /** outputs of the best run that changed when it ran again with another seed (`cell 11`, `file sub.csv`) */
  seed_dependent: string[] | null;
  rule_repairs: number;
  llm_attempts: number;
  runs: number;
  tokens_in: number | null;
  tokens_out: number | null;
  budget_ms: number | null;
  wall_ms: number;
  started_at: Date;
  finished_at: Date;
}

export interface StoredRun {
  execution: ExecutionRow;
  cells: ExecutionCellRow[];
  files: ExecutionFileRow[];
  checks: OutputCheckRow[];
}

/**
 * Notebooks whose latest reference/repair run did not reproduce, with their latest reference run
 * (the state a repair starts from and is compared with). Without `rerun`, notebooks already
 * repaired from that reference run are left out (a stage re-run skips work done).
 */
export async function notebooksToRepair(
  db: Corpus | Session,
  filter: { competition?: string; notebookIds?: string[]; rerun?: boolean; limit?: number },
): Promise<RepairCandidate[]> {
  const where: string[] = ["state.outcome IS DISTINCT FROM 'reproduced'"];
  const params: Record<string, Param> = {};
  selectNotebooks(filter, where, params);
  if (!filter.rerun) where.push('NOT EXISTS (SELECT 1 FROM repair_sessions s WHERE s.base_execution_id = ref.execution_id)');
  let limit = '';
  if (filter.limit !== undefined) {
    limit = 'LIMIT $limit';
    params.limit = Math.max(0, Math.floor(filter.limit));
  }
  return db.query<RepairCandidate & Record<string, unknown>>(
    `WITH ref AS (
       SELECT notebook_id, execution_id, purpose, status, outcome, reason, reason_detail, failed_cell, ename, evalue, traceback, environment::VARCHAR AS environment
       FROM executions WHERE purpose = 'reference' AND notebook_id IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY notebook_id ORDER BY started_at DESC, execution_id DESC) = 1
     ), state AS (
       SELECT notebook_id, outcome FROM executions WHERE purpose IN ('reference', 'repair') AND notebook_id IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY notebook_id ORDER BY started_at DESC, execution_id DESC) = 1
     )
     SELECT n.notebook_id, n.competition, n.title, ref.execution_id, ref.purpose, ref.status, ref.outcome, ref.reason,
            ref.reason_detail, ref.failed_cell, ref.ename, ref.evalue, ref.traceback, ref.environment,
            EXISTS (SELECT 1 FROM repair_sessions s WHERE s.base_execution_id = ref.execution_id) AS repaired_before
     FROM notebooks n JOIN ref USING (notebook_id) JOIN state USING (notebook_id)
     WHERE ${where.join(' AND ')}
     ORDER BY n.competition, n.title, n.notebook_id ${limit}`,
    params as Params,
  );
}

/** Notebooks among the selection that have no reference run yet (repair needs one to start from). */
export async function notebooksNotExecuted(db: Corpus | Session, filter: { competition?: string; notebookIds?: string[] }): Promise<string[]> {
  const where: string[] = [`NOT EXISTS (SELECT 1 FROM executions e WHERE e.notebook_id = n.notebook_id AND e.purpose = 'reference')`];
  const params: Record<string, Param> = {};
  selectNotebooks(filter, where, params);
  const rows = await db.query<{ notebook_id: string }>(`SELECT notebook_id FROM notebooks n WHERE ${where.join(' AND ')} ORDER BY 1`, params as Params);
  return rows.map((r) => r.notebook_id);
}

/** Store a repair session: its runs (with cells, files, checks), every repair row and the session row, all or nothing. */
export async function storeRepairSession(corpus: Corpus, session: { runs: StoredRun[]; repairs: RepairRow[]; row: RepairSessionRow }): Promise<void> {
  await corpus.transaction(async (s) => {
    for (const run of session.runs) {
      await s.append('executions', [{ ...run.execution }]);
      if (run.cells.length) await s.append('execution_cells', run.cells.map((c) => ({ ...c })));
      if (run.files.length) await s.append('execution_files', run.files.map((f) => ({ ...f })));
      if (run.checks.length) await s.append('output_checks', run.checks.map((c) => ({ ...c })));
    }
    if (session.repairs.length) await s.append('repairs', session.repairs.map((r) => ({ ...r })));
    await s.append('repair_sessions', [{ ...session.row }]);
  });
}

/** A stored run's own outputs: cells that ran to their end (stdout, displayed values as JSON text) and small files (base64). */
export async function runOutputs(db: Corpus | Session, executionId: string): Promise<{ cells: { cell_index: number; stdout: string | null; display: string | null }[]; files: { path: string; content: string | null }[] }> {
  const cells = await db.query<{ cell_index: number; stdout: string | null; display: string | null }>(
    "SELECT cell_index, stdout, display::VARCHAR AS display FROM execution_cells WHERE execution_id = $1 AND status = 'ok' ORDER BY cell_index",
    [executionId],
  );
  const files = await db.query<{ path: string; content: string | null }>('SELECT path, content FROM execution_files WHERE execution_id = $1 ORDER BY path', [executionId]);
  return { cells, files };
}

/** The output checks of a run that did not match Kaggle's record. */
export async function mismatchedChecks(db: Corpus | Session, executionId: string): Promise<{ targetKind: 'cell_output' | 'output_file'; target: string }[]> {
  const rows = await db.query<{ target_kind: string; target: string }>('SELECT target_kind, target FROM output_checks WHERE execution_id = $1 AND NOT matched ORDER BY target_kind, target', [executionId]);
  return rows.map((r) => ({ targetKind: r.target_kind as 'cell_output' | 'output_file', target: r.target }));
}

/** The repairs a run's code rests on, in the order they apply to the notebook's source. */
export async function repairsOfExecution(db: Corpus | Session, executionId: string, options: { acceptedOnly?: boolean } = {}): Promise<RepairRow[]> {
  return db.query<RepairRow & Record<string, unknown>>(
    `SELECT * FROM repairs WHERE execution_id = $1 ${options.acceptedOnly ? 'AND accepted' : ''} ORDER BY seq, repair_id`,
    [executionId],
  );
}

export interface RepairSessionSummary extends Record<string, unknown> {
  notebook_id: string;
  competition: string;
  title: string | null;
  before_outcome: string | null;
  before_reason: string | null;
  after_outcome: string | null;
  after_reason: string | null;
  after_detail: string | null;
  status: string;
  rules: string[] | null;
  llm_attempts: number;
  runs: number;
  wall_ms: number;
}

/** The latest session per notebook of a run (or of all runs). */
export async function repairSessions(db: Corpus | Session, runId?: string): Promise<RepairSessionSummary[]> {
  return db.query<RepairSessionSummary>(
    `SELECT s.notebook_id, n.competition, n.title, s.before_outcome, s.before_reason, s.after_outcome, s.after_reason, s.after_detail,
            s.status, s.rules, s.llm_attempts, s.runs, s.wall_ms
     FROM repair_sessions s JOIN notebooks n USING (notebook_id)
     ${runId ? 'WHERE s.run_id = $1' : ''}
     QUALIFY row_number() OVER (PARTITION BY s.notebook_id ORDER BY s.started_at DESC) = 1
     ORDER BY n.competition, n.title`,
    runId ? [runId] : [],
  );
}
