// Reads for the label stage: gold episodes still to label, their steps, and for a Kaggle episode the
// run its hooks rest on (so mutants re-run exactly that code with exactly those hooks).
import type { Corpus } from './corpus.js';
import type { EpisodeRow, StepRow } from './episodes.js';
import type { HookRow } from './hooks.js';

export interface GoldEpisode {
  episode_id: string;
  source: 'kaggle' | 'synthetic';
  notebook_id: string | null;
  competition: string | null;
  dataset: string | null;
  template_family: string | null;
  template_variant: string | null;
  template_seed: number | null;
  question: string | null;
  hint: string | null;
  tolerance: string | null;
  difficulty: string | null;
  is_distractor: boolean | null;
  heldout: boolean | null;
  execution_id: string | null;
  code: string | null;
}

export interface StoredStep {
  episode_id: string;
  step_index: number;
  name: string;
  code: string;
  code_line: string | null;
  variable_name: string | null;
  value_hash: string | null;
  value: string | null;
  value_type: string | null;
  depends_on: string[] | null;
  is_final: boolean;
  label: boolean | null;
  cell_index: number | null;
  line: number | null;
}

/** Gold episodes with no mutant yet (all of them with `relabel`). */
export async function goldEpisodesToLabel(
  db: Corpus,
  filter: { source?: string; competition?: string; episodeIds?: string[]; relabel?: boolean; limit?: number; evidence?: readonly string[] },
): Promise<GoldEpisode[]> {
  return db.query<GoldEpisode & Record<string, unknown>>(
    `SELECT episode_id, source, notebook_id, competition, dataset, template_family, template_variant, template_seed, question, hint,
            tolerance, difficulty, is_distractor, heldout, execution_id, code
     FROM episodes g
     WHERE kind = 'gold'
       AND ($1 OR NOT EXISTS (SELECT 1 FROM episodes m WHERE m.gold_episode_id = g.episode_id AND m.kind = 'mutant'))
       AND ($2::VARCHAR IS NULL OR source = $2)
       AND ($3::VARCHAR IS NULL OR competition = $3)
       AND ($4::VARCHAR[] IS NULL OR list_contains($4, episode_id))
       AND ($6::VARCHAR[] IS NULL OR source <> 'kaggle' OR list_contains($6, coalesce(evidence, 'kaggle_reproduced')))
     ORDER BY source, competition, episode_id
     LIMIT $5`,
    [filter.relabel ?? false, filter.source ?? null, filter.competition ?? null, filter.episodeIds ?? null, filter.limit ?? 1_000_000, filter.evidence ? [...filter.evidence] : null],
  );
}

export async function episodeSteps(db: Corpus, episodeId: string): Promise<StoredStep[]> {
  return db.query<StoredStep & Record<string, unknown>>('SELECT * FROM steps WHERE episode_id = $1 ORDER BY step_index', [episodeId]);
}

/** Every trace of a gold episode's group: the gold episode, its mutants and consistency traces. */
export async function groupSteps(db: Corpus, goldEpisodeId: string): Promise<{ episode_id: string; kind: string; steps: StoredStep[] }[]> {
  const episodes = await db.query<{ episode_id: string; kind: string }>(
    // sibling episodes answer another question: they take no part in this question's consensus
    `SELECT episode_id, kind FROM episodes WHERE (episode_id = $1 OR gold_episode_id = $1) AND kind NOT IN ('sibling', 'sibling_mutant') ORDER BY kind = 'gold' DESC, episode_id`,
    [goldEpisodeId],
  );
  const steps = await db.query<StoredStep & Record<string, unknown>>(
    `SELECT s.* FROM steps s JOIN episodes e USING (episode_id) WHERE (e.episode_id = $1 OR e.gold_episode_id = $1) AND e.kind NOT IN ('sibling', 'sibling_mutant') ORDER BY s.episode_id, s.step_index`,
    [goldEpisodeId],
  );
  return episodes.map((e) => ({ ...e, steps: steps.filter((s) => s.episode_id === e.episode_id) }));
}

export interface KaggleBase {
  script: string;
  environment: string;
  hooks: HookRow[];
  /** the base run's facts that decide its evidence tier (a prefix stops at failed_cell) */
  status: string;
  outcome: string;
  reason: string | null;
  failed_cell: number | null;
}

/** The run a Kaggle episode's hooks rest on, and the verified hooks themselves. */
export async function kaggleEpisodeBase(db: Corpus, episode: GoldEpisode): Promise<KaggleBase | undefined> {
  if (!episode.execution_id || !episode.notebook_id) return undefined;
  const hooks = await db.query<HookRow & Record<string, unknown>>(
    `SELECT * FROM hooks WHERE execution_id = $1 AND status = 'verified' ORDER BY ordinal`,
    [episode.execution_id],
  );
  const proposalId = hooks[0]?.proposal_id;
  if (!proposalId) return undefined;
  const [base] = await db.query<Omit<KaggleBase, 'hooks'> & Record<string, unknown>>(
    `SELECT e.script, e.environment, e.status, e.outcome, e.reason, e.failed_cell FROM hook_proposals p
     JOIN executions e ON e.notebook_id = p.notebook_id AND e.script_sha256 = p.base_script_sha256
     WHERE p.proposal_id = $1 AND e.purpose IN ('reference', 'repair')
     ORDER BY e.started_at DESC LIMIT 1`,
    [proposalId],
  );
  return base ? { ...base, hooks } : undefined;
}

/** A stored mutant with its gold episode and both step lists, as the sibling builder reads them. */
export interface MutantPair {
  gold: EpisodeRow;
  goldSteps: StepRow[];
  mutant: EpisodeRow;
  mutantSteps: StepRow[];
}

/** Stored mutants that have no sibling episodes yet (`src/labels/siblings.ts`), with their gold episode. */
export async function mutantsWithoutSiblings(db: Corpus, filter: { goldEpisodeIds?: readonly string[]; competition?: string } = {}): Promise<MutantPair[]> {
  const ids = filter.goldEpisodeIds ? [...filter.goldEpisodeIds] : null;
  const mutants = await db.query<EpisodeRow & Record<string, unknown>>(
    `SELECT m.* FROM episodes m
     WHERE m.kind = 'mutant' AND ($1::VARCHAR[] IS NULL OR list_contains($1, m.gold_episode_id))
       AND ($2::VARCHAR IS NULL OR m.competition = $2)
       AND NOT EXISTS (SELECT 1 FROM episodes s WHERE s.kind = 'sibling' AND (s.mutation->>'of_mutant') = m.episode_id)
     ORDER BY m.gold_episode_id, m.episode_id`,
    [ids, filter.competition ?? null],
  );
  if (mutants.length === 0) return [];
  const goldIds = [...new Set(mutants.map((m) => m.gold_episode_id as string))];
  const golds = new Map((await db.query<EpisodeRow & Record<string, unknown>>('SELECT * FROM episodes WHERE list_contains($1, episode_id)', [goldIds])).map((g) => [g.episode_id, g]));
  const stepRows = await db.query<StepRow & Record<string, unknown>>(
    `SELECT * REPLACE (value::VARCHAR AS value) FROM steps WHERE list_contains($1, episode_id) ORDER BY episode_id, step_index`,
    [[...goldIds, ...mutants.map((m) => m.episode_id)]],
  );
  const stepsOf = new Map<string, StepRow[]>();
  for (const s of stepRows) (stepsOf.get(s.episode_id) ?? stepsOf.set(s.episode_id, []).get(s.episode_id))?.push(s);
  return mutants.flatMap((m) => {
    const gold = golds.get(m.gold_episode_id as string);
    return gold ? [{ gold, goldSteps: stepsOf.get(gold.episode_id) ?? [], mutant: m, mutantSteps: stepsOf.get(m.episode_id) ?? [] }] : [];
  });
}
