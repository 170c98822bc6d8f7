-- Small output files (a submission) are kept whole, so a later run (a hooked run, a mutant) is
-- compared with the reference run's file with tolerance, not only by hash.
ALTER TABLE execution_files ADD COLUMN content BLOB;
