// Running a notebook's program with hooks in the environment of its reference run: what verify,
// mutants and consistency traces all do. The data folder follows the data root; everything else
// (seed, limits, layout, variables) is the reference run's.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { instrument } from '../../extractors/hooks/insert.js';
import type { HookSpec } from '../../extractors/hooks/types.js';
import type { FinalOutput } from '../../extractors/python/final-output.js';
import type { CodeCell, Program } from '../../extractors/python/program.js';
import { requestFromEnvironment } from '../execute/environment.js';
import { runCells } from '../execute/run-cells.js';
import type { ExecutionResult, RunEnvironment } from '../execute/types.js';
import { openSandbox, type Limits } from '../sandbox/index.js';

export interface HookedRunInput {
  program: Program;
  cells: readonly CodeCell[];
  hooks: readonly HookSpec[];
  final: FinalOutput | undefined;
  environment: RunEnvironment;
  dataRoot: string;
  limits?: Partial<Limits>;
}

export async function runInstrumented(input: HookedRunInput): Promise<ExecutionResult> {
  const { cells } = instrument(input.program, input.cells, input.hooks, input.final);
  const env = input.environment;
  const sandbox = await openSandbox({ kind: env.executor, python: env.python.path, image: env.image ?? '' });
  const request = requestFromEnvironment(env);
  const moved = env.layout.competition ? resolve(join(input.dataRoot, env.layout.competition)) : null;
  return runCells({
    ...request,
    dataDir: moved && existsSync(moved) ? moved : request.dataDir,
    limits: { ...request.limits, ...(input.limits ?? {}) },
    sandbox,
    cells: cells.map((c) => ({ cellIndex: c.cellIndex, code: c.source })),
  });
}
