-- Evidence tiers: every gold Kaggle episode says how much its run proves (kaggle_reproduced,
-- local_deterministic or prefix), why it differs from Kaggle, and for a prefix where the run stopped.
ALTER TABLE hook_proposals ADD COLUMN evidence VARCHAR;
ALTER TABLE episodes ADD COLUMN evidence VARCHAR;
ALTER TABLE episodes ADD COLUMN evidence_detail VARCHAR;
ALTER TABLE episodes ADD COLUMN stop_cell INTEGER;
ALTER TABLE episodes ADD COLUMN stop_reason VARCHAR;

-- Episodes and proposals stored before tiers existed rest on completed runs: reproduced or not.
UPDATE hook_proposals SET evidence = CASE
    WHEN EXISTS (SELECT 1 FROM executions e WHERE e.notebook_id = hook_proposals.notebook_id
                   AND e.script_sha256 = hook_proposals.base_script_sha256 AND e.outcome = 'reproduced'
                   AND e.purpose IN ('reference', 'repair'))
    THEN 'kaggle_reproduced' ELSE 'local_deterministic' END
WHERE evidence IS NULL;

UPDATE episodes SET evidence = coalesce(
    (SELECT p.evidence FROM hooks h JOIN hook_proposals p USING (proposal_id)
     WHERE h.execution_id = episodes.execution_id AND h.status = 'verified' LIMIT 1),
    'local_deterministic')
WHERE source = 'kaggle' AND kind = 'gold' AND evidence IS NULL;

-- Mutants and consistency traces carry their gold episode's tier.
UPDATE episodes SET evidence = (SELECT g.evidence FROM episodes g WHERE g.episode_id = episodes.gold_episode_id)
WHERE source = 'kaggle' AND kind <> 'gold' AND evidence IS NULL;

-- v_notebook_status: failure_reason is the reference run's (why the notebook as Kaggle ran it does
-- not reproduce); repair_reason the latest repair run's; evidence the best tier of its episodes.
CREATE OR REPLACE VIEW v_notebook_status AS
WITH runs AS (
  SELECT notebook_id,
         arg_max(status, started_at)   AS last_status,
         arg_max(outcome, started_at)  AS last_outcome,
         count(*)                      AS executions
  FROM executions
  WHERE purpose IN ('reference', 'repair') AND notebook_id IS NOT NULL
  GROUP BY notebook_id
),
ref AS (
  SELECT notebook_id, arg_max(reason, started_at) AS reference_reason
  FROM executions WHERE purpose = 'reference' AND notebook_id IS NOT NULL
  GROUP BY notebook_id
),
rep AS (
  SELECT notebook_id, arg_max(reason, started_at) AS repair_reason
  FROM executions WHERE purpose = 'repair' AND notebook_id IS NOT NULL
  GROUP BY notebook_id
),
verified AS (
  SELECT notebook_id, count(*) AS verified_hooks
  FROM hooks WHERE status = 'verified'
  GROUP BY notebook_id
),
eps AS (
  SELECT notebook_id, count(*) AS episodes,
         CASE min(CASE evidence WHEN 'kaggle_reproduced' THEN 1 WHEN 'local_deterministic' THEN 2 WHEN 'prefix' THEN 3 END)
           WHEN 1 THEN 'kaggle_reproduced' WHEN 2 THEN 'local_deterministic' WHEN 3 THEN 'prefix' END AS evidence,
         arg_min(stop_reason, CASE evidence WHEN 'kaggle_reproduced' THEN 1 WHEN 'local_deterministic' THEN 2 ELSE 3 END) AS stop_reason
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
       ref.reference_reason                               AS failure_reason,
       rep.repair_reason                                  AS repair_reason,
       coalesce(verified.verified_hooks, 0)               AS verified_hooks,
       coalesce(eps.episodes, 0)                          AS episodes,
       eps.evidence                                       AS evidence,
       eps.stop_reason                                    AS stop_reason
FROM notebooks n
LEFT JOIN runs USING (notebook_id)
LEFT JOIN ref USING (notebook_id)
LEFT JOIN rep USING (notebook_id)
LEFT JOIN verified USING (notebook_id)
LEFT JOIN eps USING (notebook_id);

-- v_funnel: the Kaggle gold episodes by evidence tier as well.
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
tiers AS (
  SELECT competition,
         count(*) FILTER (WHERE evidence = 'kaggle_reproduced')   AS kaggle_reproduced,
         count(*) FILTER (WHERE evidence = 'local_deterministic') AS local_deterministic,
         count(*) FILTER (WHERE evidence = 'prefix')              AS prefix
  FROM episodes WHERE source = 'kaggle' AND kind = 'gold'
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
       coalesce(st.episodes, 0)::BIGINT    AS episodes,
       coalesce(tiers.kaggle_reproduced, 0)::BIGINT   AS kaggle_reproduced,
       coalesce(tiers.local_deterministic, 0)::BIGINT AS local_deterministic,
       coalesce(tiers.prefix, 0)::BIGINT              AS prefix
FROM comps
LEFT JOIN st USING (competition)
LEFT JOIN tiers USING (competition)
LEFT JOIN bad USING (competition)
ORDER BY comps.competition;

-- v_steps: the episode's evidence tier beside each step.
CREATE OR REPLACE VIEW v_steps AS
SELECT e.source, e.kind, e.competition, e.dataset, e.template_family, e.template_variant,
       e.notebook_id, e.gold_episode_id, e.question, e.evidence, s.*
FROM steps s
JOIN episodes e USING (episode_id);
