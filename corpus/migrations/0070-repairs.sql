-- Repairs: the order in which each notebook's row patches apply, what each did, and the run that
-- stored it; and one row per notebook and repair session with its state before and after.
ALTER TABLE repairs ADD COLUMN seq INTEGER;
ALTER TABLE repairs ADD COLUMN detail VARCHAR;
ALTER TABLE repairs ADD COLUMN run_id VARCHAR;

CREATE TABLE repair_sessions (
  session_id          VARCHAR PRIMARY KEY,
  notebook_id         VARCHAR NOT NULL,
  run_id              VARCHAR,
  base_execution_id   VARCHAR,                 -- the run that was repaired (latest reference/repair)
  execution_id        VARCHAR,                 -- the best repaired run (NULL: nothing was run)
  before_outcome      VARCHAR,
  before_reason       VARCHAR,
  before_detail       VARCHAR,
  after_outcome       VARCHAR,
  after_reason        VARCHAR,
  after_detail        VARCHAR,
  status              VARCHAR NOT NULL,        -- reproduced | ran | failed | skipped
  rules               VARCHAR[],
  seed_dependent      VARCHAR[],               -- outputs of the best run that change with the random seed
  rule_repairs        INTEGER NOT NULL,
  llm_attempts        INTEGER NOT NULL,
  runs                INTEGER NOT NULL,
  tokens_in           INTEGER,
  tokens_out          INTEGER,
  budget_ms           DOUBLE,
  wall_ms             DOUBLE,
  started_at          TIMESTAMP NOT NULL,
  finished_at         TIMESTAMP
);
