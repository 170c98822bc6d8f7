// The contract between the crawl and the execute stage: a crawled notebook, run with
// <data-root>/<slug>/ at /kaggle/input/<slug>/ (as the execute stage mounts it), writes files equal
// to Kaggle's recorded output in kaggle_output_files. Run here with bubblewrap and Debian's Python
// directly, so the contract is checked on this branch before the execute stage exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../crawlers/crawl.js';
import type { KaggleServer } from '../../src/kaggle-server/index.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';
import { startFixtureServer, testClient, testOptions } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const ready = spawnSync('bwrap', ['--version']).status === 0 && spawnSync(PYTHON, ['-c', 'import pandas, sklearn']).status === 0;

let server: KaggleServer;

describe.skipIf(!ready)('crawled notebooks run on the downloaded data (needs bubblewrap and /usr/bin/python3 with pandas, sklearn)', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reproduce Kaggle's recorded output files with <data-root>/<slug>/ at /kaggle/input/<slug>/", async () => {
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      await crawl({ corpus, client: testClient(server), options: testOptions(dir), runId: 'crawl-exec' });
      const notebooks = await corpus.query<{ notebook_id: string; competition: string; kaggle_ref: string; source: string }>(
        `SELECT notebook_id, competition, kaggle_ref, source FROM notebooks WHERE notebook_id IN (SELECT notebook_id FROM kaggle_output_files) ORDER BY kaggle_ref`,
      );
      expect(notebooks.map((n) => n.kaggle_ref)).toEqual(['ana/gold-eda', 'ben/silver-model', 'hal/baseline']);
      for (const nb of notebooks) {
        const cells = (JSON.parse(nb.source) as { cells: { cell_type: string; source: string | string[] }[] }).cells;
        const code = cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n\n');
        const work = join(dir, 'runs', nb.notebook_id);
        mkdirSync(work, { recursive: true });
        writeFileSync(join(dir, 'runs', `${nb.notebook_id}.py`), code);
        const run = spawnSync('bwrap', [
          '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin',
          '--ro-bind', '/etc', '/etc', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
          '--dir', '/kaggle/input', '--ro-bind', join(dir, 'data', nb.competition), `/kaggle/input/${nb.competition}`,
          '--bind', work, '/kaggle/working', '--ro-bind', join(dir, 'runs', `${nb.notebook_id}.py`), '/notebook.py',
          '--chdir', '/kaggle/working', '--unshare-all', '--die-with-parent', '--clearenv', '--setenv', 'OPENBLAS_NUM_THREADS', '1',
          PYTHON, '/notebook.py',
        ], { encoding: 'utf8', timeout: 60_000 });
        expect(run.status, `${nb.kaggle_ref}: ${run.stderr}`).toBe(0);
        const recorded = await corpus.query<{ file_name: string; sha256: string }>(`SELECT file_name, sha256 FROM kaggle_output_files WHERE notebook_id = $1`, [nb.notebook_id]);
        for (const f of recorded) {
          expect(createHash('sha256').update(readFileSync(join(work, f.file_name))).digest('hex'), `${nb.kaggle_ref}: ${f.file_name}`).toBe(f.sha256);
        }
      }
    });
  });
});
