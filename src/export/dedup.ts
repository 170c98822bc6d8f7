// Deduplication before export: an exact key per gold episode (its code with comments and layout
// normalised away) and, for Kaggle episodes, near-duplicate clusters (forks): MinHash over token
// shingles. Template episodes cluster only on the exact key (every template run shares its shape).
// Mutants and consistency traces follow their gold episode. One gold episode per cluster is kept.
import type { Corpus } from '../../corpus/corpus.js';
import { updateEpisodes } from '../../corpus/episodes.js';
import { codeTokens, exactKey, minhash, nearDuplicateClusters } from '../../extractors/labels/dedup.js';
import { loadPythonParser } from '../../extractors/python/parser.js';

export interface DedupResult {
  /** gold episode ids kept (one per cluster) */
  kept: Set<string>;
  clusters: number;
  exactDuplicates: number;
  nearDuplicates: number;
}

export async function deduplicate(corpus: Corpus, threshold = 0.8): Promise<DedupResult> {
  const parser = await loadPythonParser();
  const golds = await corpus.query<{ episode_id: string; source: string; code: string | null; steps: number }>(
    `SELECT e.episode_id, e.source, e.code, (SELECT count(*) FROM steps s WHERE s.episode_id = e.episode_id)::INT AS steps
     FROM episodes e WHERE e.kind = 'gold' ORDER BY e.episode_id`,
  );
  const keys = new Map<string, string>();
  const signatures: { id: string; signature: number[] }[] = [];
  for (const g of golds) {
    const tokens = codeTokens(parser, g.code ?? '');
    keys.set(g.episode_id, exactKey(tokens));
    if (g.source === 'kaggle') signatures.push({ id: g.episode_id, signature: minhash(tokens) });
  }
  const near = nearDuplicateClusters(signatures, threshold);
  // cluster id: the near-duplicate cluster for Kaggle episodes, else the exact key
  const clusterOf = new Map<string, string>();
  const firstWithKey = new Map<string, string>();
  for (const g of golds) {
    const key = keys.get(g.episode_id) as string;
    const exact = firstWithKey.get(key) ?? g.episode_id;
    firstWithKey.set(key, exact);
    clusterOf.set(g.episode_id, `dc_${key.slice(0, 12)}`);
    if (g.source === 'kaggle') {
      const root = near.get(g.episode_id) ?? g.episode_id;
      clusterOf.set(g.episode_id, `dc_${(keys.get(root) as string).slice(0, 12)}`);
    }
  }
  // representative: the gold episode with the most steps, then the smallest id
  const best = new Map<string, { id: string; steps: number }>();
  for (const g of golds) {
    const c = clusterOf.get(g.episode_id) as string;
    const current = best.get(c);
    if (!current || g.steps > current.steps || (g.steps === current.steps && g.episode_id < current.id)) best.set(c, { id: g.episode_id, steps: g.steps });
  }
  const others = await corpus.query<{ episode_id: string; gold_episode_id: string }>(`SELECT episode_id, gold_episode_id FROM episodes WHERE kind <> 'gold' AND gold_episode_id IS NOT NULL`);
  const rows = [
    ...golds.map((g) => ({ episode_id: g.episode_id, dedup_key: keys.get(g.episode_id) ?? null, dedup_cluster: clusterOf.get(g.episode_id) ?? null })),
    ...others.map((o) => ({ episode_id: o.episode_id, dedup_key: null, dedup_cluster: clusterOf.get(o.gold_episode_id) ?? null })),
  ];
  await updateEpisodes(corpus, rows, ['dedup_key', 'dedup_cluster']);
  const exactDuplicates = golds.length - new Set(keys.values()).size;
  return {
    kept: new Set([...best.values()].map((b) => b.id)),
    clusters: best.size,
    exactDuplicates,
    nearDuplicates: Math.max(0, golds.length - best.size - exactDuplicates),
  };
}
