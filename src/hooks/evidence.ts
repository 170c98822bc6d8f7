// Evidence tiers of a gold Kaggle episode: how much its run proves.
// - kaggle_reproduced: the run matches Kaggle's recorded outputs;
// - local_deterministic: the run completed, and a second run with the same fixed seeds gives the
//   same outputs (it differs from Kaggle only where the comparison says why);
// - prefix: the run stopped in cell k; the episode is made of the cells before k only.
import { UsageError } from '../errors.js';
import type { CodeCell } from '../../extractors/python/program.js';
import { baseCells } from './extract.js';

export type Evidence = 'kaggle_reproduced' | 'local_deterministic' | 'prefix';

export const EVIDENCE_TIERS: readonly Evidence[] = ['kaggle_reproduced', 'local_deterministic', 'prefix'];

/** The facts of a base run (the latest reference or repair run) that decide its tier. */
export interface BaseRunFacts {
  status: string;
  outcome: string;
  reason: string | null;
  failed_cell: number | null;
}

/** The tier a run can give, or null when nothing in it can be salvaged. */
export function tierOf(run: BaseRunFacts): Evidence | null {
  if (run.status === 'completed') return run.outcome === 'reproduced' ? 'kaggle_reproduced' : 'local_deterministic';
  // A run the sandbox could not start, or one that stopped outside any cell, has no prefix.
  if (run.reason === 'sandbox_error' || run.failed_cell === null) return null;
  return 'prefix';
}

/** The cells a tier's episode is made of: all of them, or those before the stop cell of a prefix. */
export function tierCells(script: string, run: BaseRunFacts): CodeCell[] {
  const cells = baseCells(script);
  if (tierOf(run) !== 'prefix') return cells;
  return cells.filter((c) => c.cellIndex < (run.failed_cell as number));
}

/** `--evidence <tier...>`: the tiers named, checked (all three when none is given). */
export function parseEvidence(values: readonly string[] | undefined): Evidence[] {
  if (!values || values.length === 0) return [...EVIDENCE_TIERS];
  const out: Evidence[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const t = v.trim();
    if (!t) continue;
    if (!(EVIDENCE_TIERS as readonly string[]).includes(t)) throw new UsageError(`--evidence: unknown tier '${t}' (one of ${EVIDENCE_TIERS.join(', ')})`);
    if (!out.includes(t as Evidence)) out.push(t as Evidence);
  }
  return out.length > 0 ? out : [...EVIDENCE_TIERS];
}

/**
 * Why a completed run that is not kaggle_reproduced differs from Kaggle, in the comparison's words:
 * nothing recorded, a random draw (outputs that change with the seed), or numeric drift.
 */
export function localDifference(outcome: string, detail: string | null, seedDependent: readonly string[]): string {
  if (outcome === 'ran') return `nothing recorded to compare: ${detail ?? ''}`.trim();
  if (seedDependent.length > 0) return `random draw: ${seedDependent.slice(0, 3).join(', ')} change with the seed`;
  if (detail && /not produced by the run|No such file|missing/i.test(detail)) return `data missing from the copy: ${detail}`.slice(0, 500);
  return `numeric drift or library difference: ${detail ?? 'outputs differ'}`.slice(0, 500);
}
