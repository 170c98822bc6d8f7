// Contrast trajectories: an episode's program with one mutation, run with the same hooks, every
// captured step compared with the gold trace and labelled by execution.
import { createHash } from 'node:crypto';
import type { EpisodeRow, StepRow } from '../../corpus/episodes.js';
import type { GoldEpisode, StoredStep } from '../../corpus/labels.js';
import { buildSteps, firstCaptures } from '../../extractors/hooks/steps.js';
import { labelTrace, type GoldStep, type LabelledStep, type ValueMatcher } from '../../extractors/labels/step-labels.js';
import type { Mutation } from '../../extractors/mutations/types.js';
import { applyMutation } from '../../extractors/mutations/select.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram } from '../../extractors/python/program.js';
import type { EpisodeProgram, TraceRun } from './episode-program.js';

export function parseValue(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function goldSteps(steps: readonly StoredStep[]): GoldStep[] {
  return steps.map((s) => ({ name: s.name, value: parseValue(s.value), value_hash: s.value_hash, value_type: s.value_type, depends_on: s.depends_on ?? [] }));
}

export function mutantId(goldEpisodeId: string, m: Mutation, prefix = 'mu'): string {
  return `${prefix}_${createHash('sha256').update([goldEpisodeId, m.kind, m.cellIndex, m.start, m.end, m.after].join('\n')).digest('hex').slice(0, 16)}`;
}

/** `steps.value_type` of the step a mutant crashed in; its value is the error message. */
export const ERROR_VALUE_TYPE = 'error';
const ERROR_MAX_CHARS = 300;

type Observed = Pick<StepRow, 'value_hash' | 'value' | 'value_type' | 'label'>;

/** A mutant's step at a gold step's place: the mutant's code there and what it observed. */
function mutantStep(episodeId: string, index: number, gold: StoredStep, record: { code: string; code_line: string } | undefined, observed: Observed): StepRow {
  return {
    episode_id: episodeId,
    step_index: index,
    name: gold.name,
    code: record?.code ?? gold.code,
    code_line: record?.code_line ?? gold.code_line,
    variable_name: gold.variable_name,
    ...observed,
    depends_on: gold.depends_on ?? [],
    is_final: gold.is_final,
    label_source: 'execution',
    step_confidence: null,
    is_consensus_correct: null,
    cell_index: gold.cell_index,
    line: gold.line,
  };
}

/** The step a mutant crashed in: wrong, with the error (JSON text, as captured values are stored). */
function crashObserved(failure: string | null): Observed {
  const message = (failure ?? 'the run ended before this step').slice(0, ERROR_MAX_CHARS);
  return { value_hash: null, value: JSON.stringify(message), value_type: ERROR_VALUE_TYPE, label: false };
}

export interface MutantOutcome {
  mutation: Mutation;
  run: TraceRun;
  labels: LabelledStep[];
  /** the episode to store, or why there is none */
  episode?: { episode: EpisodeRow; steps: StepRow[] };
  skipped?: string;
}

/** Run one mutation of an episode and label its trace against gold. */
export async function runMutant(args: {
  gold: GoldEpisode;
  steps: readonly StoredStep[];
  program: EpisodeProgram;
  mutation: Mutation;
  matcher: ValueMatcher;
  executionId: string | null;
  runId: string | null;
  /** `counterfactual`: an equivalence-preserving rewrite, stored only when every step equals gold */
  kind?: 'mutant' | 'counterfactual';
}): Promise<MutantOutcome> {
  const { gold, mutation, program } = args;
  const kind = args.kind ?? 'mutant';
  const cells = applyMutation(program.cells, mutation);
  const run = await program.run(cells);
  const captures = firstCaptures(run.captures);
  const labels = labelTrace(goldSteps(args.steps), captures, args.matcher);
  const reached = labels.filter((l) => l.captured).length;
  if (reached === 0) return { mutation, run, labels, skipped: `no step was reached (${run.failure ?? 'no captures'})` };
  const parser = await loadPythonParser();
  const records = buildSteps(analyzeProgram(parser, cells), program.hooks, captures);
  const byName = new Map(records.map((r) => [r.name, r]));
  if (kind === 'counterfactual') {
    // A counterfactual is a right trajectory or nothing: one step off gold makes it a mutant-like
    // trace that no operator meant, so it is dropped rather than stored with a wrong label.
    const off = labels.find((l) => !l.captured || l.label !== true);
    if (run.status !== 'completed' || off) return { mutation, run, labels, skipped: `not equal to gold${off ? ` at ${off.name}` : ''} (${run.failure ?? 'completed'})` };
  }
  const id = mutantId(gold.episode_id, mutation, kind === 'counterfactual' ? 'cf' : 'mu');
  const steps: StepRow[] = [];
  // The trajectory is the gold steps in order up to the first one the mutant never reached, and then
  // that step itself, carrying the error: a crash is a wrong step. Without it a crashed mutant reads
  // as a right-but-short trajectory, which a verifier cannot tell from a correct one.
  for (const [index, label] of labels.entries()) {
    const gs = args.steps[index] as StoredStep;
    const r = byName.get(label.name);
    if (!label.captured) {
      steps.push(mutantStep(id, index, gs, r, crashObserved(run.failure)));
      break;
    }
    const c = captures.get(label.name);
    steps.push(mutantStep(id, index, gs, r, { value_hash: c?.value_hash ?? null, value: c?.value ?? null, value_type: c?.value_type ?? null, label: label.label }));
  }
  const last = steps.at(-1);
  const finalCorrect = run.status === 'completed' && last?.is_final === true && last.label === true;
  const episode: EpisodeRow = {
    episode_id: id,
    source: gold.source,
    kind,
    gold_episode_id: gold.episode_id,
    notebook_id: gold.notebook_id,
    competition: gold.competition,
    dataset: gold.dataset,
    template_family: gold.template_family,
    template_variant: gold.template_variant,
    template_seed: gold.template_seed,
    question: gold.question,
    hint: gold.hint,
    answer: last?.is_final && last.value_type !== ERROR_VALUE_TYPE ? { value: last.value, value_hash: last.value_hash, value_type: last.value_type } : null,
    tolerance: gold.tolerance ? JSON.parse(gold.tolerance) : null,
    difficulty: gold.difficulty,
    is_distractor: gold.is_distractor,
    heldout: gold.heldout,
    mutation: { kind: mutation.kind, ...(kind === 'counterfactual' ? { counterfactual: true, exact: (mutation as { exact?: boolean }).exact ?? null } : {}), cell_index: mutation.cellIndex, line: mutation.line, before: mutation.before, after: mutation.after, description: mutation.description, run_status: run.status, failure: run.failure },
    execution_id: args.executionId,
    code: cells.map((c) => c.source).join('\n\n'),
    final_correct: finalCorrect,
    created_at: new Date(),
    run_id: args.runId,
  };
  return { mutation, run, labels, episode: { episode, steps } };
}
