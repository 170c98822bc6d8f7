-- Views for the common questions. Later stages only add rows to the tables these read,
-- so the views grow with the pipeline without changing shape.

-- Latest state of each notebook along the pipeline.
CREATE OR REPLACE VIEW v_notebook_status AS
WITH runs AS (
  SELECT notebook_id,
         arg_max(status, started_at)   AS last_status,
         arg_max(outcome, started_at)  AS last_outcome,
         arg_max(reason, started_at)   AS last_reason,
         count(*)                      AS executions
  FROM executions
  WHERE purpose IN ('reference', 'repair') AND notebook_id IS NOT NULL
  GROUP BY notebook_id
),
verified AS (
  SELECT notebook_id, count(*) AS verified_hooks
  FROM hooks WHERE status = 'verified'
  GROUP BY notebook_id
),
eps AS (
  SELECT notebook_id, count(*) AS episodes
  FROM episodes WHERE source = 'kaggle' AND kind = 'gold'
  GROUP BY notebook_id
)
SELECT n.notebook_id,
       n.competition,
       n.origin,
       n.title,
       n.kaggle_ref,
       n.medal,
       runs.notebook_id IS NOT NULL                       AS executed,
       coalesce(runs.last_status = 'completed', false)    AS ran,
       coalesce(runs.last_outcome = 'reproduced', false)  AS reproduced,
       runs.last_reason                                   AS failure_reason,
       coalesce(verified.verified_hooks, 0)               AS verified_hooks,
       coalesce(eps.episodes, 0)                          AS episodes
FROM notebooks n
LEFT JOIN runs USING (notebook_id)
LEFT JOIN verified USING (notebook_id)
LEFT JOIN eps USING (notebook_id);

-- Per competition: how many notebooks reached each stage.
CREATE OR REPLACE VIEW v_funnel AS
WITH comps AS (
  SELECT slug AS competition FROM competitions
  UNION SELECT competition FROM notebooks
  UNION SELECT competition FROM ingest_failures WHERE competition IS NOT NULL
),
st AS (
  SELECT competition,
         count(*) FILTER (WHERE origin <> 'file')  AS crawled,
         count(*)                                  AS ingested,
         count(*) FILTER (WHERE executed)          AS executed,
         count(*) FILTER (WHERE ran)               AS ran,
         count(*) FILTER (WHERE reproduced)        AS reproduced,
         count(*) FILTER (WHERE verified_hooks > 0) AS with_verified_hooks,
         sum(verified_hooks)                       AS verified_hooks,
         sum(episodes)                             AS episodes
  FROM v_notebook_status
  GROUP BY competition
),
bad AS (
  SELECT competition, count(*) AS ingest_failed FROM ingest_failures GROUP BY competition
)
SELECT comps.competition,
       coalesce(st.crawled, 0)             AS crawled,
       coalesce(bad.ingest_failed, 0)      AS ingest_failed,
       coalesce(st.ingested, 0)            AS ingested,
       coalesce(st.executed, 0)            AS executed,
       coalesce(st.ran, 0)                 AS ran,
       coalesce(st.reproduced, 0)          AS reproduced,
       coalesce(st.with_verified_hooks, 0) AS with_verified_hooks,
       coalesce(st.verified_hooks, 0)::BIGINT AS verified_hooks,
       coalesce(st.episodes, 0)::BIGINT    AS episodes
FROM comps
LEFT JOIN st USING (competition)
LEFT JOIN bad USING (competition)
ORDER BY comps.competition;

-- Why items failed, by stage and reason.
CREATE OR REPLACE VIEW v_failure_reasons AS
SELECT 'ingest' AS stage, competition, reason, count(*) AS items
FROM ingest_failures
GROUP BY ALL
UNION ALL
SELECT 'execute' AS stage, competition, failure_reason AS reason, count(*) AS items
FROM v_notebook_status
WHERE executed AND NOT reproduced AND failure_reason IS NOT NULL
GROUP BY ALL
ORDER BY stage, items DESC;

-- Steps with their episode's provenance: Kaggle and synthetic side by side.
CREATE OR REPLACE VIEW v_steps AS
SELECT e.source, e.kind, e.competition, e.dataset, e.template_family, e.template_variant,
       e.notebook_id, e.gold_episode_id, e.question, s.*
FROM steps s
JOIN episodes e USING (episode_id);
