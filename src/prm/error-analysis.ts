// Where a verifier's ProcessBench answers go wrong, at the threshold it was evaluated with: for
// trajectories with a wrong step, by mutation operator, whether the first flagged step is the first
// wrong one, an earlier (right) one, a later one, or none; for trajectories without one, by template
// family (or competition), how often a right step is flagged. The F1 alone cannot say which
// mistakes a verifier misses and which questions it raises false alarms on. Pure.
import type { Example } from './dataset.js';
import { firstErrorIndex } from './dataset.js';
import { predictedFirstError } from './metrics.js';

export interface ErroneousCell {
  trajectories: number;
  /** the first flagged step is the first wrong step */
  found: number;
  /** a right step before it is flagged first */
  early: number;
  /** only a later step is flagged */
  late: number;
  /** no step is flagged */
  missed: number;
}

export interface CorrectCell {
  trajectories: number;
  /** some (right) step is flagged */
  false_alarms: number;
}

export interface ErrorAnalysis {
  threshold: number;
  /** trajectories with a wrong step, by the operator that made them (`none` for a wrong Kaggle trace or a real mistake) */
  by_operator: Record<string, ErroneousCell>;
  /** trajectories without a wrong step, by template family (a Kaggle episode's competition) */
  by_family: Record<string, CorrectCell>;
}

const sorted = <T>(cells: Record<string, T>, size: (c: T) => number) => Object.fromEntries(Object.entries(cells).sort(([a, x], [b, y]) => size(y) - size(x) || a.localeCompare(b)));

export function errorAnalysis(examples: readonly Example[], probs: ReadonlyMap<string, readonly number[]>, threshold: number): ErrorAnalysis {
  const byOperator: Record<string, ErroneousCell> = {};
  const byFamily: Record<string, CorrectCell> = {};
  for (const e of examples) {
    const p = probs.get(e.id);
    const labels = e.steps.map((s) => s.label);
    if (!p || !labels.some((l) => l !== null)) continue;
    const truth = firstErrorIndex(labels);
    const predicted = predictedFirstError(p, threshold);
    if (truth >= 0) {
      const key = e.mutationKind ?? 'none';
      const cell = (byOperator[key] ??= { trajectories: 0, found: 0, early: 0, late: 0, missed: 0 });
      cell.trajectories++;
      if (predicted === truth) cell.found++;
      else if (predicted < 0) cell.missed++;
      else if (predicted < truth) cell.early++;
      else cell.late++;
    } else {
      const key = e.templateFamily ?? e.competition ?? 'other';
      const cell = (byFamily[key] ??= { trajectories: 0, false_alarms: 0 });
      cell.trajectories++;
      if (predicted >= 0) cell.false_alarms++;
    }
  }
  return { threshold, by_operator: sorted(byOperator, (c) => c.trajectories), by_family: sorted(byFamily, (c) => c.false_alarms) };
}

/** Markdown tables of an analysis, for the model card. */
export function errorAnalysisTables(a: ErrorAnalysis, families = 10): string {
  const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : '-');
  const lines = ['| operator | wrong trajectories | first error found | flagged earlier | flagged later | missed |', '|---|---|---|---|---|---|'];
  for (const [op, c] of Object.entries(a.by_operator)) lines.push(`| ${op} | ${c.trajectories} | ${pct(c.found, c.trajectories)} | ${pct(c.early, c.trajectories)} | ${pct(c.late, c.trajectories)} | ${pct(c.missed, c.trajectories)} |`);
  lines.push('', '| family | right trajectories | with a false alarm |', '|---|---|---|');
  for (const [family, c] of Object.entries(a.by_family).slice(0, families)) lines.push(`| ${family} | ${c.trajectories} | ${pct(c.false_alarms, c.trajectories)} |`);
  return lines.join('\n');
}
