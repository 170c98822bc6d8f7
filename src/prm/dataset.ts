// Corpus rows -> examples: one per episode, with its prompt and step texts (from step-text.ts), step
// labels, split, best-of-N group and final-answer key. Pure: what cannot be used is returned with
// its reason instead of thrown, so one bad episode never stops a training run.
import type { PrmEpisodeRow, PrmStepRow } from '../../corpus/prm.js';
import { isValidationVariant, splitOf, type Split, type SplitOptions } from './splits.js';
import { episodePrompt, stepCompletions } from './step-text.js';

export interface ExampleStep {
  index: number;
  text: string;
  /** true right, false wrong, null unknown (not trained on) */
  label: boolean | null;
}

export interface Example {
  id: string;
  /** the best-of-N group: the gold episode's id (a sibling pair's: its right episode's id) */
  group: string;
  kind: string;
  source: string;
  split: Split;
  prompt: string;
  steps: ExampleStep[];
  finalCorrect: boolean | null;
  /** what majority vote compares: the final step's value hash (or its text) */
  finalKey: string;
  templateFamily: string | null;
  competition?: string | null;
  /** the mutation operator of a mutant or counterfactual, null otherwise */
  mutationKind?: string | null;
  /** of a validation variant: a template variant training never shows */
  unseenVariant?: boolean;
}

export interface SkippedEpisode {
  episode_id: string;
  reason: 'no_steps' | 'duplicate' | 'duplicate_group' | 'bad_step';
  message: string;
}

export interface BuildOptions {
  split?: SplitOptions;
  /** keep one gold episode per dedup_cluster, with its mutants (the export does the same by default) */
  dedup?: boolean;
}

export function buildExamples(
  episodes: readonly PrmEpisodeRow[],
  steps: readonly PrmStepRow[],
  options: BuildOptions = {},
): { examples: Example[]; skipped: SkippedEpisode[] } {
  const stepsOf = new Map<string, PrmStepRow[]>();
  for (const s of steps) {
    const list = stepsOf.get(s.episode_id) ?? [];
    list.push(s);
    stepsOf.set(s.episode_id, list);
  }
  const byId = new Map(episodes.map((e) => [e.episode_id, e]));
  const skipped: SkippedEpisode[] = [];
  const dropped = new Set<string>();

  if (options.dedup ?? true) {
    // Only gold episodes are clustered: a mutant carries its gold episode's cluster (the export's
    // dedup sets it so) and stays or goes with its gold episode below. The representative is the
    // export's: the most steps, then the smallest id.
    const stepCount = (e: PrmEpisodeRow) => stepsOf.get(e.episode_id)?.length ?? 0;
    const ordered = episodes
      .filter((e) => !e.gold_episode_id)
      .sort((a, b) => Number(a.kind !== 'gold') - Number(b.kind !== 'gold') || stepCount(b) - stepCount(a) || (a.episode_id < b.episode_id ? -1 : a.episode_id > b.episode_id ? 1 : 0));
    const seen = new Set<string>();
    for (const e of ordered) {
      if (!e.dedup_cluster) continue;
      if (seen.has(e.dedup_cluster)) {
        dropped.add(e.episode_id);
        skipped.push({ episode_id: e.episode_id, reason: 'duplicate', message: `another episode of dedup cluster ${e.dedup_cluster} is kept` });
      } else seen.add(e.dedup_cluster);
    }
  }

  const examples: Example[] = [];
  for (const e of episodes) {
    if (dropped.has(e.episode_id)) continue;
    const gold = e.gold_episode_id ? byId.get(e.gold_episode_id) : undefined;
    if (gold && dropped.has(gold.episode_id)) {
      skipped.push({ episode_id: e.episode_id, reason: 'duplicate_group', message: `its gold episode ${gold.episode_id} is a duplicate` });
      continue;
    }
    const rows = stepsOf.get(e.episode_id) ?? [];
    if (rows.length === 0) {
      skipped.push({ episode_id: e.episode_id, reason: 'no_steps', message: 'the episode has no steps' });
      continue;
    }
    const bad = rows.find((r) => typeof r.code !== 'string' || typeof r.name !== 'string');
    if (bad) {
      skipped.push({ episode_id: e.episode_id, reason: 'bad_step', message: `step ${bad.step_index} has no name or code` });
      continue;
    }
    // Mutants and traces answer their gold episode's question: same split, same group.
    const split = splitOf(gold ?? e, options.split);
    const final = rows.find((r) => r.is_final) ?? rows[rows.length - 1];
    const texts = stepCompletions(rows.map((r) => ({ name: r.name, code: r.code, value: r.value, value_type: r.value_type })));
    const exampleSteps = rows.map((r, i) => ({ index: r.step_index, text: texts[i] as string, label: r.label }));
    examples.push({
      id: e.episode_id,
      // a sibling pair answers another question than its gold episode: a group of its own
      group: e.sibling_group ?? gold?.episode_id ?? e.gold_episode_id ?? e.episode_id,
      kind: e.kind,
      source: e.source,
      split,
      prompt: episodePrompt({ question: e.question ?? gold?.question, dataset: e.dataset ?? gold?.dataset, competition: e.competition ?? gold?.competition }),
      steps: exampleSteps,
      finalCorrect: e.final_correct ?? (e.kind === 'gold' ? true : null),
      finalKey: final?.value_hash ?? final?.value ?? exampleSteps[exampleSteps.length - 1]?.text ?? '',
      templateFamily: e.template_family ?? gold?.template_family ?? null,
      competition: e.competition ?? gold?.competition ?? null,
      mutationKind: e.mutation_kind ?? null,
      unseenVariant: split === 'validation' && isValidationVariant(gold ?? e, options.split?.validationVariants),
    });
  }
  return { examples, skipped };
}

export function hasStepLabels(e: Example): boolean {
  return e.steps.some((s) => s.label !== null);
}

/** An episode with at least one wrong step. */
export function isFlawed(e: Example): boolean {
  return e.steps.some((s) => s.label === false);
}

/** Index of the earliest wrong step, -1 when every labelled step is right (ProcessBench's label). */
export function firstErrorIndex(labels: readonly (boolean | null)[]): number {
  return labels.findIndex((l) => l === false);
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
