import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawl } from '../../crawlers/crawl.js';
import type { CrawlOptions } from '../../crawlers/crawl-context.js';
import type { KaggleServer } from '../../src/kaggle-server/index.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';
import { crawlSnapshot, FIXTURE, getKernelCounts, startFixtureServer, testClient, testOptions } from './helpers.js';

let server: KaggleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MEDAL_TIER = ['ana/gold-eda', 'ben/silver-model', 'cleo/bronze-script', 'fay/broken-json', 'gus/deleted', 'hal/baseline', 'ivy/linear'];

async function crawlOnce(corpus: Parameters<typeof crawl>[0]['corpus'], srv: KaggleServer, dir: string, overrides: Partial<CrawlOptions> = {}, runId = `crawl-${Math.random().toString(16).slice(2)}`) {
  return crawl({ corpus, client: testClient(srv), options: testOptions(dir, overrides), runId });
}

describe('crawl', () => {
  it('fetches every medal-tier Python notebook of every tabular competition exactly once', async () => {
    server = await startFixtureServer();
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      const summary = await crawlOnce(corpus, server as KaggleServer, dir);
      expect(summary.status).toBe('partial'); // fay's source is not JSON
      expect(summary.competitions).toMatchObject({ listed: 5, tabular: 2, not_tabular: 3, failed: 0 });
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(MEDAL_TIER);
      expect(Object.values(getKernelCounts(server as KaggleServer)).every((n) => n === 1)).toBe(true);
      const notebooks = await corpus.query<{ kaggle_ref: string; competition: string; origin: string; medal: string; medal_source: string; total_votes: number; kind: string }>(
        `SELECT kaggle_ref, competition, origin, medal, medal_source, total_votes, kind FROM notebooks ORDER BY kaggle_ref`,
      );
      expect(notebooks).toEqual([
        { kaggle_ref: 'ana/gold-eda', competition: 'tabular-playground', origin: 'kaggle-api', medal: 'gold', medal_source: 'votes-proxy', total_votes: 80, kind: 'ipynb' },
        { kaggle_ref: 'ben/silver-model', competition: 'tabular-playground', origin: 'kaggle-api', medal: 'silver', medal_source: 'votes-proxy', total_votes: 25, kind: 'ipynb' },
        { kaggle_ref: 'cleo/bronze-script', competition: 'tabular-playground', origin: 'kaggle-api', medal: 'bronze', medal_source: 'votes-proxy', total_votes: 6, kind: 'script' },
        { kaggle_ref: 'gus/deleted', competition: 'tabular-playground', origin: 'kaggle-api', medal: 'bronze', medal_source: 'votes-proxy', total_votes: 12, kind: 'ipynb' },
        { kaggle_ref: 'hal/baseline', competition: 'house-sales', origin: 'kaggle-api', medal: 'gold', medal_source: 'votes-proxy', total_votes: 55, kind: 'ipynb' },
        { kaggle_ref: 'ivy/linear', competition: 'house-sales', origin: 'kaggle-api', medal: 'silver', medal_source: 'votes-proxy', total_votes: 21, kind: 'script' },
      ]);
      // No listing was ever asked for a competition that is not tabular.
      const listed = new Set(server?.log.filter((r) => r.call === 'ListKernels').map((r) => r.body?.competition));
      expect([...listed].sort()).toEqual(['house-sales', 'tabular-playground']);
    });
  });

  it('stores blob.source verbatim with the Kaggle fields, and records a source that is not a notebook like ingest does', async () => {
    server = await startFixtureServer();
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, dir);
      const [ana] = await corpus.query<Record<string, unknown>>(`SELECT * FROM notebooks WHERE kaggle_ref = 'ana/gold-eda'`);
      const source = readFileSync(join(FIXTURE, 'notebooks/tabular-playground/ana--gold-eda.ipynb'), 'utf8');
      expect(ana?.source).toBe(source);
      expect(ana).toMatchObject({
        kaggle_version: 3,
        docker_image: 'gcr.io/kaggle-images/python@sha256:0abc',
        last_run_time: '2024-03-02T10:00:00.000Z',
        author: 'ana',
        code_cell_count: 2,
        has_outputs: true,
      });
      expect(JSON.parse(String(ana?.kaggle_metadata))).toMatchObject({ ref: 'ana/gold-eda', totalVotes: 80, competitionDataSources: ['competitions/tabular-playground'] });
      const failures = await corpus.query(`SELECT competition, reason FROM ingest_failures`);
      expect(failures).toEqual([{ competition: 'tabular-playground', reason: 'invalid_json' }]);
      const [fay] = await corpus.query(`SELECT status, last_error FROM crawl_items WHERE item_key = 'kernel:tabular-playground:fay/broken-json'`);
      expect(fay).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/^invalid_notebook: fay\/broken-json: invalid_json/) });
    });
  });

  it('stores tabular verdicts with their reasons, asking for data files only when metadata leaves it open', async () => {
    server = await startFixtureServer();
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, dir);
      const rows = await corpus.query<{ slug: string; is_tabular: boolean; tabular_reason: string }>(`SELECT slug, is_tabular, tabular_reason FROM competitions ORDER BY slug`);
      const bySlug = Object.fromEntries(rows.map((r) => [r.slug, r]));
      expect(bySlug['community-cup']).toMatchObject({ is_tabular: false, tabular_reason: 'host segment COMMUNITY is not crawled' });
      expect(bySlug['essay-scoring']).toMatchObject({ is_tabular: false, tabular_reason: 'tag "nlp" (not tabular data)' });
      expect(bySlug['leaf-images']?.is_tabular).toBe(false);
      expect(bySlug['leaf-images']?.tabular_reason).toMatch(/3 of 4 data files are images/);
      expect(bySlug['house-sales']).toMatchObject({ is_tabular: true, tabular_reason: expect.stringMatching(/^tabular: 2 data files \(\.csv/) });
      expect(bySlug['tabular-playground']?.tabular_reason).toMatch(/tag "tabular"/);
      const fileCalls = server?.log.filter((r) => r.call === 'ListDataFiles').map((r) => r.body?.competitionName);
      expect(new Set(fileCalls)).toEqual(new Set(['house-sales', 'leaf-images', 'tabular-playground']));
    });
  });

  it("downloads each tabular competition's data into <data-root>/<slug>/ and the kernels' outputs into <kernel-output-root>/<notebook_id>/", async () => {
    server = await startFixtureServer();
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      const summary = await crawlOnce(corpus, server as KaggleServer, dir);
      expect(summary.data).toMatchObject({ downloaded: 2, failed: 0 });
      expect(readFileSync(join(dir, 'data/tabular-playground/train.csv'))).toEqual(readFileSync(join(FIXTURE, 'data/tabular-playground/train.csv')));
      expect(existsSync(join(dir, 'data/leaf-images'))).toBe(false);
      expect(existsSync(join(dir, 'data/.hookmine-downloads/tabular-playground.zip'))).toBe(false);
      const files = await corpus.query<{ competition: string; file_name: string; size_bytes: number; local_path: string }>(
        `SELECT competition, file_name, size_bytes, local_path FROM competition_files ORDER BY 1, 2`,
      );
      expect(files.map((f) => `${f.competition}/${f.file_name}`)).toEqual([
        'house-sales/test.csv',
        'house-sales/train.csv',
        'tabular-playground/sample_submission.csv',
        'tabular-playground/test.csv',
        'tabular-playground/train.csv',
      ]);
      for (const f of files) expect(f.local_path).toBe(join(dir, 'data', f.competition, f.file_name));
      const outputs = await corpus.query<{ kaggle_ref: string; file_name: string; local_path: string; sha256: string; notebook_id: string }>(
        `SELECT n.kaggle_ref, o.file_name, o.local_path, o.sha256, o.notebook_id FROM kaggle_output_files o JOIN notebooks n USING (notebook_id) ORDER BY 1, 2`,
      );
      expect(outputs.map((o) => `${o.kaggle_ref}:${o.file_name}`)).toEqual([
        'ana/gold-eda:submission.csv',
        'ben/silver-model:model/params.json',
        'hal/baseline:submission.csv',
      ]);
      for (const o of outputs) {
        expect(o.local_path).toBe(join(dir, 'kernel-output', o.notebook_id, o.file_name));
        const { createHash } = await import('node:crypto');
        expect(createHash('sha256').update(readFileSync(o.local_path)).digest('hex')).toBe(o.sha256);
      }
      // Signed URLs were fetched without the Kaggle credentials.
      const downloads = server?.log.filter((r) => r.call === 'download') ?? [];
      expect(downloads.length).toBe(5);
      expect(downloads.every((r) => r.auth === 'none' && r.status === 200)).toBe(true);
    });
  });

  it('a re-run skips notebooks whose version did not change, and a new version becomes a new row next to the old one', async () => {
    server = await startFixtureServer();
    const dir = tempDir();
    await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, dir);
      const before = server?.log.length ?? 0;
      const second = await crawlOnce(corpus, server as KaggleServer, dir);
      const calls = server?.log.slice(before).map((r) => r.call) ?? [];
      expect(calls.filter((c) => c === 'GetKernel')).toEqual(['GetKernel']); // fay only: it failed
      expect(calls.filter((c) => c === 'download')).toEqual([]); // data cached, outputs unchanged
      expect(second.notebooks).toMatchObject({ new: 0, unchanged: 6 });
      expect(second.data.cached).toBe(2);

      const ana = server?.data.kernels.find((k) => k.ref === 'ana/gold-eda');
      if (!ana) throw new Error('fixture changed');
      ana.source = ana.source.replace('a linear baseline', 'a linear baseline, version 4');
      ana.currentVersionNumber = 4;
      ana.lastRunTime = '2024-05-01T00:00:00.000Z';
      const mark = server?.log.length ?? 0;
      const third = await crawlOnce(corpus, server as KaggleServer, dir);
      expect(third.notebooks).toMatchObject({ new: 1, unchanged: 5 });
      expect(server?.log.slice(mark).filter((r) => r.call === 'GetKernel').map((r) => r.body?.kernelSlug)).toEqual(['gold-eda', 'broken-json']);
      const versions = await corpus.query(`SELECT kaggle_version FROM notebooks WHERE kaggle_ref = 'ana/gold-eda' ORDER BY 1`);
      expect(versions).toEqual([{ kaggle_version: 3 }, { kaggle_version: 4 }]);
      // The new version's outputs were fetched for the new notebook id.
      const outputs = await corpus.query(
        `SELECT n.kaggle_version, count(*)::INT AS files FROM kaggle_output_files JOIN notebooks n USING (notebook_id) WHERE n.kaggle_ref = 'ana/gold-eda' GROUP BY 1 ORDER BY 1`,
      );
      expect(outputs).toEqual([
        { kaggle_version: 3, files: 1 },
        { kaggle_version: 4, files: 1 },
      ]);
    });
  });

  it('--min-medal, --max-kernels and --max-competitions narrow the crawl', async () => {
    server = await startFixtureServer();
    await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, tempDir(), { minMedal: 'gold', data: false, outputs: false });
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(['ana/gold-eda', 'hal/baseline']);
    });
    server.log.length = 0;
    await withCorpus(async (corpus) => {
      // The two most-voted of each competition: ana (80) and fay (30), hal (55) and ivy (21).
      await crawlOnce(corpus, server as KaggleServer, tempDir(), { maxKernels: 2, data: false, outputs: false });
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(['ana/gold-eda', 'fay/broken-json', 'hal/baseline', 'ivy/linear']);
    });
    server.log.length = 0;
    await withCorpus(async (corpus) => {
      // Listing order: house-sales is the first tabular competition.
      const summary = await crawlOnce(corpus, server as KaggleServer, tempDir(), { maxCompetitions: 1, data: false, outputs: false });
      expect(summary.competitions.tabular).toBe(1);
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(['hal/baseline', 'ivy/linear']);
    });
  });

  it('--competition crawls exactly the named competitions, even one the verdict would skip', async () => {
    server = await startFixtureServer();
    await withCorpus(async (corpus) => {
      const summary = await crawlOnce(corpus, server as KaggleServer, tempDir(), { competitions: ['house-sales', 'community-cup'], data: false });
      expect(summary.competitions).toMatchObject({ listed: 2, tabular: 2 });
      expect(server?.log.some((r) => r.call === 'ListCompetitions')).toBe(false);
      expect(Object.keys(getKernelCounts(server as KaggleServer)).sort()).toEqual(['hal/baseline', 'ivy/linear', 'leo/logit']);
      const [row] = await corpus.query(`SELECT tabular_reason FROM competitions WHERE slug = 'community-cup'`);
      expect(row).toEqual({ tabular_reason: 'allow list (community-cup)' });
    });
  });

  it('the same crawl twice into two corpora gives the same snapshot', async () => {
    server = await startFixtureServer();
    const a = tempDir();
    const b = tempDir();
    const snapA = await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, a);
      return crawlSnapshot(corpus, a);
    });
    const snapB = await withCorpus(async (corpus) => {
      await crawlOnce(corpus, server as KaggleServer, b);
      return crawlSnapshot(corpus, b);
    });
    expect(snapB).toEqual(snapA);
    expect((snapA.notebooks as unknown[]).length).toBe(6);
  });
});
