// A stage holds the corpus (DuckDB: one process at a time). Its progress is still readable:
// `hookmine status` prints what the stage mirrored, and `hookmine sql` says where to look.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { createProgress } from '../../src/progress.js';
import { mirrorProgress, readRunStatus } from '../../src/run-status.js';
import { runHookmineAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('hookmine status', () => {
  it('shows the progress of a stage that holds the corpus, and the funnel once it is free', async () => {
    const db = join(tempDir(), 'c.duckdb');
    const corpus = await Corpus.open(db);
    // this test process plays the running stage: it holds the corpus and reports progress
    const progress = mirrorProgress(createProgress({ title: 'verify', enabled: false }), { db, command: 'run', title: 'verify' });
    progress.setTotal(20);
    progress.tick('titanic/notebook-7', 7);
    expect(readRunStatus(db)).toMatchObject({ pid: process.pid, command: 'run', title: 'verify', count: 7, total: 20, label: 'titanic/notebook-7', done: false });
    try {
      const sql = await runHookmineAsync(['--db', db, 'sql', 'select 1']);
      expect(sql.code).toBe(2);
      expect(sql.stderr).toMatch(/in use by another process \(`hookmine status` shows the progress of a running stage\)/);
      const status = await runHookmineAsync(['--db', db, 'status']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`^run \\(pid ${process.pid}\\) running: verify 7/20 \\(35%\\)  titanic/notebook-7`));
      expect(status.stdout).toMatch(/the corpus is held by a running stage/);
    } finally {
      progress.done();
      corpus.close();
    }
    const after = await runHookmineAsync(['--db', db, 'status']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^run \(pid \d+\) finished: verify 7\/20/);
    expect(after.stdout).not.toMatch(/held by a running stage/);
  }, 120_000);
});
