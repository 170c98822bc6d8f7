// A Kaggle episode from verified hooks: the steps in program order (code since the previous hook,
// name, captured value, dependencies), the question the notebook answers, and the repairs it rests on.
import { createHash } from 'node:crypto';
import type { EpisodeRow, StepRow } from '../../corpus/episodes.js';
import type { ProposalToVerify } from '../../corpus/hooks.js';
import { buildSteps, type Capture } from '../../extractors/hooks/steps.js';
import type { HookSpec } from '../../extractors/hooks/types.js';
import type { FinalOutput } from '../../extractors/python/final-output.js';
import type { Program } from '../../extractors/python/program.js';

export function episodeIdFor(proposalId: string): string {
  return `ep_${createHash('sha256').update(`kaggle\n${proposalId}`).digest('hex').slice(0, 16)}`;
}

/** What the notebook sets out to produce, phrased from its final output. */
export function kaggleQuestion(competition: string, title: string | null, final: FinalOutput, stopCell: number | null = null): string {
  const what =
    final.kind === 'file'
      ? `the output file ${final.path ?? 'it writes'}`
      : final.kind === 'print'
        ? 'the result it prints last'
        : final.kind === 'display'
          ? 'the result it displays last'
          : final.kind === 'value'
            ? `the value of ${final.valueNode?.text ?? 'its last statement'}`
            : 'the data of its last chart';
  // a prefix: the trajectory ends at the last cell that ran
  const upTo = stopCell === null ? '' : ` up to cell ${stopCell}`;
  return `Kaggle competition "${competition}": analyse the competition data and produce ${what}${title ? `, as the notebook "${title}" does${upTo}` : upTo}.`;
}

export function kaggleEpisode(args: {
  proposal: ProposalToVerify;
  program: Program;
  hooks: HookSpec[];
  captures: ReadonlyMap<string, Capture>;
  stability: ReadonlyMap<string, boolean | null>;
  final: FinalOutput;
  script: string;
  executionId: string;
  repairs: Record<string, unknown>[];
  runId: string | null;
  /** the evidence tier and, for a prefix, where the run stopped */
  evidence?: Pick<EpisodeRow, 'evidence' | 'evidence_detail' | 'stop_cell' | 'stop_reason'>;
}): { episode: EpisodeRow; steps: StepRow[] } {
  const episodeId = episodeIdFor(args.proposal.proposal_id);
  const records = buildSteps(args.program, args.hooks, args.captures);
  const final = records.find((s) => s.is_final);
  const steps: StepRow[] = records.map((s) => {
    const hook = args.hooks.find((h) => h.name === s.name);
    return {
      episode_id: episodeId,
      step_index: s.step_index,
      name: s.name,
      code: s.code,
      code_line: s.code_line,
      variable_name: hook?.variable ?? null,
      value_hash: s.value_hash,
      value: s.value,
      value_type: s.value_type,
      depends_on: s.depends_on,
      is_final: s.is_final,
      label: true,
      label_source: 'gold',
      // values that changed between two identical runs are rejected before they get here
      step_confidence: args.stability.get(s.name) === false ? 0.5 : 1,
      is_consensus_correct: null,
      cell_index: s.cell_index,
      line: s.line,
    };
  });
  const episode: EpisodeRow = {
    episode_id: episodeId,
    source: 'kaggle',
    kind: 'gold',
    notebook_id: args.proposal.notebook_id,
    competition: args.proposal.competition,
    dataset: args.proposal.competition,
    question: kaggleQuestion(args.proposal.competition, args.proposal.title, args.final, args.evidence?.stop_cell ?? null),
    hint: null,
    answer: final ? { value: final.value, value_hash: final.value_hash, value_type: final.value_type } : null,
    tolerance: null,
    repairs: args.repairs,
    execution_id: args.executionId,
    code: args.script,
    final_correct: true,
    created_at: new Date(),
    run_id: args.runId,
    evidence: args.evidence?.evidence ?? null,
    evidence_detail: args.evidence?.evidence_detail ?? null,
    stop_cell: args.evidence?.stop_cell ?? null,
    stop_reason: args.evidence?.stop_reason ?? null,
  };
  return { episode, steps };
}
