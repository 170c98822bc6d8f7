-- A training run is a pipeline command like any other: link its train_runs row to its pipeline_runs row.
ALTER TABLE train_runs ADD COLUMN run_id VARCHAR;
