import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebooks, type ExecuteSummary } from '../../src/execute/execute.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import type { Corpus } from '../../corpus/corpus.js';
import { scaledBudget } from '../helpers/budget.js';
import { withCorpus } from '../helpers/tmp.js';
import { localSandbox, NO_SANDBOX } from './sandbox-helper.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/execute', import.meta.url));
const NOTEBOOKS = join(FIXTURES, 'notebooks');
const DATA_ROOT = join(FIXTURES, 'data');
/** The notebooks' wall-clock limit: 8 s on an idle machine, more on a busy one (whole seconds). */
const WALL_S = Math.ceil(scaledBudget(8_000) / 1000);

async function run(corpus: Corpus, extra: { rerun?: boolean; notebookIds?: string[]; limit?: number } = {}): Promise<ExecuteSummary> {
  return executeNotebooks(corpus, {
    sandbox: await localSandbox(),
    dataRoot: DATA_ROOT,
    limits: { wallMs: WALL_S * 1000, memoryMb: 2048 },
    tolerance: { rtol: 1e-5, atol: 1e-8 },
    jobs: 2,
    ...extra,
  });
}

async function idOf(corpus: Corpus, title: string): Promise<string> {
  const [row] = await corpus.query<{ notebook_id: string }>('SELECT notebook_id FROM notebooks WHERE title = $1', [title]);
  return row?.notebook_id as string;
}

describe.skipIf(NO_SANDBOX)(`executeNotebooks over the fixture competition${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('runs every notebook, stores outcome and reason, checks outputs, and goes on after failures', async () => {
    await withCorpus(async (corpus) => {
      await ingestPaths(corpus, [NOTEBOOKS], { maxBytes: 1 << 20 });
      await corpus.append('kaggle_output_files', [
        { notebook_id: await idOf(corpus, 'reproduces'), file_name: 'submission.csv', local_path: join(FIXTURES, 'kaggle-output', 'submission.csv'), fetched_at: new Date() },
      ]);
      const summary = await run(corpus);
      expect(summary.notebooks).toBe(8);
      expect(summary.byOutcome).toEqual({ reproduced: 3, ran: 1, failed: 4 });
      expect(summary.byReason).toEqual({ output_mismatch: 1, missing_module: 1, python2_syntax: 1, timeout: 1 });

      const rows = await corpus.query<{ title: string; status: string; outcome: string; reason: string | null; reason_detail: string; failed_cell: number | null }>(
        'SELECT n.title, e.status, e.outcome, e.reason, e.reason_detail, e.failed_cell FROM executions e JOIN notebooks n USING (notebook_id) ORDER BY n.title',
      );
      const by = Object.fromEntries(rows.map((r) => [r.title, r]));
      expect(by['reproduces']).toMatchObject({ status: 'completed', outcome: 'reproduced', reason: null });
      expect(by['personal-paths']).toMatchObject({ outcome: 'reproduced' });
      expect(by['flat-layout']).toMatchObject({ outcome: 'reproduced' });
      expect(by['script-kernel']).toMatchObject({ status: 'completed', outcome: 'ran', reason_detail: 'no outputs were recorded to compare with' });
      expect(by['mismatch']).toMatchObject({ status: 'completed', outcome: 'failed', reason: 'output_mismatch' });
      expect(by['mismatch']?.reason_detail).toBe("cell 3: stdout line 1 after 'survival rate:': '0.4125' vs '0.4667' (produced line 1)");
      expect(by['missing-module']).toMatchObject({ outcome: 'failed', reason: 'missing_module', reason_detail: 'lightgbm (cell 2)', failed_cell: 2 });
      expect(by['python2']).toMatchObject({ reason: 'python2_syntax', reason_detail: 'print statement in cell 2, line 1: print train.shape' });
      expect(by['sleeps-forever']).toMatchObject({ reason: 'timeout', reason_detail: `wall-clock limit of ${WALL_S} s reached in cell 2`, failed_cell: 2 });

      const reproduced = await idOf(corpus, 'reproduces');
      const checks = await corpus.query<{ target_kind: string; target: string; matched: boolean }>(
        `SELECT target_kind, target, matched FROM output_checks JOIN executions USING (execution_id) WHERE notebook_id = $1 ORDER BY target_kind, target`,
        [reproduced],
      );
      expect(checks).toEqual([
        { target_kind: 'cell_output', target: '1', matched: true },
        { target_kind: 'cell_output', target: '2', matched: true },
        { target_kind: 'cell_output', target: '3', matched: true },
        { target_kind: 'cell_output', target: '4', matched: true },
        { target_kind: 'cell_output', target: '5', matched: true },
        { target_kind: 'output_file', target: 'submission.csv', matched: true },
      ]);
      const [ex] = await corpus.query<{ comparison: string; deviations: string; environment: string; script: string }>(
        `SELECT comparison, deviations, environment, script FROM executions WHERE notebook_id = $1`,
        [reproduced],
      );
      expect(JSON.parse(ex?.comparison as string)).toMatchObject({ cellsCompared: 5, cellsMatched: 5, filesCompared: 1, filesMatched: 1, setAside: { 'timing line': 1 } });
      expect(JSON.parse(ex?.deviations as string).map((d: { kind: string }) => d.kind)).toEqual(['magic_dropped', 'seeded']);
      expect(JSON.parse(ex?.environment as string)).toMatchObject({ executor: 'local', layout: { competition: 'toy-competition', input: '/kaggle/input/toy-competition' } });
      expect(ex?.script).toMatch(/^# %% \[cell 1\]\npass {2}# hookmine: %matplotlib inline\n/);

      const files = await corpus.query(`SELECT path, csv_columns, csv_rows FROM execution_files JOIN executions USING (execution_id) WHERE notebook_id = $1`, [reproduced]);
      expect(files).toEqual([{ path: 'submission.csv', csv_columns: ['Id', 'Survived'], csv_rows: 40 }]);
      const cells = await corpus.query<{ cell_index: number; status: string }>(
        `SELECT c.cell_index, c.status FROM execution_cells c JOIN executions e USING (execution_id) WHERE e.notebook_id = $1 ORDER BY c.cell_index`,
        [await idOf(corpus, 'sleeps-forever')],
      );
      expect(cells).toEqual([
        { cell_index: 1, status: 'ok' },
        { cell_index: 2, status: 'timeout' },
      ]);
      const personal = await corpus.query<{ deviations: string }>(`SELECT deviations FROM executions WHERE notebook_id = $1`, [await idOf(corpus, 'personal-paths')]);
      expect(JSON.parse(personal[0]?.deviations as string).filter((d: { kind: string }) => d.kind === 'path_remapped').map((d: { after: string }) => d.after)).toEqual([
        '/kaggle/input/toy-competition/train.csv',
        '/kaggle/working/ages.csv',
      ]);
      const status = await corpus.query('SELECT ran, reproduced, failure_reason FROM v_notebook_status ORDER BY title');
      expect(status.filter((s) => s.reproduced)).toHaveLength(3);
    });
  }, scaledBudget(120_000));

  it('skips notebooks that already ran unless asked to rerun, and reports a mismatch of Kaggle output files', async () => {
    await withCorpus(async (corpus) => {
      await ingestPaths(corpus, [join(NOTEBOOKS, 'toy-competition', 'flat-layout.ipynb'), join(NOTEBOOKS, 'toy-competition', 'reproduces.ipynb')], { maxBytes: 1 << 20 });
      const id = await idOf(corpus, 'reproduces');
      // Kaggle's recorded submission differs from what the notebook produces here.
      const { writeFileSync } = await import('node:fs');
      const { tempDir } = await import('../helpers/tmp.js');
      const other = join(tempDir(), 'submission.csv');
      writeFileSync(other, 'Id,Survived\n' + Array.from({ length: 40 }, (_, i) => `${121 + i},1`).join('\n') + '\n');
      await corpus.append('kaggle_output_files', [{ notebook_id: id, file_name: 'submission.csv', local_path: other, fetched_at: new Date() }]);
      const first = await run(corpus, { notebookIds: [id] });
      expect(first.results[0]).toMatchObject({ outcome: 'failed', reason: 'output_mismatch' });
      expect(first.results[0]?.detail).toMatch(/^file submission\.csv: row \d+ \(Id=\d+\), column 'Survived': "1" vs "0"$/);
      expect((await run(corpus, { limit: 0 })).notebooks).toBe(0);
      expect((await run(corpus)).notebooks).toBe(1); // only flat-layout had no run yet
      expect((await run(corpus)).notebooks).toBe(0);
      const again = await run(corpus, { rerun: true, notebookIds: [id] });
      expect(again.notebooks).toBe(1);
      const [{ n } = { n: 0 }] = await corpus.query<{ n: number }>('SELECT count(*)::INT AS n FROM executions WHERE notebook_id = $1', [id]);
      expect(n).toBe(2);
    });
  }, scaledBudget(120_000));
});
