// Why a completed run does not reproduce: the same code run again with another seed tells which
// outputs depend on randomness. Outputs that change with the seed come from unseeded estimators,
// samplers or splits, and Kaggle's recorded values are one draw among many: no repair can make
// them match. Outputs that do not change with the seed and still differ are drift (a library
// computes or prints differently). The run's outcome is not changed: this only explains it.
import type { StoredOutput } from '../../extractors/outputs.js';
import type { Tolerance } from '../compare/tolerance.js';
import { checkReproduction, type KaggleFile, type OutputCheck, type StoredCell } from '../execute/reproduce.js';
import type { ExecutionResult } from '../execute/types.js';

/** A run's own outputs in the shape of stored notebook outputs, so another run can be checked against them. */
export function outputsOfRun(run: ExecutionResult): { cells: StoredCell[]; files: KaggleFile[] } {
  const cells: StoredCell[] = run.cells
    .filter((c) => c.status === 'ok')
    .map((c) => {
      const outputs: StoredOutput[] = [];
      if (c.stdout) outputs.push({ output_type: 'stream', name: 'stdout', text: c.stdout });
      for (const d of c.display) outputs.push({ output_type: d.kind === 'result' ? 'execute_result' : 'display_data', text: d.text, mimes: d.mimes });
      return { cellIndex: c.cellIndex, executionCount: null, outputs };
    });
  const files: KaggleFile[] = run.files.filter((f) => f.content !== undefined).map((f) => ({ fileName: f.path, content: f.content as Buffer }));
  return { cells, files };
}

export interface SeedCheck {
  /** compared outputs (targets) whose value changed with the seed */
  seedDependent: string[];
  /** mismatches with Kaggle's record that do not depend on the seed (drift) */
  drift: string[];
  /** mismatches explained by the seed */
  random: string[];
}

function target(c: Pick<OutputCheck, 'targetKind' | 'target'>): string {
  return c.targetKind === 'output_file' ? `file ${c.target}` : `cell ${c.target}`;
}

/**
 * Compare a run's outputs (`own`: from outputsOfRun, or a stored run's cells and files) with its
 * re-run under another seed, and sort the run's mismatches with Kaggle's record.
 */
export function seedCheck(own: { cells: StoredCell[]; files: KaggleFile[] }, rerun: ExecutionResult, mismatches: readonly Pick<OutputCheck, 'targetKind' | 'target'>[], tol: Tolerance): SeedCheck {
  const versus = checkReproduction(rerun, own.cells, own.files, tol);
  const changed = new Set(versus.checks.filter((c) => !c.matched).map(target));
  // a cell the re-run did not reach cannot be judged: it counts as not seed-dependent
  const random = mismatches.map(target).filter((t) => changed.has(t));
  const drift = mismatches.map(target).filter((t) => !changed.has(t));
  return { seedDependent: [...changed].sort(), drift, random };
}

/** Every difference with Kaggle's record changes with the seed: the run matches wherever the outputs are deterministic. */
export function onlyRandomDifferences(s: SeedCheck): boolean {
  return s.random.length > 0 && s.drift.length === 0;
}

/** One sentence for the session's detail. */
export function describeSeedCheck(s: SeedCheck): string {
  if (onlyRandomDifferences(s)) {
    return `every differing output changes with the random seed (${s.random.join(', ')}): unseeded randomness, Kaggle's values are one draw`;
  }
  if (s.random.length > 0) return `differing outputs that change with the random seed: ${s.random.join(', ')}; that stayed the same with another seed (drift): ${s.drift.join(', ')}`;
  return `the differing outputs stayed the same with another seed (${s.drift.join(', ')}): drift, not randomness`;
}
