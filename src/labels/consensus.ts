// Step consensus over every trace of an episode (gold, mutants, consistency traces): at each hook,
// the share of traces whose value matches gold (`step_confidence`), and whether each step agrees
// with the consensus value there (`is_consensus_correct`).
import type { Corpus } from '../../corpus/corpus.js';
import { updateStepLabels } from '../../corpus/episodes.js';
import { groupSteps, type StoredStep } from '../../corpus/labels.js';
import type { Capture } from '../../extractors/hooks/steps.js';
import { stepConsensus, valueMatches, type ValueMatcher } from '../../extractors/labels/step-labels.js';
import { goldSteps, parseValue } from './mutants.js';

function asCaptures(steps: readonly StoredStep[]): Map<string, Capture> {
  return new Map(steps.map((s, i) => [s.name, { seq: i, name: s.name, value: parseValue(s.value), value_hash: s.value_hash, value_type: s.value_type ?? undefined }]));
}

export async function updateConsensus(corpus: Corpus, goldEpisodeId: string, matcher: ValueMatcher): Promise<{ traces: number }> {
  const group = await groupSteps(corpus, goldEpisodeId);
  const gold = group.find((g) => g.kind === 'gold');
  if (!gold) return { traces: 0 };
  const golden = goldSteps(gold.steps);
  const byName = new Map(golden.map((g) => [g.name, g]));
  const traces = group.map((g) => asCaptures(g.steps));
  const consensus = new Map(stepConsensus(golden, traces, matcher).map((c) => [c.name, c]));
  const rows = group.flatMap((g) =>
    g.steps.map((s) => {
      const c = consensus.get(s.name);
      const goldStep = byName.get(s.name);
      const agreesWithGold = goldStep ? valueMatches(goldStep, asCaptures([s]).get(s.name), matcher) : false;
      return {
        episode_id: s.episode_id,
        step_index: s.step_index,
        label: s.label,
        label_source: g.kind === 'gold' ? 'gold' : 'execution',
        step_confidence: c?.stepConfidence ?? null,
        is_consensus_correct: c ? (c.consensusIsGold ? agreesWithGold : !agreesWithGold) : null,
      };
    }),
  );
  await updateStepLabels(corpus, rows);
  return { traces: group.length };
}
