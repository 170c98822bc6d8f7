import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { crawl } from '../../crawlers/crawl.js';
import { importMetaKaggle } from '../../crawlers/meta-kaggle.js';
import { UnusableInputError } from '../../src/errors.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { metaKaggleCodeVersionId } from '../../src/ingest/meta-kaggle-code.js';
import type { KaggleServer } from '../../src/kaggle-server/index.js';
import { cliBuilt, runHookmine } from '../helpers/cli.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';
import { getKernelCounts, startFixtureServer, testClient, testOptions } from './helpers.js';

const META = fileURLToPath(new URL('../fixtures/meta-kaggle', import.meta.url));
const CODE = join(META, 'code');

let server: KaggleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('import-meta-kaggle', () => {
  it('keeps the kernels and versions attached to competitions, with real medals and refs', async () => {
    await withCorpus(async (corpus) => {
      const summary = await importMetaKaggle(corpus, META, { runId: 'import-1' });
      expect(summary).toMatchObject({ kernels: 5, kernel_versions: 6, competitions: 3, medals: { gold: 2, silver: 1, bronze: 1 }, notebooks_updated: 0 });
      const kernels = await corpus.query(
        `SELECT kernel_id, ref, current_kernel_version_id, current_version_number, competition, medal, medal_award_date, total_votes FROM meta_kaggle_kernels ORDER BY kernel_id`,
      );
      expect(kernels).toEqual([
        { kernel_id: 1001, ref: 'ana/gold-eda', current_kernel_version_id: 50003, current_version_number: 3, competition: 'tabular-playground', medal: 'gold', medal_award_date: '2024-03-10T00:00:00.000Z', total_votes: 80 },
        { kernel_id: 1002, ref: 'ben/silver-model', current_kernel_version_id: 50010, current_version_number: 7, competition: 'tabular-playground', medal: null, medal_award_date: null, total_votes: 25 },
        { kernel_id: 1003, ref: 'cleo/bronze-script', current_kernel_version_id: 50020, current_version_number: 2, competition: 'tabular-playground', medal: 'bronze', medal_award_date: '2024-02-01T00:00:00.000Z', total_votes: 6 },
        { kernel_id: 1004, ref: 'hal/baseline', current_kernel_version_id: 50030, current_version_number: 2, competition: 'house-sales', medal: 'silver', medal_award_date: '2024-04-20T00:00:00.000Z', total_votes: 55 },
        { kernel_id: 1005, ref: 'zed/old-notebook', current_kernel_version_id: 60001, current_version_number: 1, competition: 'old-tabular', medal: 'gold', medal_award_date: '2016-07-01T00:00:00.000Z', total_votes: 120 },
      ]);
      const versions = await corpus.query<{ kernel_version_id: number }>(`SELECT kernel_version_id FROM meta_kaggle_kernel_versions ORDER BY 1`);
      expect(versions.map((v) => v.kernel_version_id)).toEqual([50001, 50003, 50010, 50020, 50030, 60001]);
      const [title] = await corpus.query(`SELECT title, creation_date FROM meta_kaggle_kernel_versions WHERE kernel_version_id = 60001`);
      expect(title).toEqual({ title: 'Old tabular, "classic" features', creation_date: '2016-06-01T08:00:00.000Z' });
    });
  });

  it('creates the competitions it links, with tags and metric, and a verdict where metadata decides it', async () => {
    await withCorpus(async (corpus) => {
      const summary = await importMetaKaggle(corpus, META, { runId: null });
      expect(summary.verdicts).toEqual({ tabular: 0, not_tabular: 0, undecided: 3 });
      const comps = await corpus.query(`SELECT slug, kaggle_id, host_segment, tags, evaluation_metric, team_count, awards_points, source, is_tabular FROM competitions ORDER BY slug`);
      expect(comps).toEqual([
        { slug: 'house-sales', kaggle_id: 102, host_segment: 'HOST_SEGMENT_GETTING_STARTED', tags: [], evaluation_metric: 'RMSLE', team_count: 150, awards_points: false, source: 'meta-kaggle', is_tabular: null },
        { slug: 'old-tabular', kaggle_id: 104, host_segment: 'HOST_SEGMENT_FEATURED', tags: ['binary classification', 'tabular'], evaluation_metric: 'AUC', team_count: 2100, awards_points: true, source: 'meta-kaggle', is_tabular: null },
        { slug: 'tabular-playground', kaggle_id: 101, host_segment: 'HOST_SEGMENT_PLAYGROUND', tags: ['tabular'], evaluation_metric: 'RMSE', team_count: 412, awards_points: true, source: 'meta-kaggle', is_tabular: null },
      ]);
      // A deny list decides without data files.
      await corpus.run(`UPDATE competitions SET is_tabular = NULL`);
      const again = await importMetaKaggle(corpus, META, { runId: null, deny: ['old-*'] });
      expect(again.verdicts).toEqual({ tabular: 0, not_tabular: 1, undecided: 2 });
    });
  });

  it('gives crawled notebooks their real medal, and the crawler then uses it for --min-medal', async () => {
    server = await startFixtureServer();
    await withCorpus(async (corpus) => {
      await crawl({ corpus, client: testClient(server as KaggleServer), options: testOptions(tempDir(), { data: false, outputs: false }), runId: 'crawl-1' });
      const summary = await importMetaKaggle(corpus, META, { runId: 'import-1' });
      expect(summary.notebooks_updated).toBe(4);
      const rows = await corpus.query(`SELECT kaggle_ref, medal, medal_source, kaggle_id, kernel_version_id FROM notebooks ORDER BY kaggle_ref`);
      expect(rows).toEqual([
        { kaggle_ref: 'ana/gold-eda', medal: 'gold', medal_source: 'meta-kaggle', kaggle_id: 1001, kernel_version_id: 50003 },
        { kaggle_ref: 'ben/silver-model', medal: null, medal_source: 'meta-kaggle', kaggle_id: 1002, kernel_version_id: 50010 },
        { kaggle_ref: 'cleo/bronze-script', medal: 'bronze', medal_source: 'meta-kaggle', kaggle_id: 1003, kernel_version_id: 50020 },
        { kaggle_ref: 'gus/deleted', medal: 'bronze', medal_source: 'votes-proxy', kaggle_id: expect.any(Number), kernel_version_id: null },
        { kaggle_ref: 'hal/baseline', medal: 'silver', medal_source: 'meta-kaggle', kaggle_id: 1004, kernel_version_id: 50030 },
        { kaggle_ref: 'ivy/linear', medal: 'silver', medal_source: 'votes-proxy', kaggle_id: expect.any(Number), kernel_version_id: null },
      ]);
    });
    server.log.length = 0;
    await withCorpus(async (corpus) => {
      await importMetaKaggle(corpus, META, { runId: 'import-1' });
      await crawl({ corpus, client: testClient(server as KaggleServer), options: testOptions(tempDir(), { data: false, outputs: false, minMedal: 'silver' }), runId: 'crawl-2' });
      // ben has 25 votes but no medal in Meta Kaggle; hal has 55 votes and a silver medal.
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(['ana/gold-eda', 'fay/broken-json', 'hal/baseline', 'ivy/linear']);
      const [hal] = await corpus.query(`SELECT medal, medal_source, medal_award_date FROM notebooks WHERE kaggle_ref = 'hal/baseline'`);
      expect(hal).toEqual({ medal: 'silver', medal_source: 'meta-kaggle', medal_award_date: '2024-04-20T00:00:00.000Z' });
    });
  });

  it('names a missing file or column and changes nothing', async () => {
    const dir = tempDir();
    cpSync(META, dir, { recursive: true });
    rmSync(join(dir, 'Tags.csv'));
    await withCorpus(async (corpus) => {
      await expect(importMetaKaggle(corpus, dir, { runId: null })).rejects.toThrow(/missing Meta Kaggle file\(s\) Tags\.csv/);
      cpSync(join(META, 'Tags.csv'), join(dir, 'Tags.csv'));
      writeFileSync(join(dir, 'Users.csv'), 'Id,Name\n1,ana\n');
      await expect(importMetaKaggle(corpus, dir, { runId: null })).rejects.toThrow(UnusableInputError);
      await expect(importMetaKaggle(corpus, dir, { runId: null })).rejects.toThrow(/Users\.csv: missing column\(s\) UserName/);
      expect(await corpus.query(`SELECT count(*)::INT AS n FROM meta_kaggle_kernels`)).toEqual([{ n: 0 }]);
    });
  });
});

describe('ingest of a Meta Kaggle Code folder', () => {
  it('recognises files named by kernel version id', () => {
    expect(metaKaggleCodeVersionId('/x/meta-kaggle-code/0111/437/111437241.ipynb')).toBe(111437241);
    expect(metaKaggleCodeVersionId('/x/0014/000/14000070.ipynb')).toBe(14000070);
    expect(metaKaggleCodeVersionId('/x/0000/060/60001.py')).toBe(60001);
    expect(metaKaggleCodeVersionId('/x/2024/001/5.py')).toBeNull(); // folders do not match the id
    expect(metaKaggleCodeVersionId('/x/titanic/60001.ipynb')).toBeNull();
  });

  it('links each file to its competition and kernel through the imported Meta Kaggle', async () => {
    await withCorpus(async (corpus) => {
      await importMetaKaggle(corpus, META, { runId: null });
      const summary = await ingestPaths(corpus, [CODE], { maxBytes: 1024 * 1024 });
      expect(summary).toMatchObject({ files: 3, ingested: 2, failed: 1, byReason: { no_competition: 1 } });
      const rows = await corpus.query(`SELECT competition, origin, kernel_version_id, kaggle_ref, kaggle_id, kaggle_version, medal, medal_source, title FROM notebooks ORDER BY kernel_version_id`);
      expect(rows).toEqual([
        { competition: 'tabular-playground', origin: 'meta-kaggle-code', kernel_version_id: 50003, kaggle_ref: 'ana/gold-eda', kaggle_id: 1001, kaggle_version: 3, medal: 'gold', medal_source: 'meta-kaggle', title: 'Plant growth: a linear baseline' },
        { competition: 'old-tabular', origin: 'meta-kaggle-code', kernel_version_id: 60001, kaggle_ref: 'zed/old-notebook', kaggle_id: 1005, kaggle_version: 1, medal: 'gold', medal_source: 'meta-kaggle', title: 'Old tabular, "classic" features' },
      ]);
      const [failure] = await corpus.query<{ path: string; message: string }>(`SELECT path, message FROM ingest_failures`);
      expect(failure?.path).toMatch(/99999\.py$/);
      expect(failure?.message).toMatch(/kernel version 99999, which the imported Meta Kaggle does not link to a competition/);
    });
  });

  it('the same source crawled from the API and found in Meta Kaggle Code is one notebook', async () => {
    server = await startFixtureServer();
    await withCorpus(async (corpus) => {
      await importMetaKaggle(corpus, META, { runId: null });
      await crawl({ corpus, client: testClient(server as KaggleServer), options: testOptions(tempDir(), { data: false, outputs: false, competitions: ['tabular-playground'] }), runId: 'crawl-1' });
      const summary = await ingestPaths(corpus, [join(CODE, '0000/050/50003.ipynb')], { maxBytes: 1024 * 1024 });
      expect(summary).toMatchObject({ ingested: 0, unchanged: 1 });
    });
  });

  it('without Meta Kaggle, a code file needs --competition', async () => {
    await withCorpus(async (corpus) => {
      const without = await ingestPaths(corpus, [CODE], { maxBytes: 1024 * 1024 });
      expect(without.byReason).toEqual({ no_competition: 3 });
      const withFlag = await ingestPaths(corpus, [CODE], { maxBytes: 1024 * 1024, competition: 'old-tabular' });
      expect(withFlag.ingested).toBe(3);
      const rows = await corpus.query(`SELECT DISTINCT origin, medal_source FROM notebooks`);
      expect(rows).toEqual([{ origin: 'meta-kaggle-code', medal_source: null }]);
    });
  });
});

describe.skipIf(!cliBuilt())('hookmine import-meta-kaggle (needs the built CLI)', () => {
  it('prints what it loaded, and a wrong folder is exit 2', () => {
    const db = join(tempDir(), 'c.duckdb');
    const ok = runHookmine(['--db', db, 'import-meta-kaggle', META]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/5 kernels \(2 gold, 1 silver, 1 bronze\), 6 kernel versions, 3 competitions/);
    const bad = runHookmine(['--db', db, 'import-meta-kaggle', CODE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/missing Meta Kaggle file\(s\) Kernels\.csv, KernelVersions\.csv/);
  });
});
