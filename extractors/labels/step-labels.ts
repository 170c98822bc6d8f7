// Step labels by execution: a trace's step is right when its value matches the gold trace's value
// at the same hook (same hash, or equal within tolerance); the first diverging step and the
// diverging steps that depend on it are wrong. A step that differs without depending on the first
// divergence is left unlabelled (ambiguous), and no step whose value matches gold is ever negative.
import type { Capture } from '../hooks/steps.js';

export interface GoldStep {
  name: string;
  value: unknown;
  value_hash: string | null;
  value_type: string | null;
  depends_on: readonly string[];
}

/** The shared tolerant comparison, injected (src/compare answersMatch in production). */
export type ValueMatcher = (gold: unknown, observed: unknown, valueType: string | null) => boolean;

export interface LabelledStep {
  name: string;
  captured: boolean;
  matches: boolean;
  /** true right, false wrong, null ambiguous or not captured */
  label: boolean | null;
  /** why: gold-match, first-divergence, depends-on-divergence, independent-divergence, missing */
  why: 'gold-match' | 'first-divergence' | 'depends-on-divergence' | 'independent-divergence' | 'missing';
}

export function valueMatches(gold: GoldStep, capture: Capture | undefined, matcher: ValueMatcher): boolean {
  if (!capture) return false;
  if (gold.value_hash && capture.value_hash && gold.value_hash === capture.value_hash) return true;
  if (capture.value === undefined || capture.value === null || gold.value === null || gold.value === undefined) return false;
  if (gold.value_type && capture.value_type && gold.value_type !== capture.value_type) return false;
  return matcher(gold.value, capture.value, gold.value_type);
}

export function labelTrace(gold: readonly GoldStep[], captures: ReadonlyMap<string, Capture>, matcher: ValueMatcher): LabelledStep[] {
  const negative = new Set<string>();
  let first: string | undefined;
  return gold.map((step) => {
    const capture = captures.get(step.name);
    if (!capture) {
      // not reached (the mutant crashed or skipped it): no value, no label
      if (first === undefined) first = step.name;
      negative.add(step.name);
      return { name: step.name, captured: false, matches: false, label: null, why: 'missing' as const };
    }
    const matches = valueMatches(step, capture, matcher);
    if (matches) return { name: step.name, captured: true, matches, label: true, why: 'gold-match' as const };
    if (first === undefined) {
      first = step.name;
      negative.add(step.name);
      return { name: step.name, captured: true, matches, label: false, why: 'first-divergence' as const };
    }
    if (step.depends_on.some((d) => negative.has(d))) {
      negative.add(step.name);
      return { name: step.name, captured: true, matches, label: false, why: 'depends-on-divergence' as const };
    }
    return { name: step.name, captured: true, matches, label: null, why: 'independent-divergence' as const };
  });
}

export interface StepConsensus {
  name: string;
  /** share of traces whose value at this hook matches gold */
  stepConfidence: number;
  /** the most common value among the traces at this hook is gold's value */
  consensusIsGold: boolean;
}

/**
 * Agreement across every trace of an episode (gold included) at each hook. Traces are compared
 * with gold; the consensus value is the largest group of traces whose values match each other.
 */
export function stepConsensus(gold: readonly GoldStep[], traces: readonly ReadonlyMap<string, Capture>[], matcher: ValueMatcher): StepConsensus[] {
  return gold.map((step) => {
    const observed = traces.map((t) => t.get(step.name));
    const present = observed.filter((c): c is Capture => c !== undefined);
    const matching = present.filter((c) => valueMatches(step, c, matcher)).length;
    // group the other values by hash to find the largest disagreeing group
    const groups = new Map<string, number>();
    for (const c of present) if (!valueMatches(step, c, matcher)) groups.set(c.value_hash ?? `missing-${c.seq}`, (groups.get(c.value_hash ?? `missing-${c.seq}`) ?? 0) + 1);
    const largestOther = Math.max(0, ...groups.values());
    return {
      name: step.name,
      stepConfidence: traces.length === 0 ? 0 : matching / traces.length,
      consensusIsGold: matching >= largestOther && matching > 0,
    };
  });
}
