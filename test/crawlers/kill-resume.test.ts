// kill -9 at any moment, then a re-run: the corpus and the files must end exactly as after one
// uninterrupted crawl. The crawl runs as the real CLI in a child process; the Kaggle-compatible
// server in this process kills it at chosen requests (so every phase is hit: listing, GetKernel,
// output listing and downloads, the data download half-way through) and at the Nth request of
// any kind, just after the server has taken it (so the crawler's corpus writes between requests
// are hit too). Every kill is tied to a request, never to a clock: on a busy machine a kill timed
// as a share of a measured crawl came after the crawl had ended.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import type { KaggleServer, RequestRecord } from '../../src/kaggle-server/index.js';
import { scaledBudget } from '../helpers/budget.js';
import { cliBuilt } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { cliEnv, crawlSnapshot, runCli, startCli, startFixtureServer } from './helpers.js';

let server: KaggleServer;
let reference: Record<string, unknown>;
/** requests an uninterrupted crawl makes */
let referenceRequests = 0;
let onRequest: ((r: RequestRecord) => void) | undefined;

function crawlArgs(dir: string): string[] {
  return ['--db', join(dir, 'corpus.duckdb'), '--data-root', join(dir, 'data'), 'crawl', '--kernel-output-root', join(dir, 'kernel-output')];
}

async function snapshotOf(dir: string) {
  const corpus = await Corpus.open(join(dir, 'corpus.duckdb'));
  try {
    return await crawlSnapshot(corpus, dir);
  } finally {
    corpus.close();
  }
}

/** Crawl, kill -9 when `when` says so, check the kill happened, then crawl again to the end. */
async function killAndResume(when: { call?: string; nth: number }): Promise<{ dir: string; rerun: { code: number | null; stdout: string } }> {
  const dir = tempDir();
  const cli = startCli(crawlArgs(dir), { env: cliEnv(server) });
  let seen = 0;
  const kill = () => cli.child.kill('SIGKILL');
  onRequest = (r) => {
    if ((when.call === undefined || r.call === when.call) && ++seen === when.nth) {
      onRequest = undefined;
      // A named call is killed while it waits for its answer. Any Nth request is answered first,
      // and the kill comes while the crawler handles the answer (parsing, corpus writes): it
      // cannot have finished, because its later requests wait on this process's event loop.
      if (when.call) kill();
      else setImmediate(kill);
    }
  };
  const first = await cli.done;
  onRequest = undefined;
  expect(first.signal).toBe('SIGKILL');
  const rerun = await runCli(crawlArgs(dir), { env: cliEnv(server) });
  // 1: fay's source is not JSON; 0 when the kill came after the last item, before the run was closed.
  expect([0, 1], rerun.stderr).toContain(rerun.code);
  return { dir, rerun };
}

describe.skipIf(!cliBuilt())('kill -9 and re-run (needs the built CLI: npm run build)', () => {
  beforeAll(async () => {
    server = await startFixtureServer({ onRequest: (r) => onRequest?.(r) });
    const dir = tempDir();
    const mark = server.log.length;
    const run = await runCli(crawlArgs(dir), { env: cliEnv(server) });
    referenceRequests = server.log.length - mark;
    expect(run.code, run.stderr).toBe(1);
    reference = await snapshotOf(dir);
    expect((reference.notebooks as unknown[]).length).toBe(6);
  }, scaledBudget(60_000));
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['the competition listing', { call: 'ListCompetitions', nth: 1 }],
    ['a data file listing', { call: 'ListDataFiles', nth: 2 }],
    ['a kernel listing page', { call: 'ListKernels', nth: 3 }],
    ['a GetKernel', { call: 'GetKernel', nth: 4 }],
    ['an output listing', { call: 'ListKernelSessionOutput', nth: 2 }],
    ['an output download', { call: 'download', nth: 2 }],
    ['the data download request', { call: 'DownloadDataFiles', nth: 1 }],
  ])('killed at %s, the re-run ends with the same corpus and files', async (_where, when) => {
    const { dir, rerun } = await killAndResume(when);
    expect(await snapshotOf(dir)).toEqual(reference);
    expect(rerun.stdout).toMatch(/resumed an interrupted crawl/);
  }, scaledBudget(60_000));

  // Moments spread over the crawl as shares of its requests (not of its time, which a busy
  // machine stretches): the kill lands while the crawler handles an answer.
  it.each([0.15, 0.3, 0.45, 0.6, 0.75])('killed after %f of the crawl requests, while it handles an answer, the re-run ends with the same corpus and files', async (share) => {
    expect(referenceRequests).toBeGreaterThan(8);
    const { dir } = await killAndResume({ nth: Math.max(1, Math.round(share * referenceRequests)) });
    expect(await snapshotOf(dir)).toEqual(reference);
  }, scaledBudget(60_000));

  it('killed half-way through the data download, the re-run resumes it with Range', async () => {
    server.faults.add({ kind: 'stall-download', method: 'download', file: 'tabular-playground.zip', times: 1 });
    const dir = tempDir();
    const cli = startCli(crawlArgs(dir), { env: cliEnv(server) });
    const part = join(dir, 'data/.hookmine-downloads/tabular-playground.zip.part');
    // The kill waits for the event it is about (the first half of the file written to disk), not
    // for a guessed delay: the stalled answer stays open until then.
    const written = () => existsSync(part) && statSync(part).size > 0;
    let watching = true;
    void (async () => {
      while (watching && !written()) await new Promise((ok) => setTimeout(ok, 20));
      if (watching) cli.child.kill('SIGKILL');
    })();
    const first = await cli.done;
    watching = false;
    expect(first.signal).toBe('SIGKILL');
    expect(existsSync(part)).toBe(true);
    const partBytes = statSync(part).size;
    expect(partBytes).toBeGreaterThan(0);
    const mark = server.log.length;
    const rerun = await runCli([...crawlArgs(dir), '--json'], { env: cliEnv(server) });
    const zip = server.log.slice(mark).filter((r) => r.call === 'download' && r.path.endsWith('tabular-playground.zip'));
    expect(zip.map((r) => [r.status, r.range])).toEqual([[206, `bytes=${partBytes}-`]]);
    expect(JSON.parse(rerun.stdout).data.resumed_bytes).toBe(partBytes);
    expect(await snapshotOf(dir)).toEqual(reference);
  }, scaledBudget(60_000));
});
