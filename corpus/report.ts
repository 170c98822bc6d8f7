// What `hookmine report` shows, read from the corpus in one place.
import type { Corpus } from './corpus.js';

export interface ReportData {
  totals: Record<string, number>;
  funnel: { competition: string; crawled: number; ingested: number; executed: number; ran: number; reproduced: number; with_verified_hooks: number }[];
  failures: { stage: string; competition: string | null; reason: string; items: number }[];
  hooksPerNotebook: { notebook_id: string; title: string | null; competition: string; proposed: number; verified: number }[];
  episodes: { source: string; kind: string; n: number }[];
  labels: { source: string; label: string; n: number }[];
  templates: { family: string; n: number }[];
  executions: {
    notebook_id: string;
    title: string | null;
    competition: string;
    outcome: string | null;
    reason: string | null;
    wall_ms: number | null;
    /** the best evidence tier of its gold Kaggle episodes, its verified hooks, a prefix's stop reason */
    evidence: string | null;
    verified_hooks: number;
    stop_reason: string | null;
  }[];
  training: { train_id: string; backend: string | null; metrics: unknown; finished_at: string | null } | null;
}

export async function readReportData(corpus: Corpus): Promise<ReportData> {
  const [totals] = await corpus.query<Record<string, number>>(`
    SELECT
      (SELECT count(*) FROM competitions)::INT AS competitions,
      (SELECT count(*) FROM notebooks)::INT AS notebooks,
      (SELECT count(*) FROM ingest_failures)::INT AS ingest_failures,
      (SELECT count(*) FILTER (WHERE executed) FROM v_notebook_status)::INT AS executed,
      (SELECT count(*) FILTER (WHERE ran) FROM v_notebook_status)::INT AS ran,
      (SELECT count(*) FILTER (WHERE reproduced) FROM v_notebook_status)::INT AS reproduced,
      (SELECT count(*) FILTER (WHERE verified_hooks > 0) FROM v_notebook_status)::INT AS with_verified_hooks,
      (SELECT count(*) FROM hooks WHERE status = 'verified')::INT AS verified_hooks,
      (SELECT count(*) FROM episodes WHERE source = 'kaggle' AND kind = 'gold')::INT AS kaggle_episodes,
      (SELECT count(*) FROM episodes WHERE source = 'kaggle' AND kind = 'gold' AND evidence = 'kaggle_reproduced')::INT AS kaggle_reproduced,
      (SELECT count(*) FROM episodes WHERE source = 'kaggle' AND kind = 'gold' AND evidence = 'local_deterministic')::INT AS local_deterministic,
      (SELECT count(*) FROM episodes WHERE source = 'kaggle' AND kind = 'gold' AND evidence = 'prefix')::INT AS prefix,
      (SELECT count(*) FROM episodes WHERE source = 'synthetic' AND kind = 'gold')::INT AS synthetic_episodes,
      (SELECT count(*) FROM episodes WHERE kind <> 'gold')::INT AS contrast_episodes,
      (SELECT count(*) FROM steps)::INT AS steps,
      (SELECT count(*) FROM steps WHERE label)::INT AS positive_steps,
      (SELECT count(*) FROM steps WHERE NOT label)::INT AS negative_steps`);
  const funnel = await corpus.query<ReportData['funnel'][number]>(
    `SELECT competition, crawled::INT AS crawled, ingested::INT AS ingested, executed::INT AS executed, ran::INT AS ran,
            reproduced::INT AS reproduced, with_verified_hooks::INT AS with_verified_hooks FROM v_funnel ORDER BY ingested DESC, competition`,
  );
  const failures = await corpus.query<ReportData['failures'][number]>(`SELECT stage, competition, reason, items::INT AS items FROM v_failure_reasons`);
  const hooksPerNotebook = await corpus.query<ReportData['hooksPerNotebook'][number]>(`
    SELECT n.notebook_id, n.title, n.competition,
           count(h.hook_id)::INT AS proposed,
           count(h.hook_id) FILTER (WHERE h.status = 'verified')::INT AS verified
    FROM notebooks n JOIN hooks h USING (notebook_id)
    GROUP BY ALL ORDER BY verified DESC, n.title`);
  const episodes = await corpus.query<ReportData['episodes'][number]>(`SELECT source, kind, count(*)::INT AS n FROM episodes GROUP BY ALL ORDER BY 1, 2`);
  const labels = await corpus.query<ReportData['labels'][number]>(`
    SELECT e.source, CASE WHEN s.label THEN 'right' WHEN NOT s.label THEN 'wrong' ELSE 'unlabelled' END AS label, count(*)::INT AS n
    FROM steps s JOIN episodes e USING (episode_id) GROUP BY ALL ORDER BY 1, 2`);
  const templates = await corpus.query<ReportData['templates'][number]>(`
    SELECT template_family AS family, count(*)::INT AS n FROM episodes
    WHERE source = 'synthetic' AND kind = 'gold' AND template_family IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`);
  const executions = await corpus.query<ReportData['executions'][number]>(`
    SELECT n.notebook_id, n.title, n.competition,
           arg_max(e.outcome, e.started_at) AS outcome, arg_max(e.reason, e.started_at) AS reason, arg_max(e.wall_ms, e.started_at) AS wall_ms,
           any_value(s.evidence) AS evidence, any_value(s.verified_hooks)::INT AS verified_hooks, any_value(s.stop_reason) AS stop_reason
    FROM notebooks n JOIN executions e USING (notebook_id) JOIN v_notebook_status s USING (notebook_id)
    WHERE e.purpose IN ('reference', 'repair') GROUP BY n.notebook_id, n.title, n.competition ORDER BY n.competition, n.title`);
  const [training] = await corpus.query<NonNullable<ReportData['training']>>(`
    SELECT train_id, backend, metrics, finished_at FROM train_runs WHERE metrics IS NOT NULL ORDER BY finished_at DESC NULLS LAST LIMIT 1`);
  return {
    totals: totals ?? {},
    funnel,
    failures,
    hooksPerNotebook,
    episodes,
    labels,
    templates,
    executions,
    training: training ? { ...training, metrics: typeof training.metrics === 'string' ? JSON.parse(training.metrics) : training.metrics } : null,
  };
}
