// A confirmed run becomes an episode with its steps: the answer (a value, an ordered or unordered
// list, or an answer set) from the final step, the tolerance, the difficulty, and one step per
// template step with the step's code, the captured expression and its gold value. Pure.
import type { EpisodeRow, StepRow } from '../../corpus/episodes.js';
import type { Capture } from '../../extractors/hooks/steps.js';
import { codeLineOf, stepLines } from '../../templates/render.js';
import type { Difficulty, Instance } from '../../templates/types.js';
import type { PlannedEpisode } from './plan.js';

export type StoredAnswer = { value: unknown } | { values: unknown[] };

function badNumber(v: unknown): boolean {
  return (typeof v === 'number' && !Number.isFinite(v)) || (typeof v === 'string' && /^-?(NaN|Infinity)$/.test(v));
}

/**
 * The stored answer from the final value, or why it is no answer: a distractor must end in None;
 * any other question needs a present, finite value (and a non-empty list).
 */
export function answerFrom(instance: Instance, value: unknown, distractor: boolean): { answer: StoredAnswer } | { problem: string } {
  if (distractor) return value === null ? { answer: { value: null } } : { problem: 'not_a_distractor' };
  if (value === null || value === undefined || badNumber(value)) return { problem: 'degenerate' };
  const mode = instance.answer.mode;
  if (mode === 'value') return typeof value === 'object' ? { problem: 'bad_answer_type' } : { answer: { value } };
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => v === null || badNumber(v) || typeof v === 'object')) return { problem: 'degenerate' };
  if (mode === 'one-of') return value.length === 1 ? { answer: { value: value[0] } } : { answer: { values: value } };
  return { answer: { value } };
}

export function toleranceOf(instance: Instance): Record<string, unknown> {
  const t: Record<string, unknown> = { rtol: instance.tolerance.rtol, atol: instance.tolerance.atol };
  if (instance.answer.mode === 'list') t.ordered = instance.answer.ordered;
  return t;
}

export function difficultyOf(instance: Instance): Difficulty {
  if (instance.difficulty) return instance.difficulty;
  const n = instance.steps.length;
  return n <= 3 ? 'easy' : n <= 6 ? 'medium' : 'hard';
}

export interface EpisodeExtras {
  question: string;
  /** the family's hint, or null when it would give the answer away */
  hint: string | null;
  answer: StoredAnswer;
  executionId: string | null;
  runId: string | null;
  createdAt?: Date;
}

export function episodeRows(p: PlannedEpisode, captures: readonly Capture[], extras: EpisodeExtras): { episode: EpisodeRow; steps: StepRow[] } {
  const steps = p.instance.steps;
  const lines = stepLines(steps);
  const episode: EpisodeRow = {
    episode_id: p.episodeId,
    source: 'synthetic',
    kind: 'gold',
    dataset: p.source.info.dataset,
    competition: p.source.spec.kind === 'competition' ? p.source.info.dataset : null,
    template_family: p.family.id,
    template_variant: p.variant.id,
    template_seed: p.seed,
    question: extras.question,
    hint: extras.hint,
    answer: extras.answer,
    tolerance: toleranceOf(p.instance),
    difficulty: difficultyOf(p.instance),
    is_distractor: Boolean(p.family.distractor),
    heldout: Boolean(p.variant.heldout),
    execution_id: extras.executionId,
    code: p.code,
    final_correct: true,
    created_at: extras.createdAt ?? new Date(),
    run_id: extras.runId,
  };
  const rows: StepRow[] = steps.map((s, i) => {
    const c = captures[i];
    return {
      episode_id: p.episodeId,
      step_index: i,
      name: s.name,
      code: s.code,
      code_line: codeLineOf(s),
      variable_name: s.variable,
      value_hash: c?.value_hash ?? null,
      value: c?.value ?? null,
      value_type: c?.value_type ?? null,
      depends_on: s.dependsOn,
      is_final: i === steps.length - 1,
      label: true,
      label_source: 'gold',
      step_confidence: 1,
      is_consensus_correct: null,
      cell_index: null,
      line: lines[i] ?? null,
    };
  });
  return { episode, steps: rows };
}
