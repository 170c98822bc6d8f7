// Domain verbs of the synth stage: which planned episodes the corpus already holds, and storing a
// batch of template runs (their executions, hook captures, episodes and steps) in one transaction.
import type { Corpus } from './corpus.js';
import type { EpisodeRow, StepRow } from './episodes.js';
import type { ExecutionRow } from './executions.js';

export interface HookCaptureRow {
  execution_id: string;
  seq: number;
  name: string;
  variable_name: string | null;
  value_hash: string | null;
  value: unknown;
  value_type: string | null;
  cell_index: number | null;
  line: number | null;
  elapsed_us: number | null;
}

/** The ids among `ids` that are stored episodes. */
export async function existingEpisodeIds(corpus: Corpus, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await corpus.query<{ episode_id: string }>('SELECT episode_id FROM episodes WHERE list_contains($1, episode_id)', [ids as string[]]);
  return new Set(rows.map((r) => r.episode_id));
}

export interface SynthBatch {
  items: { episode: EpisodeRow; steps: StepRow[] }[];
  /** the runs behind the episodes and the failed runs */
  executions: ExecutionRow[];
  captures: HookCaptureRow[];
}

/**
 * Store a batch: all of it lands, or none. An episode already stored is left alone (with its run
 * and captures), so storing the same batch twice adds nothing. Returns the ids stored.
 */
export async function insertSynthBatch(corpus: Corpus, batch: SynthBatch): Promise<string[]> {
  return corpus.transaction(async (session) => {
    const ids = batch.items.map((i) => i.episode.episode_id);
    const present = new Set(
      ids.length ? (await session.query<{ episode_id: string }>('SELECT episode_id FROM episodes WHERE list_contains($1, episode_id)', [ids])).map((r) => r.episode_id) : [],
    );
    const fresh = new Map<string, SynthBatch['items'][number]>();
    for (const item of batch.items) if (!present.has(item.episode.episode_id)) fresh.set(item.episode.episode_id, item);
    const skippedRuns = new Set(batch.items.filter((i) => !fresh.has(i.episode.episode_id)).map((i) => i.episode.execution_id));
    const executions = batch.executions.filter((e) => !skippedRuns.has(e.execution_id));
    const keptRuns = new Set(executions.map((e) => e.execution_id));
    if (executions.length) await session.append('executions', executions.map((e) => ({ ...e })));
    const captures = batch.captures.filter((c) => keptRuns.has(c.execution_id));
    if (captures.length) await session.append('hook_captures', captures.map((c) => ({ ...c })));
    const chosen = [...fresh.values()];
    if (chosen.length) {
      await session.append('episodes', chosen.map((i) => ({ ...i.episode })));
      await session.append('steps', chosen.flatMap((i) => i.steps.map((s) => ({ ...s }))));
    }
    return chosen.map((i) => i.episode.episode_id);
  });
}
