// Domain verbs for hook proposals, hooks and their captures.
import type { Corpus } from './corpus.js';
import { upsertRows } from './upsert.js';

export interface ProposalRow {
  proposal_id: string;
  notebook_id: string;
  proposer: 'static' | 'llm';
  model: string | null;
  prompt_version: string | null;
  status: 'proposed' | 'verified' | 'partial' | 'rejected' | 'failed';
  reason: string | null;
  base_script_sha256: string;
  instrumented_script: string;
  tokens_in: number | null;
  tokens_out: number | null;
  created_at: Date;
  run_id: string | null;
  /** the tier its base run can give: kaggle_reproduced | local_deterministic | prefix */
  evidence: string | null;
}

export interface HookRow {
  hook_id: string;
  proposal_id: string;
  notebook_id: string;
  ordinal: number;
  name: string;
  variable_name: string | null;
  code_line: string | null;
  cell_index: number | null;
  line: number | null;
  depends_on: string[];
  is_final: boolean;
  status: 'proposed' | 'verified' | 'rejected';
  reject_reason: string | null;
  value_hash?: string | null;
  value?: unknown;
  value_type?: string | null;
  is_stable?: boolean | null;
  execution_id?: string | null;
}

/**
 * The run a notebook's hooks are placed on: its latest reference or repair run, completed (all its
 * cells) or stopped in cell `failed_cell` (the cells before it: a prefix).
 */
export interface BaseRun {
  notebook_id: string;
  competition: string;
  title: string | null;
  execution_id: string;
  purpose: string;
  status: string;
  outcome: string;
  reason: string | null;
  reason_detail: string | null;
  failed_cell: number | null;
  script: string;
  script_sha256: string;
  environment: string;
  /** outputs of the run that change with the random seed (the repair stage's seed check) */
  seed_dependent: string[] | null;
}

const BASE_COLUMNS = `n.notebook_id, n.competition, n.title, e.execution_id, e.purpose, e.status, e.outcome, e.reason, e.reason_detail, e.failed_cell,
       e.script, e.script_sha256, e.environment,
       (SELECT arg_max(r.seed_dependent, r.started_at) FROM repair_sessions r WHERE r.execution_id = e.execution_id) AS seed_dependent`;

/** The latest reference or repair run of each notebook (filtered by the caller on its tier). */
export async function baseRuns(db: Corpus, filter: { competition?: string; notebookIds?: string[] }): Promise<BaseRun[]> {
  const rows = await db.query<BaseRun & Record<string, unknown>>(
    `WITH latest AS (
       SELECT notebook_id, arg_max(execution_id, started_at) AS execution_id
       FROM executions WHERE purpose IN ('reference', 'repair') AND notebook_id IS NOT NULL
       GROUP BY notebook_id
     )
     SELECT ${BASE_COLUMNS}
     FROM latest JOIN executions e USING (execution_id) JOIN notebooks n ON n.notebook_id = e.notebook_id
     WHERE ($1::VARCHAR IS NULL OR n.competition = $1)
       AND ($2::VARCHAR[] IS NULL OR list_contains($2, n.notebook_id))
     ORDER BY n.competition, n.title, n.notebook_id`,
    [filter.competition ?? null, filter.notebookIds ?? null],
  );
  return rows;
}

export async function proposalExists(db: Corpus, proposalId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM hook_proposals WHERE proposal_id = $1', [proposalId]);
  return rows.length > 0;
}

/** Store a proposal with its hooks (and the refused items) in one transaction. */
export async function insertProposal(corpus: Corpus, proposal: ProposalRow, hooks: readonly HookRow[]): Promise<void> {
  await corpus.transaction(async (s) => {
    await s.append('hook_proposals', [{ ...proposal }]);
    await s.append('hooks', hooks.map((h) => ({ ...h })));
  });
}

export interface ProposalToVerify extends ProposalRow {
  competition: string;
  title: string | null;
}

export async function proposalsToVerify(
  db: Corpus,
  filter: { competition?: string; notebookIds?: string[]; reverify?: boolean; evidence?: readonly string[] },
): Promise<ProposalToVerify[]> {
  return db.query<ProposalToVerify & Record<string, unknown>>(
    `SELECT p.*, n.competition, n.title FROM hook_proposals p JOIN notebooks n USING (notebook_id)
     WHERE ($1 OR p.status = 'proposed')
       AND ($2::VARCHAR IS NULL OR n.competition = $2)
       AND ($3::VARCHAR[] IS NULL OR list_contains($3, p.notebook_id))
       AND ($4::VARCHAR[] IS NULL OR list_contains($4, coalesce(p.evidence, 'kaggle_reproduced')))
     ORDER BY n.competition, n.title, p.created_at`,
    [filter.reverify ?? false, filter.competition ?? null, filter.notebookIds ?? null, filter.evidence ? [...filter.evidence] : null],
  );
}

/** Items a proposer offered that were refused before any run carry this prefix in reject_reason. */
export const PROPOSAL_REJECTION = 'proposal: ';

/** The hooks of a proposal that go to verification (not those refused when it was made). */
export async function proposalHooks(db: Corpus, proposalId: string): Promise<HookRow[]> {
  return db.query<HookRow & Record<string, unknown>>(
    `SELECT * FROM hooks WHERE proposal_id = $1 AND NOT starts_with(coalesce(reject_reason, ''), $2) ORDER BY ordinal`,
    [proposalId, PROPOSAL_REJECTION],
  );
}

/** The base run a proposal was made on: the notebook's run whose script has that hash. */
export async function proposalBaseRun(db: Corpus, notebookId: string, scriptSha256: string): Promise<BaseRun | undefined> {
  const rows = await db.query<BaseRun & Record<string, unknown>>(
    `SELECT ${BASE_COLUMNS}
     FROM executions e JOIN notebooks n USING (notebook_id)
     WHERE e.notebook_id = $1 AND e.script_sha256 = $2 AND e.purpose IN ('reference', 'repair')
     ORDER BY e.started_at DESC LIMIT 1`,
    [notebookId, scriptSha256],
  );
  return rows[0];
}

export async function insertCaptures(corpus: Corpus, executionId: string, captures: readonly Record<string, unknown>[]): Promise<void> {
  await corpus.append(
    'hook_captures',
    captures.map((c) => ({
      execution_id: executionId,
      seq: c.seq,
      name: c.name,
      variable_name: c.variable_name ?? null,
      value_hash: c.value_hash ?? null,
      value: c.value ?? null,
      value_type: c.value_type ?? null,
      cell_index: c.cell_index ?? null,
      line: c.line ?? null,
      elapsed_us: c.elapsed_us ?? null,
    })),
  );
}

/** Record the outcome of verification: the proposal's status and each hook's. */
export async function recordVerification(corpus: Corpus, proposal: Pick<ProposalRow, 'proposal_id' | 'status' | 'reason'>, hooks: readonly HookRow[]): Promise<void> {
  await corpus.transaction(async (s) => {
    await s.run('UPDATE hook_proposals SET status = $1, reason = $2 WHERE proposal_id = $3', [proposal.status, proposal.reason, proposal.proposal_id]);
    await upsertRows(
      s,
      'hooks',
      hooks.map((h) => ({ ...h })),
      { key: ['hook_id'], update: ['status', 'reject_reason', 'value_hash', 'value', 'value_type', 'is_stable', 'execution_id', 'depends_on'] },
    );
  });
}

/** The accepted repairs a run rests on (the repair stage records them against its run). */
export async function acceptedRepairs(db: Corpus, executionId: string): Promise<Record<string, unknown>[]> {
  return db.query(
    `SELECT rule, method, cell_index, line, before, after FROM repairs WHERE execution_id = $1 AND accepted ORDER BY cell_index, line`,
    [executionId],
  );
}

/** What the reference run produced, for the final-output comparison. */
export async function referenceOutputs(db: Corpus, executionId: string): Promise<{
  cells: { cell_index: number; status: string; stdout: string; display: string | null }[];
  files: { path: string; sha256: string; content: string | null }[];
}> {
  const cells = await db.query<{ cell_index: number; status: string; stdout: string; display: string | null }>(
    'SELECT cell_index, status, stdout, display FROM execution_cells WHERE execution_id = $1 ORDER BY cell_index',
    [executionId],
  );
  const files = await db.query<{ path: string; sha256: string; content: string | null }>('SELECT path, sha256, content FROM execution_files WHERE execution_id = $1 ORDER BY path', [executionId]);
  return { cells, files };
}

/** How many proposals the corpus holds, and how many kept hooks (verified or partly). */
export async function proposalCounts(db: Corpus): Promise<{ total: number; done: number }> {
  const [row] = await db.query<{ total: number; done: number }>(
    `SELECT count(*)::INT AS total, count(*) FILTER (WHERE status IN ('verified', 'partial'))::INT AS done FROM hook_proposals`,
  );
  return row ?? { total: 0, done: 0 };
}
