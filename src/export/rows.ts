// Corpus episodes to the rows each trainer reads. Pure. The step text is the PRM's own
// (src/prm/step-text.ts), so a verifier trained by hookmine scores exported rows as it saw them.
import { buildConversation, type ConversationOptions } from '../episodes/conversation.js';
import { episodePrompt, stepCompletions } from '../prm/step-text.js';

export interface ExportStep {
  step_index: number;
  name: string;
  code: string;
  value: unknown;
  value_type: string | null;
  label: boolean | null;
  step_confidence: number | null;
  is_final: boolean;
  depends_on: string[] | null;
  variable_name?: string | null;
}

export interface ExportEpisode {
  episode_id: string;
  source: string;
  kind: string;
  gold_episode_id: string | null;
  /** Kaggle episodes: kaggle_reproduced | local_deterministic | prefix */
  evidence?: string | null;
  competition: string | null;
  dataset: string | null;
  template_family: string | null;
  template_variant: string | null;
  question: string | null;
  answer: unknown;
  tolerance: unknown;
  difficulty: string | null;
  mutation: unknown;
  final_correct: boolean | null;
  is_distractor: boolean | null;
  code: string | null;
  steps: ExportStep[];
}

function json(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The labelled prefix of a trajectory: every step up to the first one without a label. */
export function labelledPrefix(steps: readonly ExportStep[]): ExportStep[] {
  const ordered = [...steps].sort((a, b) => a.step_index - b.step_index);
  const end = ordered.findIndex((s) => s.label === null || s.label === undefined);
  return end < 0 ? ordered : ordered.slice(0, end);
}

/** TRL stepwise supervision: prompt, one completion and one boolean label per step, and metadata. */
export function prmRow(e: ExportEpisode, split: string): Record<string, unknown> | null {
  const steps = labelledPrefix(e.steps);
  if (steps.length === 0) return null;
  const labels = steps.map((s) => s.label === true);
  const mutation = json(e.mutation) as { kind?: string } | null;
  return {
    prompt: episodePrompt({ question: e.question, competition: e.competition, dataset: e.dataset }),
    completions: stepCompletions(steps.map((s) => ({ name: s.name, code: s.code, value: s.value, value_type: s.value_type }))),
    labels,
    episode_id: e.episode_id,
    gold_episode_id: e.gold_episode_id,
    source: e.source,
    kind: e.kind,
    evidence: e.evidence ?? null,
    competition: e.competition,
    dataset: e.dataset,
    template_family: e.template_family,
    template_variant: e.template_variant,
    mutation_kind: mutation?.kind ?? null,
    step_names: steps.map((s) => s.name),
    step_confidence: steps.map((s) => s.step_confidence ?? (s.label ? 1 : 0)),
    final_correct: e.final_correct ?? (labels.every(Boolean) && steps.at(-1)?.is_final === true),
    first_error_step: labels.indexOf(false),
    split,
  };
}

function conversationInput(e: ExportEpisode) {
  return {
    episode: { episode_id: e.episode_id, source: e.source, dataset: e.dataset, competition: e.competition, question: e.question, answer: e.answer, is_distractor: e.is_distractor, code: e.code },
    steps: [...e.steps].sort((a, b) => a.step_index - b.step_index).map((s) => ({ step_index: s.step_index, name: s.name, code: s.code, variable_name: s.variable_name ?? null, value: s.value, value_type: s.value_type })),
  };
}

/** TRL conversational rows: the gold trajectory as tool calls and tool results. */
export function sftRow(e: ExportEpisode, split: string, prompt: ConversationOptions): Record<string, unknown> {
  const { episode, steps } = conversationInput(e);
  const conversation = buildConversation(episode, steps, prompt);
  return {
    messages: conversation.messages,
    tools: conversation.tools,
    episode_id: e.episode_id,
    source: e.source,
    evidence: e.evidence ?? null,
    competition: e.competition,
    dataset: e.dataset,
    template_family: e.template_family,
    template_variant: e.template_variant,
    split,
  };
}

/** Prompt-only rows for GRPO: the question as messages; the verifiable answer and steps as extra columns. */
export function rlRow(e: ExportEpisode, split: string, prompt: ConversationOptions): Record<string, unknown> {
  const { episode, steps } = conversationInput(e);
  const conversation = buildConversation(episode, steps, prompt);
  const ordered = [...e.steps].sort((a, b) => a.step_index - b.step_index);
  return {
    prompt: conversation.messages.slice(0, 2).map((m) => ({ role: m.role, content: m.content })),
    answer: JSON.stringify(json(e.answer) ?? null),
    tolerance: JSON.stringify(json(e.tolerance) ?? { rtol: 1e-5, atol: 1e-8 }),
    expected_intermediates: JSON.stringify(ordered.map((s) => ({ name: s.name, value_type: s.value_type, value: json(s.value), is_final: s.is_final }))),
    data_files: e.dataset ? [e.dataset] : e.competition ? [e.competition] : [],
    episode_id: e.episode_id,
    source: e.source,
    evidence: e.evidence ?? null,
    competition: e.competition,
    dataset: e.dataset,
    template_family: e.template_family,
    template_variant: e.template_variant,
    difficulty: e.difficulty,
    split,
  };
}
