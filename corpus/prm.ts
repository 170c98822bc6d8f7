// Domain verbs of the verifier (PRM): read episodes and steps for training, the embeddings cache,
// and train_runs.
import type { Corpus, Session } from './corpus.js';
import { upsertRows } from './upsert.js';

export interface PrmEpisodeRow {
  episode_id: string;
  source: string;
  kind: string;
  gold_episode_id: string | null;
  competition: string | null;
  dataset: string | null;
  template_family: string | null;
  template_variant: string | null;
  question: string | null;
  final_correct: boolean | null;
  heldout: boolean | null;
  split: string | null;
  dedup_cluster: string | null;
  /** the mutation operator of a mutant or counterfactual (`mutation->>'kind'`), else null */
  mutation_kind?: string | null;
  /** sibling episodes: the best-of-N group of the pair (`mutation->>'sibling_group'`), else null */
  sibling_group?: string | null;
}

export interface PrmStepRow {
  episode_id: string;
  step_index: number;
  name: string;
  code: string;
  /** JSON text as stored */
  value: string | null;
  value_type: string | null;
  value_hash: string | null;
  is_final: boolean;
  label: boolean | null;
}

/**
 * Every episode with its steps in order; the caller decides what is usable. `evidence` keeps only
 * the Kaggle episodes of those tiers (synthetic episodes are not tiered).
 */
export async function readPrmEpisodes(db: Corpus | Session, evidence?: readonly string[]): Promise<{ episodes: PrmEpisodeRow[]; steps: PrmStepRow[] }> {
  const tiers = evidence ? [...evidence] : null;
  const chosen = `($1::VARCHAR[] IS NULL OR e.source <> 'kaggle' OR list_contains($1, coalesce(e.evidence, 'kaggle_reproduced')))`;
  const episodes = await db.query<PrmEpisodeRow & Record<string, unknown>>(
    `SELECT episode_id, source, kind, gold_episode_id, competition, dataset, template_family, template_variant,
            question, final_correct, heldout, split, dedup_cluster, mutation->>'kind' AS mutation_kind,
            mutation->>'sibling_group' AS sibling_group
     FROM episodes e WHERE ${chosen} ORDER BY episode_id`,
    [tiers],
  );
  const steps = await db.query<PrmStepRow & Record<string, unknown>>(
    `SELECT s.episode_id, s.step_index, s.name, s.code, s.value::VARCHAR AS value, s.value_type, s.value_hash, s.is_final, s.label
     FROM steps s JOIN episodes e USING (episode_id) WHERE ${chosen} ORDER BY s.episode_id, s.step_index`,
    [tiers],
  );
  return { episodes, steps };
}

export interface EmbeddingKey {
  provider: string;
  model: string;
}

export async function readEmbeddings(db: Corpus | Session, key: EmbeddingKey, shas: readonly string[]): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  const chunk = 2000;
  for (let i = 0; i < shas.length; i += chunk) {
    const rows = await db.query<{ text_sha256: string; vector: number[] }>(
      `SELECT text_sha256, vector FROM embeddings WHERE provider = $1 AND model = $2 AND list_contains($3, text_sha256)`,
      [key.provider, key.model, shas.slice(i, i + chunk) as string[]],
    );
    for (const r of rows) out.set(r.text_sha256, Float32Array.from(r.vector));
  }
  return out;
}

export async function storeEmbeddings(
  corpus: Corpus,
  key: EmbeddingKey,
  entries: readonly { sha: string; vector: Float32Array }[],
): Promise<void> {
  if (entries.length === 0) return;
  const now = new Date();
  await corpus.transaction((s) =>
    upsertRows(
      s,
      'embeddings',
      entries.map((e) => ({
        provider: key.provider,
        model: key.model,
        text_sha256: e.sha,
        dim: e.vector.length,
        vector: Array.from(e.vector),
        created_at: now,
      })),
      { key: ['provider', 'model', 'text_sha256'] },
    ),
  );
}

export interface TrainRunStart {
  train_id: string;
  out_dir: string;
  backend: string;
  embed: string;
  config: unknown;
  run_id: string | null;
}

export async function startTrainRun(corpus: Corpus, row: TrainRunStart): Promise<void> {
  await corpus.append('train_runs', [{ ...row, started_at: new Date(), status: 'running' }]);
}

export async function finishTrainRun(corpus: Corpus, trainId: string, status: string, metrics: unknown): Promise<void> {
  await corpus.run(`UPDATE train_runs SET status = $1, metrics = $2::JSON, finished_at = now()::TIMESTAMP WHERE train_id = $3`, [
    status,
    JSON.stringify(metrics ?? null),
    trainId,
  ]);
}
