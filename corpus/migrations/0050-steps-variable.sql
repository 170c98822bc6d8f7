-- The variable each step captures, so any episode (Kaggle or synthetic) can be re-instrumented
-- from its steps alone: mutants and consistency traces re-run the steps' code with the same hooks.
ALTER TABLE steps ADD COLUMN variable_name VARCHAR;
