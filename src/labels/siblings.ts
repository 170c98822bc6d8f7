// Sibling episodes of a mutant (extractors/mutations/siblings.ts says why): under the rewritten
// question the mutant's trajectory is the right one (kind `sibling`, every step right) and the gold
// trajectory is the mistaken one (kind `sibling_mutant`, labelled as the mutant was: a step is wrong
// where its value differs from the other program's). No new run: both are trajectories that were
// executed already. The pair is its own best-of-N group (`mutation.sibling_group`) and follows its
// gold episode's split.
import { createHash } from 'node:crypto';
import type { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes, type EpisodeRow, type StepRow } from '../../corpus/episodes.js';
import { mutantsWithoutSiblings } from '../../corpus/labels.js';
import { siblingQuestion } from '../../extractors/mutations/siblings.js';
import type { Mutation } from '../../extractors/mutations/types.js';

export const SIBLING_KINDS = ['sibling', 'sibling_mutant'] as const;

export interface SiblingInput {
  gold: Pick<EpisodeRow, 'episode_id' | 'question' | 'code'> & Partial<EpisodeRow>;
  goldSteps: readonly StepRow[];
  mutant: Pick<EpisodeRow, 'episode_id' | 'mutation'> & Partial<EpisodeRow>;
  mutantSteps: readonly StepRow[];
}

export type SiblingOutcome = { episodes: { episode: EpisodeRow; steps: StepRow[] }[] } | { reason: string };

function idOf(prefix: string, mutantId: string): string {
  return `${prefix}_${createHash('sha256').update(`${prefix}\n${mutantId}`).digest('hex').slice(0, 16)}`;
}

function mutationOf(value: unknown): (Pick<Mutation, 'kind' | 'before' | 'after'> & Record<string, unknown>) | undefined {
  const m = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!m || typeof m !== 'object') return undefined;
  const r = m as Record<string, unknown>;
  return typeof r.kind === 'string' && typeof r.before === 'string' && typeof r.after === 'string' ? (r as Pick<Mutation, 'kind' | 'before' | 'after'> & Record<string, unknown>) : undefined;
}

/** The sibling pair of one stored mutant, or why there is none. Pure. */
export function siblingEpisodes(input: SiblingInput, now = new Date()): SiblingOutcome {
  const { gold, mutant } = input;
  const mutation = mutationOf(mutant.mutation);
  if (!mutation) return { reason: 'the mutant has no mutation record' };
  if (mutation.run_status !== undefined && mutation.run_status !== 'completed') return { reason: 'the mutant did not run to the end' };
  if (!gold.question || !gold.code) return { reason: 'the gold episode has no question or no code' };
  const g = [...input.goldSteps].sort((a, b) => a.step_index - b.step_index);
  const m = [...input.mutantSteps].sort((a, b) => a.step_index - b.step_index);
  if (m.length !== g.length || m.some((s, i) => s.name !== g[i]?.name)) return { reason: 'the mutant did not reach every gold step' };
  if (m.some((s) => s.label === null || s.label === undefined || s.value_type === 'error')) return { reason: 'a step of the mutant is unlabelled or crashed' };
  if (m.every((s) => s.label === true)) return { reason: 'the mutant equals gold at every step' };
  // the gold statement the mutation changed: where a construct occurs more than once in the program,
  // it says which occurrence the mutant changed
  const changed = g.find((s, i) => s.code !== m[i]?.code)?.code;
  const rewritten = siblingQuestion(gold.question, gold.code, mutation, changed);
  if ('reason' in rewritten) return { reason: rewritten.reason };

  const rightId = idOf('sb', mutant.episode_id);
  const wrongId = idOf('sm', mutant.episode_id);
  const record = { kind: mutation.kind, sibling: true, sibling_group: rightId, of_mutant: mutant.episode_id, question_rewrite: { from: rewritten.from, to: rewritten.to }, before: mutation.after, after: mutation.before };
  const last = (steps: readonly StepRow[]) => steps.at(-1);
  const base = {
    source: gold.source ?? 'synthetic',
    gold_episode_id: gold.episode_id,
    notebook_id: gold.notebook_id ?? null,
    competition: gold.competition ?? null,
    dataset: gold.dataset ?? null,
    template_family: gold.template_family ?? null,
    template_variant: gold.template_variant ?? null,
    template_seed: gold.template_seed ?? null,
    question: rewritten.question,
    // the gold hint explains the gold question's program, not this one
    hint: null,
    tolerance: gold.tolerance ?? null,
    difficulty: gold.difficulty ?? null,
    is_distractor: gold.is_distractor ?? null,
    heldout: gold.heldout ?? null,
    created_at: now,
    run_id: mutant.run_id ?? null,
  } satisfies Partial<EpisodeRow>;
  const answerOf = (steps: readonly StepRow[]) => {
    const s = last(steps);
    return s?.is_final ? { value: s.value, value_hash: s.value_hash, value_type: s.value_type } : null;
  };
  const right: EpisodeRow = {
    ...base,
    episode_id: rightId,
    kind: 'sibling',
    answer: answerOf(m),
    mutation: { ...record, role: 'right' },
    execution_id: mutant.execution_id ?? null,
    code: mutant.code ?? null,
    final_correct: true,
  };
  const wrongLabels = m.map((s) => s.label as boolean);
  const wrong: EpisodeRow = {
    ...base,
    episode_id: wrongId,
    kind: 'sibling_mutant',
    answer: answerOf(g),
    mutation: { ...record, role: 'mistaken' },
    execution_id: gold.execution_id ?? null,
    code: gold.code,
    final_correct: wrongLabels.at(-1) === true,
  };
  const copy = (s: StepRow, episodeId: string, label: boolean, source: string): StepRow => ({
    ...s,
    episode_id: episodeId,
    label,
    label_source: source,
    step_confidence: null,
    is_consensus_correct: null,
  });
  return {
    episodes: [
      // right by construction: these are the executed values of the program that answers the question
      { episode: right, steps: m.map((s) => copy(s, rightId, true, 'sibling')) },
      // wrong where the two executions differ, as the mutant's labels say (the comparison is symmetric)
      { episode: wrong, steps: g.map((s, i) => copy(s, wrongId, wrongLabels[i] as boolean, 'execution')) },
    ],
  };
}

export interface SiblingSummary {
  mutants: number;
  stored: number;
  byKind: Record<string, { mutants: number; stored: number }>;
  /** why mutants got no sibling, with counts */
  reasons: Record<string, number>;
}

/**
 * Store the sibling pair of every stored mutant that has none yet (a mutant whose rewrite is refused
 * is looked at again next time: the check is pure and cheap). The filter narrows it to the gold
 * episodes or the competition a label run was asked for.
 */
export async function storeSiblings(corpus: Corpus, filter: { goldEpisodeIds?: readonly string[]; competition?: string } = {}): Promise<SiblingSummary> {
  const summary: SiblingSummary = { mutants: 0, stored: 0, byKind: {}, reasons: {} };
  const batch: { episode: EpisodeRow; steps: StepRow[] }[] = [];
  for (const item of await mutantsWithoutSiblings(corpus, filter)) {
    summary.mutants += 1;
    const kind = mutationOf(item.mutant.mutation)?.kind ?? 'unknown';
    const k = (summary.byKind[kind] ??= { mutants: 0, stored: 0 });
    k.mutants += 1;
    const out = siblingEpisodes(item);
    if ('reason' in out) {
      summary.reasons[`${kind}: ${out.reason}`] = (summary.reasons[`${kind}: ${out.reason}`] ?? 0) + 1;
      continue;
    }
    k.stored += 1;
    summary.stored += 1;
    batch.push(...out.episodes);
    if (batch.length >= 500) await insertEpisodes(corpus, batch.splice(0));
  }
  await insertEpisodes(corpus, batch);
  return summary;
}
