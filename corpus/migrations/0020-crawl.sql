-- Crawler state and Meta Kaggle, version 20. Documented in docs/corpus.md.

-- A crawl interrupted (kill -9, Ctrl-C, paused after repeated 429s) is resumed by the next run, which
-- continues the same generation: cursors and the queue are kept. After a finished crawl the next run
-- starts a new generation from page 1. `generation` is the run_id of the generation's first run.
ALTER TABLE crawl_runs ADD COLUMN generation VARCHAR;

-- Meta Kaggle's Kernels, joined with Users (ref) and the competition of the current version. Only
-- kernels with at least one version attached to a competition are kept.
CREATE TABLE meta_kaggle_kernels (
  kernel_id                  BIGINT PRIMARY KEY,
  ref                        VARCHAR,          -- lower-case <UserName>/<CurrentUrlSlug>
  author_user_id             BIGINT,
  current_kernel_version_id  BIGINT,
  current_version_number     INTEGER,
  competition                VARCHAR,
  medal                      VARCHAR,          -- gold | silver | bronze | NULL
  medal_award_date           TIMESTAMP,
  total_votes                INTEGER,
  total_views                BIGINT,
  total_comments             INTEGER,
  creation_date              TIMESTAMP,
  imported_at                TIMESTAMP NOT NULL,
  run_id                     VARCHAR
);

-- Meta Kaggle's KernelVersions attached to a competition: the key of Meta Kaggle Code files.
CREATE TABLE meta_kaggle_kernel_versions (
  kernel_version_id  BIGINT PRIMARY KEY,
  kernel_id          BIGINT NOT NULL,
  version_number     INTEGER,
  title              VARCHAR,
  language_id        INTEGER,
  competition        VARCHAR NOT NULL,
  creation_date      TIMESTAMP,
  total_votes        INTEGER,
  imported_at        TIMESTAMP NOT NULL,
  run_id             VARCHAR
);
