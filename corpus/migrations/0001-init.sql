-- hookmine corpus, version 1: the schema for the whole pipeline.
-- crawl -> ingest -> execute/verify -> hooks -> episodes/steps -> export -> train.
-- Every table and column is documented in docs/corpus.md; that file is the user's SQL API.

-- One row per invocation of a pipeline command.
CREATE TABLE pipeline_runs (
  run_id            VARCHAR PRIMARY KEY,
  command           VARCHAR NOT NULL,
  args              JSON,
  started_at        TIMESTAMP NOT NULL,
  finished_at       TIMESTAMP,
  status            VARCHAR NOT NULL,          -- running | ok | partial | failed | interrupted
  summary           JSON,
  hookmine_version  VARCHAR
);

CREATE TABLE competitions (
  slug                      VARCHAR PRIMARY KEY,
  kaggle_id                 BIGINT,
  title                     VARCHAR,
  url                       VARCHAR,
  host_segment              VARCHAR,
  tags                      VARCHAR[],
  evaluation_metric         VARCHAR,
  deadline                  TIMESTAMP,
  enabled_date              TIMESTAMP,
  team_count                INTEGER,
  kernel_count              INTEGER,
  awards_points             BOOLEAN,
  kernels_submissions_only  BOOLEAN,
  data_files                JSON,
  is_tabular                BOOLEAN,
  tabular_reason            VARCHAR,
  source                    VARCHAR NOT NULL,  -- ingest | kaggle-api | meta-kaggle
  first_seen_at             TIMESTAMP NOT NULL,
  updated_at                TIMESTAMP NOT NULL
);

CREATE TABLE notebooks (
  notebook_id          VARCHAR PRIMARY KEY,
  competition          VARCHAR NOT NULL,
  title                VARCHAR,
  origin               VARCHAR NOT NULL,       -- file | kaggle-api | meta-kaggle-code
  source_path          VARCHAR,
  kaggle_ref           VARCHAR,
  kaggle_id            BIGINT,
  kaggle_version       INTEGER,
  kernel_version_id    BIGINT,
  author               VARCHAR,
  language             VARCHAR NOT NULL,
  kind                 VARCHAR NOT NULL,       -- ipynb | script
  nbformat             INTEGER,
  nbformat_minor       INTEGER,
  kernel_name          VARCHAR,
  language_version     VARCHAR,
  has_kaggle_metadata  BOOLEAN NOT NULL,
  source               VARCHAR NOT NULL,
  sha256               VARCHAR NOT NULL,
  size_bytes           BIGINT NOT NULL,
  cell_count           INTEGER NOT NULL,
  code_cell_count      INTEGER NOT NULL,
  has_outputs          BOOLEAN NOT NULL,
  total_votes          INTEGER,
  medal                VARCHAR,                -- gold | silver | bronze
  medal_source         VARCHAR,                -- meta-kaggle | votes-proxy | unknown
  medal_award_date     TIMESTAMP,
  docker_image         VARCHAR,
  last_run_time        TIMESTAMP,
  kaggle_metadata      JSON,
  crawled_at           TIMESTAMP,
  ingested_at          TIMESTAMP NOT NULL,
  run_id               VARCHAR
);

CREATE TABLE cells (
  notebook_id      VARCHAR NOT NULL,
  cell_index       INTEGER NOT NULL,
  code_index       INTEGER,
  cell_type        VARCHAR NOT NULL,           -- code | markdown | raw
  source           VARCHAR NOT NULL,
  execution_count  INTEGER,
  has_outputs      BOOLEAN NOT NULL,
  output_types     VARCHAR[],
  outputs          JSON,
  PRIMARY KEY (notebook_id, cell_index)
);

CREATE TABLE ingest_failures (
  path           VARCHAR NOT NULL,
  sha256         VARCHAR NOT NULL,
  size_bytes     BIGINT,
  competition    VARCHAR,
  reason         VARCHAR NOT NULL,
  message        VARCHAR NOT NULL,
  first_seen_at  TIMESTAMP NOT NULL,
  last_seen_at   TIMESTAMP NOT NULL,
  run_id         VARCHAR,
  PRIMARY KEY (path, sha256)
);

-- ---- crawl state ----

CREATE TABLE crawl_runs (
  run_id       VARCHAR PRIMARY KEY,
  started_at   TIMESTAMP NOT NULL,
  finished_at  TIMESTAMP,
  status       VARCHAR NOT NULL,               -- running | ok | partial | paused | failed | interrupted
  api_base     VARCHAR NOT NULL,
  options      JSON,
  stats        JSON,
  error        VARCHAR
);

CREATE TABLE crawl_cursors (
  competition   VARCHAR NOT NULL,
  pass          VARCHAR NOT NULL,              -- VOTE_COUNT | SCORE_DESCENDING | competitions
  next_page     INTEGER,
  page_token    VARCHAR,
  done          BOOLEAN NOT NULL,
  items_seen    INTEGER NOT NULL,
  updated_at    TIMESTAMP NOT NULL,
  run_id        VARCHAR,
  PRIMARY KEY (competition, pass)
);

CREATE TABLE crawl_items (
  item_key      VARCHAR PRIMARY KEY,           -- kernel:<owner>/<slug>, data:<slug>, output:<owner>/<slug>
  kind          VARCHAR NOT NULL,
  competition   VARCHAR,
  payload       JSON,
  status        VARCHAR NOT NULL,              -- pending | done | failed | skipped
  attempts      INTEGER NOT NULL,
  http_status   INTEGER,
  last_error    VARCHAR,
  version_key   VARCHAR,
  enqueued_at   TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL,
  run_id        VARCHAR
);

CREATE TABLE kaggle_output_files (
  notebook_id   VARCHAR NOT NULL,
  file_name     VARCHAR NOT NULL,
  size_bytes    BIGINT,
  sha256        VARCHAR,
  local_path    VARCHAR,
  fetched_at    TIMESTAMP NOT NULL,
  PRIMARY KEY (notebook_id, file_name)
);

CREATE TABLE competition_files (
  competition    VARCHAR NOT NULL,
  file_name      VARCHAR NOT NULL,
  size_bytes     BIGINT,
  sha256         VARCHAR,
  local_path     VARCHAR,
  downloaded_at  TIMESTAMP NOT NULL,
  PRIMARY KEY (competition, file_name)
);

-- ---- execution ----

CREATE TABLE executions (
  execution_id    VARCHAR PRIMARY KEY,
  notebook_id     VARCHAR,
  purpose         VARCHAR NOT NULL,            -- reference | hooked | stability | repair | mutation | template
  run_id          VARCHAR,
  sandbox         VARCHAR NOT NULL,            -- local | docker | pool
  image           VARCHAR,
  script_sha256   VARCHAR,
  script          VARCHAR,
  status          VARCHAR NOT NULL,            -- completed | failed
  outcome         VARCHAR,                     -- reproduced | ran | failed
  reason          VARCHAR,
  reason_detail   VARCHAR,
  failed_cell     INTEGER,
  ename           VARCHAR,
  evalue          VARCHAR,
  traceback       VARCHAR,
  exit_code       INTEGER,
  signal          VARCHAR,
  stdout          VARCHAR,
  stdout_bytes    BIGINT,
  stderr          VARCHAR,
  stderr_bytes    BIGINT,
  wall_ms         DOUBLE,
  cpu_ms          DOUBLE,
  peak_rss_kb     BIGINT,
  environment     JSON,
  deviations      JSON,
  comparison      JSON,
  started_at      TIMESTAMP NOT NULL,
  finished_at     TIMESTAMP
);

CREATE TABLE execution_cells (
  execution_id   VARCHAR NOT NULL,
  cell_index     INTEGER NOT NULL,
  status         VARCHAR NOT NULL,             -- ok | error | timeout | not_run
  duration_ms    DOUBLE,
  stdout         VARCHAR,
  stdout_bytes   BIGINT,
  stderr         VARCHAR,
  display        JSON,
  ename          VARCHAR,
  evalue         VARCHAR,
  PRIMARY KEY (execution_id, cell_index)
);

CREATE TABLE execution_files (
  execution_id   VARCHAR NOT NULL,
  path           VARCHAR NOT NULL,
  size_bytes     BIGINT NOT NULL,
  sha256         VARCHAR NOT NULL,
  csv_columns    VARCHAR[],
  csv_rows       BIGINT,
  preview        VARCHAR,
  PRIMARY KEY (execution_id, path)
);

CREATE TABLE output_checks (
  execution_id   VARCHAR NOT NULL,
  target_kind    VARCHAR NOT NULL,             -- cell_output | output_file
  target         VARCHAR NOT NULL,
  matched        BOOLEAN NOT NULL,
  detail         VARCHAR,
  PRIMARY KEY (execution_id, target_kind, target)
);

CREATE TABLE repairs (
  repair_id      VARCHAR PRIMARY KEY,
  notebook_id    VARCHAR NOT NULL,
  execution_id   VARCHAR,
  method         VARCHAR NOT NULL,             -- rule | llm
  rule           VARCHAR NOT NULL,
  attempt        INTEGER,
  cell_index     INTEGER,
  line           INTEGER,
  before         VARCHAR,
  after          VARCHAR,
  accepted       BOOLEAN,
  reason         VARCHAR,
  created_at     TIMESTAMP NOT NULL
);

-- ---- hooks ----

CREATE TABLE hook_proposals (
  proposal_id          VARCHAR PRIMARY KEY,
  notebook_id          VARCHAR NOT NULL,
  proposer             VARCHAR NOT NULL,       -- static | llm
  model                VARCHAR,
  prompt_version       VARCHAR,
  status               VARCHAR NOT NULL,       -- proposed | verified | partial | rejected | failed
  reason               VARCHAR,
  base_script_sha256   VARCHAR,
  instrumented_script  VARCHAR,
  tokens_in            INTEGER,
  tokens_out           INTEGER,
  created_at           TIMESTAMP NOT NULL,
  run_id               VARCHAR
);

CREATE TABLE hooks (
  hook_id         VARCHAR PRIMARY KEY,
  proposal_id     VARCHAR NOT NULL,
  notebook_id     VARCHAR NOT NULL,
  ordinal         INTEGER NOT NULL,
  name            VARCHAR NOT NULL,
  variable_name   VARCHAR,
  code_line       VARCHAR,
  cell_index      INTEGER,
  line            INTEGER,
  depends_on      VARCHAR[],
  is_final        BOOLEAN NOT NULL,
  status          VARCHAR NOT NULL,            -- proposed | verified | rejected
  reject_reason   VARCHAR,
  value_hash      VARCHAR,
  value           JSON,
  value_type      VARCHAR,
  is_stable       BOOLEAN,
  execution_id    VARCHAR
);

-- Every value every hooked run captured (Kaggle hooked runs, mutants, templates).
CREATE TABLE hook_captures (
  execution_id    VARCHAR NOT NULL,
  seq             INTEGER NOT NULL,
  name            VARCHAR NOT NULL,
  variable_name   VARCHAR,
  value_hash      VARCHAR,
  value           JSON,
  value_type      VARCHAR,
  cell_index      INTEGER,
  line            INTEGER,
  elapsed_us      BIGINT
);

-- ---- episodes and steps ----

CREATE TABLE episodes (
  episode_id         VARCHAR PRIMARY KEY,
  source             VARCHAR NOT NULL,         -- kaggle | synthetic
  kind               VARCHAR NOT NULL,         -- gold | mutant | consistency
  gold_episode_id    VARCHAR,
  notebook_id        VARCHAR,
  competition        VARCHAR,
  dataset            VARCHAR,
  template_family    VARCHAR,
  template_variant   VARCHAR,
  template_seed      INTEGER,
  question           VARCHAR,
  hint               VARCHAR,
  answer             JSON,
  tolerance          JSON,
  difficulty         VARCHAR,
  is_distractor      BOOLEAN,
  heldout            BOOLEAN,
  mutation           JSON,
  repairs            JSON,
  execution_id       VARCHAR,
  code               VARCHAR,
  final_correct      BOOLEAN,
  dedup_key          VARCHAR,
  dedup_cluster      VARCHAR,
  split              VARCHAR,
  created_at         TIMESTAMP NOT NULL,
  run_id             VARCHAR
);

CREATE TABLE steps (
  episode_id            VARCHAR NOT NULL,
  step_index            INTEGER NOT NULL,
  name                  VARCHAR NOT NULL,
  code                  VARCHAR NOT NULL,
  code_line             VARCHAR,
  value_hash            VARCHAR,
  value                 JSON,
  value_type            VARCHAR,
  depends_on            VARCHAR[],
  is_final              BOOLEAN NOT NULL,
  label                 BOOLEAN,
  label_source          VARCHAR,               -- gold | execution | consensus
  step_confidence       DOUBLE,
  is_consensus_correct  BOOLEAN,
  cell_index            INTEGER,
  line                  INTEGER,
  PRIMARY KEY (episode_id, step_index)
);

-- ---- LLM and training side tables ----

CREATE TABLE llm_cache (
  cache_key       VARCHAR PRIMARY KEY,         -- sha256(purpose, prompt version, code hash, model)
  purpose         VARCHAR NOT NULL,            -- propose | repair | paraphrase | solve
  prompt_version  VARCHAR NOT NULL,
  model           VARCHAR NOT NULL,
  input_sha256    VARCHAR NOT NULL,
  response        VARCHAR NOT NULL,
  tokens_in       INTEGER,
  tokens_out      INTEGER,
  created_at      TIMESTAMP NOT NULL
);

CREATE TABLE embeddings (
  provider     VARCHAR NOT NULL,               -- hashing | openai
  model        VARCHAR NOT NULL,
  text_sha256  VARCHAR NOT NULL,
  dim          INTEGER NOT NULL,
  vector       FLOAT[] NOT NULL,
  created_at   TIMESTAMP NOT NULL,
  PRIMARY KEY (provider, model, text_sha256)
);

CREATE TABLE train_runs (
  train_id     VARCHAR PRIMARY KEY,
  out_dir      VARCHAR NOT NULL,
  backend      VARCHAR,
  embed        VARCHAR,
  config       JSON,
  metrics      JSON,
  started_at   TIMESTAMP NOT NULL,
  finished_at  TIMESTAMP,
  status       VARCHAR NOT NULL
);
