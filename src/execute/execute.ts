// `hookmine execute`: each stored notebook re-run in the sandbox with its competition's data laid
// out as Kaggle has it, checked against what Kaggle recorded, and stored with its outcome and, when
// it does not reproduce, the reason. A notebook that fails is recorded and the others go on.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Corpus } from '../../corpus/corpus.js';
import { insertExecution, kaggleOutputFiles, notebooksToExecute, storedCells, type NotebookToRun } from '../../corpus/executions.js';
import { notebookToScript } from '../../extractors/notebook-script.js';
import type { StoredOutput } from '../../extractors/outputs.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import type { Limits, Sandbox } from '../sandbox/index.js';
import { dataFileNames } from './job.js';
import { checkReproduction, type KaggleFile, type Reproduction, type StoredCell } from './reproduce.js';
import { notRunResult } from './not-run.js';
import { runCells } from './run-cells.js';
import { executionRows } from './rows.js';
import type { ExecutionResult } from './types.js';

export interface ExecuteOptions {
  sandbox: Sandbox;
  dataRoot: string;
  limits: Partial<Limits>;
  tolerance: { rtol: number; atol: number };
  jobs: number;
  competition?: string;
  notebookIds?: string[];
  rerun?: boolean;
  limit?: number;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
}

export interface NotebookOutcome {
  notebook_id: string;
  competition: string;
  title: string | null;
  execution_id: string;
  outcome: 'reproduced' | 'ran' | 'failed';
  reason: string | null;
  detail: string | null;
  wall_ms: number;
}

export interface ExecuteSummary {
  notebooks: number;
  byOutcome: Record<'reproduced' | 'ran' | 'failed', number>;
  byReason: Record<string, number>;
  /** competitions whose data folder was not found under the data root */
  missingData: string[];
  results: NotebookOutcome[];
}

export function newExecutionId(): string {
  return `ex_${randomBytes(8).toString('hex')}`;
}

/** A cell's stored outputs (JSON text of the cells table) as the reproduction check reads them. */
export function parseOutputs(json: string | null): StoredOutput[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as StoredOutput[]) : [];
  } catch {
    return [];
  }
}

/** Kaggle's recorded output files that are on disk (the others are not compared, with a warning). */
export function readKaggleFiles(rows: { file_name: string; local_path: string | null }[], logger: Logger): KaggleFile[] {
  const files: KaggleFile[] = [];
  for (const row of rows) {
    if (!row.local_path || !existsSync(row.local_path)) {
      logger.warn(`Kaggle output file ${row.file_name} is not on disk (${row.local_path ?? 'no local path'}); it is not compared`);
      continue;
    }
    files.push({ fileName: row.file_name, content: readFileSync(row.local_path) });
  }
  return files;
}

/** Run and check one notebook, store the result, and return its outcome. */
async function executeOne(corpus: Corpus, nb: NotebookToRun, options: ExecuteOptions, logger: Logger): Promise<NotebookOutcome> {
  const executionId = newExecutionId();
  const dataDir = resolve(join(options.dataRoot, nb.competition));
  const cells = await storedCells(corpus, nb.notebook_id);
  const script = notebookToScript(
    cells.map((c) => ({ cellIndex: c.cell_index, cellType: c.cell_type, source: c.source })),
    { competition: nb.competition, dataFiles: dataFileNames(dataDir) },
  );
  let result: ExecutionResult;
  try {
    result = await runCells({
      sandbox: options.sandbox,
      cells: script.cells,
      competition: nb.competition,
      dataDir,
      flatInput: script.flatInput,
      limits: options.limits,
      deviations: script.deviations,
      python2: script.python2,
    });
  } catch (error) {
    // The sandbox could not run this notebook at all: recorded, and the others go on.
    result = sandboxFailure(script.script, errorMessage(error), options);
  }
  const stored: StoredCell[] = cells
    .filter((c) => c.cell_type === 'code')
    .map((c) => ({ cellIndex: c.cell_index, executionCount: c.execution_count, outputs: parseOutputs(c.outputs) }));
  const repro: Reproduction = checkReproduction(result, stored, readKaggleFiles(await kaggleOutputFiles(corpus, nb.notebook_id), logger), options.tolerance);
  await insertExecution(corpus, executionRows({ executionId, notebookId: nb.notebook_id, purpose: 'reference', runId: options.runId ?? null, result, reproduction: repro }));
  logger.info(`${nb.notebook_id} ${repro.outcome}${repro.reason ? ` (${repro.reason})` : ''}`, { notebook_id: nb.notebook_id, execution_id: executionId, outcome: repro.outcome, reason: repro.reason });
  return {
    notebook_id: nb.notebook_id,
    competition: nb.competition,
    title: nb.title,
    execution_id: executionId,
    outcome: repro.outcome,
    reason: repro.reason,
    detail: repro.detail,
    wall_ms: Math.round(result.wallMs),
  };
}

/** The result stored when the sandbox could not run a notebook at all. */
export function sandboxFailure(script: string, message: string, options: Pick<ExecuteOptions, 'sandbox' | 'limits'>): ExecutionResult {
  return notRunResult({ failure: { reason: 'sandbox_error', detail: message }, sandbox: options.sandbox, limits: options.limits as Limits, script });
}

export async function executeNotebooks(corpus: Corpus, options: ExecuteOptions): Promise<ExecuteSummary> {
  const logger = options.logger ?? silentLogger;
  const notebooks = await notebooksToExecute(corpus, { competition: options.competition, notebookIds: options.notebookIds, rerun: options.rerun, limit: options.limit });
  options.progress?.setTotal(notebooks.length);
  const missingData = [...new Set(notebooks.map((n) => n.competition))].filter((c) => !existsSync(join(options.dataRoot, c))).sort();
  for (const c of missingData) logger.warn(`no data for competition ${c} under ${resolve(options.dataRoot)}: its notebooks will not find their input files`);
  const summary: ExecuteSummary = { notebooks: notebooks.length, byOutcome: { reproduced: 0, ran: 0, failed: 0 }, byReason: {}, missingData, results: [] };
  const limit = pLimit(Math.max(1, options.jobs));
  await Promise.all(
    notebooks.map((nb) =>
      limit(async () => {
        const label = nb.title ?? nb.notebook_id;
        options.progress?.status(label);
        let outcome: NotebookOutcome;
        try {
          outcome = await executeOne(corpus, nb, options, logger);
        } catch (error) {
          // Storing failed (the corpus), not the notebook: stop, nothing half-written remains.
          throw new Error(`${nb.notebook_id}: ${errorMessage(error)}`, { cause: error });
        }
        summary.results.push(outcome);
        summary.byOutcome[outcome.outcome] += 1;
        if (outcome.reason) summary.byReason[outcome.reason] = (summary.byReason[outcome.reason] ?? 0) + 1;
        if (outcome.outcome === 'failed') {
          options.progress?.clear();
          logger.warn(`${label} (${nb.notebook_id}): ${outcome.reason}: ${outcome.detail ?? ''}`.slice(0, 400));
        }
        options.progress?.tick(label);
      }),
    ),
  );
  options.progress?.done();
  summary.results.sort((a, b) => a.competition.localeCompare(b.competition) || (a.title ?? '').localeCompare(b.title ?? ''));
  return summary;
}
