// An episode as a program that can be mutated and re-run with the same hooks. For a Kaggle episode:
// the code of the run its hooks rest on, the verified hooks, and that run's environment.
import type { Corpus } from '../../corpus/corpus.js';
import { kaggleEpisodeBase, type GoldEpisode, type StoredStep } from '../../corpus/labels.js';
import type { Capture } from '../../extractors/hooks/steps.js';
import type { HookSpec } from '../../extractors/hooks/types.js';
import { columnInfo, type ColumnInfo, type FrameSummary } from '../../extractors/mutations/columns.js';
import type { MutationContext } from '../../extractors/mutations/operators.js';
import { madeNames } from '../../extractors/mutations/made-names.js';
import { boundNames } from '../../extractors/mutations/select.js';
import { findFinalOutput, type FinalOutput } from '../../extractors/python/final-output.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell, type Program } from '../../extractors/python/program.js';
import type { ExecutionResult, RunEnvironment } from '../execute/types.js';
import { tierCells, tierOf } from '../hooks/evidence.js';
import { runInstrumented } from '../hooks/hooked-run.js';
import { specsFromRows } from '../hooks/specs.js';
import type { Limits } from '../sandbox/index.js';

export interface TraceRun {
  status: 'completed' | 'failed';
  failure: string | null;
  captures: Capture[];
  wallMs: number;
  /** the stored form of the run, for executions rows (absent for pool runs) */
  result?: ExecutionResult;
}

export interface EpisodeProgram {
  program: Program;
  cells: CodeCell[];
  hooks: HookSpec[];
  final: FinalOutput | undefined;
  /** the statement of the final output; mutations go on the statements that lead to it */
  finalStatementId: number;
  /** whether that statement may be mutated itself (a template's last step computes its answer) */
  mutateFinal: boolean;
  context: MutationContext;
  /** run these cells (the program's, possibly mutated) with the episode's hooks */
  run(cells: CodeCell[]): Promise<TraceRun>;
}

function parse(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Columns of every DataFrame the gold run captured, by variable (wrong_column, wrong_join_key). */
export function columnsFromSteps(steps: readonly StoredStep[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of steps) {
    const value = parse(s.value) as { columns?: unknown } | null;
    if (s.variable_name && value && Array.isArray(value.columns)) out.set(s.variable_name, value.columns.map(String));
  }
  return out;
}

/** Kind and identifier-likeness of those columns, by variable, where the capture has dtypes. */
export function columnInfoFromSteps(steps: readonly StoredStep[]): Map<string, Map<string, ColumnInfo>> {
  const out = new Map<string, Map<string, ColumnInfo>>();
  for (const s of steps) {
    const value = parse(s.value);
    if (!s.variable_name || typeof value !== 'object' || value === null) continue;
    const info = columnInfo(value as FrameSummary);
    if (info.size > 0) out.set(s.variable_name, info);
  }
  return out;
}

/** What the mutation operators know of an episode: its frames' columns and the names it binds. */
export function mutationContext(steps: readonly StoredStep[], program: Program): MutationContext {
  const columns = columnsFromSteps(steps);
  return { columns, boundNames: boundNames(program), columnInfo: columnInfoFromSteps(steps), madeNames: madeNames(program, columns) };
}

export async function kaggleEpisodeProgram(
  corpus: Corpus,
  gold: GoldEpisode,
  steps: readonly StoredStep[],
  options: { dataRoot: string; limits?: Partial<Limits> },
): Promise<EpisodeProgram | string> {
  const base = await kaggleEpisodeBase(corpus, gold);
  if (!base) return 'the run its hooks rest on is not in the corpus';
  const parser = await loadPythonParser();
  // a prefix episode: the cells before the stop cell, whose final output is the last value computed
  const prefix = tierOf(base) === 'prefix';
  const cells = tierCells(base.script, base);
  const program = analyzeProgram(parser, cells);
  program.prefix = prefix;
  const final = findFinalOutput(program);
  const { specs } = specsFromRows(program, base.hooks);
  const environment = JSON.parse(base.environment) as RunEnvironment;
  if (!final) return 'no final output';
  return {
    program,
    cells,
    hooks: specs,
    final,
    finalStatementId: final.statement.id,
    mutateFinal: false,
    context: mutationContext(steps, program),
    async run(runCells: CodeCell[]): Promise<TraceRun> {
      const mutated = analyzeProgram(parser, runCells);
      mutated.prefix = prefix;
      if (mutated.statements.length !== program.statements.length) {
        return { status: 'failed', failure: 'the mutation changed the program\'s statements', captures: [], wallMs: 0 };
      }
      const result = await runInstrumented({ program: mutated, cells: runCells, hooks: specs, final: findFinalOutput(mutated), environment, dataRoot: options.dataRoot, limits: options.limits });
      return {
        status: result.status,
        failure: result.failure ? `${result.failure.reason}: ${result.failure.detail}` : null,
        captures: result.hookCaptures as Capture[],
        wallMs: result.wallMs,
        result,
      };
    },
  };
}
