// Domain verbs for episodes and their steps, shared by every source (Kaggle hooks, synthetic
// templates, mutants, consistency traces): one schema, so one query, export and training see all.
import type { Corpus, Session } from './corpus.js';

export interface EpisodeRow {
  episode_id: string;
  source: 'kaggle' | 'synthetic';
  kind: 'gold' | 'mutant' | 'consistency' | 'counterfactual' | 'sibling' | 'sibling_mutant';
  gold_episode_id?: string | null;
  notebook_id?: string | null;
  competition?: string | null;
  /** the source dataset: the competition slug for its CSVs, `sklearn:<name>`, `csv:<path>` */
  dataset?: string | null;
  template_family?: string | null;
  template_variant?: string | null;
  template_seed?: number | null;
  question?: string | null;
  hint?: string | null;
  answer?: unknown;
  tolerance?: unknown;
  difficulty?: string | null;
  is_distractor?: boolean | null;
  heldout?: boolean | null;
  mutation?: unknown;
  repairs?: unknown;
  execution_id?: string | null;
  code?: string | null;
  final_correct?: boolean | null;
  dedup_key?: string | null;
  dedup_cluster?: string | null;
  split?: string | null;
  created_at: Date;
  run_id?: string | null;
  /** gold Kaggle episodes: kaggle_reproduced | local_deterministic | prefix (mutants inherit it) */
  evidence?: string | null;
  /** why a local_deterministic run differs from Kaggle; for a prefix, where and why the run stopped */
  evidence_detail?: string | null;
  /** prefix episodes: the cell the run stopped in (no step comes from it or later) and the reason */
  stop_cell?: number | null;
  stop_reason?: string | null;
}

export interface StepRow {
  episode_id: string;
  step_index: number;
  name: string;
  code: string;
  code_line?: string | null;
  variable_name?: string | null;
  value_hash?: string | null;
  value?: unknown;
  value_type?: string | null;
  depends_on?: string[] | null;
  is_final: boolean;
  label?: boolean | null;
  label_source?: string | null;
  step_confidence?: number | null;
  is_consensus_correct?: boolean | null;
  cell_index?: number | null;
  line?: number | null;
}

/**
 * Store episodes with their steps in one transaction. An episode id already present is left
 * alone with its steps (ids are derived from content, so storing again adds nothing). Returns the
 * ids actually inserted.
 */
export async function insertEpisodes(corpus: Corpus, items: readonly { episode: EpisodeRow; steps: readonly StepRow[] }[]): Promise<string[]> {
  if (items.length === 0) return [];
  return corpus.transaction(async (session) => {
    const ids = items.map((i) => i.episode.episode_id);
    const present = new Set(
      (await session.query<{ episode_id: string }>('SELECT episode_id FROM episodes WHERE list_contains($1, episode_id)', [ids])).map((r) => r.episode_id),
    );
    const fresh = new Map<string, (typeof items)[number]>();
    for (const item of items) if (!present.has(item.episode.episode_id) && !fresh.has(item.episode.episode_id)) fresh.set(item.episode.episode_id, item);
    const chosen = [...fresh.values()];
    await session.append('episodes', chosen.map((i) => ({ ...i.episode })));
    await session.append('steps', chosen.flatMap((i) => i.steps.map((s) => ({ ...s }))));
    await inheritEvidence(session, chosen.map((i) => i.episode.episode_id));
    return chosen.map((i) => i.episode.episode_id);
  });
}

/**
 * Replace the mutants of a gold episode with new ones, in one transaction (a relabel after the
 * labelling changed). The old mutants' runs stay in `executions`.
 */
export async function replaceMutants(corpus: Corpus, goldEpisodeId: string, items: readonly { episode: EpisodeRow; steps: readonly StepRow[] }[]): Promise<void> {
  await corpus.transaction(async (session) => {
    // counterfactuals and the mutants' siblings are made by the same label run: replaced with the mutants
    const kinds = "('mutant', 'counterfactual', 'sibling', 'sibling_mutant')";
    const old = `SELECT episode_id FROM episodes WHERE gold_episode_id = $1 AND kind IN ${kinds}`;
    await session.run(`DELETE FROM steps WHERE episode_id IN (${old})`, [goldEpisodeId]);
    await session.run(`DELETE FROM episodes WHERE gold_episode_id = $1 AND kind IN ${kinds}`, [goldEpisodeId]);
    await session.append('episodes', items.map((i) => ({ ...i.episode })));
    await session.append('steps', items.flatMap((i) => i.steps.map((s) => ({ ...s }))));
    await inheritEvidence(session, items.map((i) => i.episode.episode_id));
  });
}

/** Mutants and consistency traces carry their gold episode's evidence tier (and stop cell). */
async function inheritEvidence(session: Session, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await session.run(
    `UPDATE episodes SET evidence = g.evidence, stop_cell = g.stop_cell, stop_reason = g.stop_reason
     FROM episodes g WHERE episodes.gold_episode_id = g.episode_id AND episodes.evidence IS NULL AND list_contains($1, episodes.episode_id)`,
    [ids as string[]],
  );
}

/** Set labels and consensus on existing steps (keyed by episode and step index). */
export async function updateStepLabels(
  corpus: Corpus,
  rows: readonly Pick<StepRow, 'episode_id' | 'step_index' | 'label' | 'label_source' | 'step_confidence' | 'is_consensus_correct'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await corpus.transaction(async (session) => {
    await session.run('CREATE TEMP TABLE IF NOT EXISTS step_label_updates (episode_id VARCHAR, step_index INTEGER, label BOOLEAN, label_source VARCHAR, step_confidence DOUBLE, is_consensus_correct BOOLEAN)');
    await session.run('DELETE FROM step_label_updates');
    await session.append('step_label_updates', rows.map((r) => ({ ...r })), { catalog: 'temp' });
    await session.run(`UPDATE steps SET label = u.label, label_source = u.label_source, step_confidence = u.step_confidence, is_consensus_correct = u.is_consensus_correct
                       FROM step_label_updates u WHERE steps.episode_id = u.episode_id AND steps.step_index = u.step_index`);
    await session.run('DROP TABLE step_label_updates');
  });
}

/** Set episode-level columns computed later (split, dedup cluster, final correctness). */
export async function updateEpisodes(
  corpus: Corpus,
  rows: readonly { episode_id: string; split?: string | null; dedup_key?: string | null; dedup_cluster?: string | null; final_correct?: boolean | null }[],
  columns: readonly ('split' | 'dedup_key' | 'dedup_cluster' | 'final_correct')[],
): Promise<void> {
  if (rows.length === 0 || columns.length === 0) return;
  await corpus.transaction(async (session) => {
    await session.run(
      'CREATE OR REPLACE TEMP TABLE episode_updates (episode_id VARCHAR, split VARCHAR, dedup_key VARCHAR, dedup_cluster VARCHAR, final_correct BOOLEAN)',
    );
    await session.append(
      'episode_updates',
      rows.map((r) => ({ episode_id: r.episode_id, split: r.split ?? null, dedup_key: r.dedup_key ?? null, dedup_cluster: r.dedup_cluster ?? null, final_correct: r.final_correct ?? null })),
      { catalog: 'temp' },
    );
    const set = columns.map((c) => `${c} = u.${c}`).join(', ');
    await session.run(`UPDATE episodes SET ${set} FROM episode_updates u WHERE episodes.episode_id = u.episode_id`);
    await session.run('DROP TABLE episode_updates');
  });
}
