import { afterEach, describe, expect, it } from 'vitest';
import { crawl } from '../../crawlers/crawl.js';
import type { CrawlOptions } from '../../crawlers/crawl-context.js';
import type { KaggleClientOptions } from '../../crawlers/kaggle-client.js';
import { startKaggleServer, type FaultRule, type KaggleServer } from '../../src/kaggle-server/index.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';
import { crawlSnapshot, getKernelCounts, manyKernels, startFixtureServer, testClient, testOptions, TOKEN } from './helpers.js';

let server: KaggleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Permanent problems: the crawl records them and skips the item.
const PERMANENT: FaultRule[] = [
  { kind: 'forbidden', method: 'DownloadDataFiles', competition: 'house-sales' },
  { kind: 'not-found', method: 'GetKernel', kernel: 'gus/deleted' },
];

// Transient problems: retried until they pass, so the corpus must end up as if they never happened.
const TRANSIENT: FaultRule[] = [
  { kind: 'rate-limit', method: 'ListCompetitions', times: 2, retryAfter: '0' },
  { kind: 'rate-limit', method: 'GetKernel', kernel: 'ana/gold-eda', times: 3, retryAfter: '0' },
  { kind: 'server-error', method: 'ListKernels', competition: 'tabular-playground', times: 2 },
  { kind: 'server-error', method: 'ListKernelSessionOutput', status: 503, times: 1 },
  { kind: 'slow', method: 'GetKernel', kernel: 'hal/baseline', delayMs: 800, times: 1 },
  { kind: 'truncated-json', method: 'ListDataFiles', competition: 'tabular-playground', times: 1 },
  { kind: 'truncated-json', method: 'ListKernels', competition: 'house-sales', times: 1 },
  { kind: 'html', method: 'GetKernel', kernel: 'ben/silver-model', times: 1 },
  { kind: 'html', method: 'GetCompetition', times: 1 },
  { kind: 'cut-download', method: 'download', file: 'tabular-playground.zip', times: 1 },
  { kind: 'cut-download', method: 'download', kernel: 'ben/silver-model', times: 1 },
  { kind: 'stall-download', method: 'download', kernel: 'hal/baseline', times: 1 },
];

const FAST: Partial<KaggleClientOptions> = { timeoutMs: 400 };

async function run(srv: KaggleServer, dir: string, overrides: Partial<CrawlOptions> = {}) {
  return withCorpus(async (corpus) => {
    const summary = await crawl({ corpus, client: testClient(srv, FAST), options: testOptions(dir, overrides), runId: `crawl-${Math.random().toString(16).slice(2)}` });
    return { summary, snapshot: await crawlSnapshot(corpus, dir) };
  });
}

describe('crawl under injected faults', () => {
  it('ends with the same corpus as a crawl without transient faults, and records the 403 and the 404', async () => {
    server = await startFixtureServer({ faults: [...PERMANENT] });
    const clean = await run(server, tempDir());
    await server.close();

    server = await startFixtureServer({ faults: [...TRANSIENT, ...PERMANENT] });
    const faulty = await run(server, tempDir());
    expect(faulty.snapshot).toEqual(clean.snapshot);

    const failures = faulty.summary.failures.map((f) => `${f.item} ${f.reason} ${f.http_status ?? ''}`).sort();
    expect(failures).toEqual([
      'data:house-sales forbidden 403',
      'kernel:tabular-playground:fay/broken-json invalid_notebook ',
      'kernel:tabular-playground:gus/deleted not_found 404',
    ]);
    // house-sales' notebooks are still there: only its data needs the rules accepted.
    expect(Object.keys(getKernelCounts(server)).filter((r) => r.startsWith('hal') || r.startsWith('ivy'))).toHaveLength(2);
    // Every injected fault was met and got past.
    const seen = new Set(server.log.filter((r) => r.fault).map((r) => `${r.call}:${r.fault}`));
    expect([...seen].sort()).toEqual([
      'DownloadDataFiles:forbidden',
      'GetKernel:html',
      'GetKernel:not-found',
      'GetKernel:rate-limit',
      'GetKernel:slow',
      'ListCompetitions:rate-limit',
      'ListDataFiles:truncated-json',
      'ListKernelSessionOutput:server-error',
      'ListKernels:server-error',
      'ListKernels:truncated-json',
      'download:cut-download',
      'download:stall-download',
    ]);
    expect(faulty.summary.requests.rateLimited).toBe(5);
    expect(faulty.summary.status).toBe('partial');
  });

  it('backs off exponentially after 429s although Retry-After says 0, and never reuses a 404 as data', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'rate-limit', method: 'GetKernel', kernel: 'ana/gold-eda', times: 3, retryAfter: '0' }] });
    await run(server, tempDir(), { data: false, outputs: false, competitions: ['tabular-playground'] });
    const ana = server.log.filter((r) => r.call === 'GetKernel' && r.body?.kernelSlug === 'gold-eda');
    expect(ana.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    const gaps = ana.slice(1).map((r, i) => r.time - (ana[i] as { time: number }).time);
    // rateLimitMs is 40 in the test client: 40, 80, 160 ms at least.
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    expect(gaps[2]).toBeGreaterThanOrEqual(160);
  });

  it('resumes a cut download with a Range request and checks its size', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'cut-download', method: 'download', file: 'house-sales.zip', times: 1 }] });
    const { summary } = await run(server, tempDir(), { competitions: ['house-sales'], outputs: false });
    const downloads = server.log.filter((r) => r.call === 'download');
    expect(downloads.map((r) => [r.status, r.range === undefined ? 'full' : 'range'])).toEqual([
      [200, 'full'],
      [206, 'range'],
    ]);
    expect(summary.data.downloaded).toBe(1);
    expect(summary.data.resumed_bytes).toBeGreaterThan(0);
  });

  it('pauses the whole crawl after repeated 429s, and the next run resumes it to the same end', async () => {
    server = await startFixtureServer({ faults: [...PERMANENT] });
    const clean = await run(server, tempDir());
    await server.close();

    server = await startFixtureServer({ faults: [{ kind: 'rate-limit', method: 'GetKernel', after: 3, times: 50, retryAfter: '0' }, ...PERMANENT] });
    const dir = tempDir();
    const db = `${dir}/corpus.duckdb`;
    const first = await withCorpus(
      (corpus) => crawl({ corpus, client: testClient(server as KaggleServer, FAST), options: testOptions(dir), runId: 'crawl-paused' }),
      db,
    );
    expect(first.status).toBe('paused');
    expect(first.error).toMatch(/5 consecutive HTTP 429/);
    expect(first.requests.rateLimited).toBe(5);
    server.faults.rules.splice(0, 1);
    const second = await withCorpus(async (corpus) => {
      const summary = await crawl({ corpus, client: testClient(server as KaggleServer, FAST), options: testOptions(dir), runId: 'crawl-resumed' });
      const runs = await corpus.query(`SELECT run_id, generation, status FROM crawl_runs ORDER BY started_at`);
      return { summary, runs, snapshot: await crawlSnapshot(corpus, dir) };
    }, db);
    expect(second.summary.resumed).toBe(true);
    expect(second.runs).toEqual([
      { run_id: 'crawl-paused', generation: 'crawl-paused', status: 'paused' },
      { run_id: 'crawl-resumed', generation: 'crawl-paused', status: 'partial' },
    ]);
    expect(second.snapshot).toEqual(clean.snapshot);
  });

  it('a 401 stops the run at once and names neither the token nor its value', async () => {
    server = await startFixtureServer({ tokens: ['the-only-valid-token'] });
    const { summary } = await run(server, tempDir());
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/HTTP 401/);
    expect(server.log).toHaveLength(1);
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
  });
});

describe('crawl paging', () => {
  it.each([
    ['page numbers', false],
    ['page tokens', true],
  ])('lists every page by %s and fetches each medal-tier kernel once', async (_name, tokens) => {
    server = await startKaggleServer({ data: manyKernels('big-tabular', 60), tokens: [TOKEN], kernelTokens: tokens, competitionTokens: tokens });
    const { summary } = await run(server, tempDir(), { pageSize: 10, data: false, outputs: false });
    expect(summary.notebooks.new).toBe(56); // votes 60..5
    const counts = getKernelCounts(server);
    expect(Object.keys(counts)).toHaveLength(56);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    const lists = server.log.filter((r) => r.call === 'ListKernels');
    expect(lists.every((r) => (tokens ? r.body?.pageToken !== undefined || r.body?.page === 1 : r.body?.pageToken === undefined))).toBe(true);
    expect(lists.every((r) => r.body?.pageSize === 10 && r.body?.language === 'python')).toBe(true);
    // The VOTE_COUNT pass stops at the first page below bronze; the score pass reads to the end,
    // which by page number is the first empty page and by token the page without a next token.
    const byPass = (sort: string) => lists.filter((r) => r.body?.sortBy === sort).length;
    expect(byPass('VOTE_COUNT')).toBe(6);
    expect(byPass('SCORE_DESCENDING')).toBe(tokens ? 6 : 7);
  });

  it('finds medal notebooks past the listing cap through the second sort order', async () => {
    // Scores rise with the index: the least-voted kernels have the best scores.
    server = await startKaggleServer({ data: manyKernels('big-tabular', 60, (i) => i), tokens: [TOKEN], kernelListCap: 20 });
    await run(server, tempDir(), { pageSize: 10, data: false, outputs: false });
    const fetched = Object.keys(getKernelCounts(server)).map((ref) => Number(ref.split('-').pop()));
    // VOTE_COUNT sees kernels 0-19; SCORE_DESCENDING sees 40-59, of which 40-55 have >= 5 votes.
    const expected = [...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 16 }, (_, i) => 40 + i)];
    expect(fetched.sort((a, b) => a - b)).toEqual(expected);
  });

  it('lists competitions across pages and normalises a ref given as a URL', async () => {
    const data = manyKernels('big-tabular', 3);
    for (let i = 0; i < 44; i++) data.competitions.push({ slug: `comp-${i}`, category: 'HOST_SEGMENT_COMMUNITY', files: [], refAsUrl: i % 2 === 0 });
    server = await startKaggleServer({ data, tokens: [TOKEN], competitionTokens: false });
    await withCorpus(async (corpus) => {
      const summary = await crawl({ corpus, client: testClient(server as KaggleServer), options: testOptions(tempDir(), { data: false }), runId: 'crawl-comps' });
      expect(summary.competitions).toMatchObject({ listed: 45, tabular: 1, not_tabular: 44 });
      expect(server?.log.filter((r) => r.call === 'ListCompetitions').map((r) => r.body?.page)).toEqual([1, 2, 3, 4]);
      const slugs = await corpus.query<{ slug: string }>(`SELECT slug FROM competitions WHERE slug LIKE 'comp-%' ORDER BY slug`);
      expect(slugs.every((r) => /^comp-\d+$/.test(r.slug))).toBe(true);
    });
  });
});
