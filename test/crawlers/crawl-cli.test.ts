import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import type { KaggleServer } from '../../src/kaggle-server/index.js';
import { cliBuilt, runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { cliEnv, runCli, startCli, startFixtureServer, TOKEN } from './helpers.js';

let server: KaggleServer;

function args(dir: string, ...rest: string[]): string[] {
  return ['--db', join(dir, 'c.duckdb'), '--data-root', join(dir, 'data'), ...rest, '--kernel-output-root', join(dir, 'out')];
}

describe.skipIf(!cliBuilt())('hookmine crawl (needs the built CLI: npm run build)', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['crawl', 'schedule', 'import-meta-kaggle'])('%s --help documents the command with examples', (cmd) => {
    const r = runHookmine([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: hookmine ${cmd}`));
    expect(r.stdout).toMatch(/Examples:/);
  });

  it('prints a summary, --json the same object, and exits 1 when an item failed', async () => {
    const dir = tempDir();
    const mark = server.log.length;
    const r = await runCli(args(dir, 'crawl', '--competition', 'tabular-playground', '--kaggle-api', server.url), { env: { ...cliEnv(server), HOOKMINE_KAGGLE_API: 'https://unused.invalid' } });
    expect(r.code).toBe(1);
    // The flag won over the environment, and every request named hookmine.
    expect(server.log.length).toBeGreaterThan(mark);
    expect(server.log.slice(mark).every((x) => /^hookmine\/\d+\.\d+\.\d+ \(medal-notebook crawler/.test(x.userAgent ?? ''))).toBe(true);
    expect(r.stdout).toMatch(/crawl partial: 1 competitions, 1 tabular crawled/);
    expect(r.stdout).toMatch(/notebooks: 5 medal-tier listed, 4 new/);
    expect(r.stdout).toMatch(/failed kernel:tabular-playground:fay\/broken-json: invalid_notebook/);
    const again = await runCli(['--json', ...args(dir, 'crawl', '--competition', 'tabular-playground')], { env: cliEnv(server) });
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ status: 'partial', notebooks: { new: 0, unchanged: 4 }, data: { cached: 1 } });
  });

  it('without credentials it is a usage error that says where to put them', async () => {
    const r = await runCli(args(tempDir(), 'crawl'), { env: { ...cliEnv(server), KAGGLE_API_TOKEN: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Kaggle credentials: set KAGGLE_API_TOKEN/);
  });

  it('reads the legacy key from ~/.kaggle/kaggle.json (HTTP Basic)', async () => {
    const basicServer = await startFixtureServer({ tokens: [], basic: [{ username: 'ana', key: 'legacy-key-0123456789' }] });
    try {
      const home = tempDir();
      const config = join(home, '.kaggle');
      spawnSync('mkdir', ['-p', config]);
      writeFileSync(join(config, 'kaggle.json'), JSON.stringify({ username: 'ana', key: 'legacy-key-0123456789' }));
      const r = await runCli(args(tempDir(), 'crawl', '--competition', 'house-sales', '--no-data'), {
        env: { ...cliEnv(basicServer), KAGGLE_API_TOKEN: '', KAGGLE_CONFIG_DIR: config },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(basicServer.log.filter((x) => x.call !== 'download').every((x) => x.auth === 'basic')).toBe(true);
    } finally {
      await basicServer.close();
    }
  });

  it('never writes the credentials to stdout, stderr, the log file or the corpus', async () => {
    const noisy = await startFixtureServer({
      faults: [
        { kind: 'rate-limit', method: 'GetKernel', times: 2, retryAfter: '0' },
        { kind: 'server-error', method: 'ListKernels', times: 1 },
        { kind: 'not-found', method: 'GetKernel', kernel: 'gus/deleted' },
      ],
    });
    try {
      const dir = tempDir();
      const log = join(dir, 'crawl.log');
      const r = await runCli(['-v', '--log-file', log, ...args(dir, 'crawl')], { env: cliEnv(noisy) });
      expect(r.code).toBe(1);
      expect(readFileSync(log, 'utf8')).toMatch(/HTTP 429/);
      const bad = await runCli(['-v', '--log-file', log, ...args(dir, 'crawl')], { env: cliEnv(noisy, { KAGGLE_API_TOKEN: 'wrong-token-9f8e7d6c5b' }) });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toMatch(/HTTP 401/);
      const corpus = await Corpus.open(join(dir, 'c.duckdb'));
      let dump = '';
      try {
        const tables = await corpus.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
        for (const { table_name } of tables) dump += JSON.stringify(await corpus.query(`SELECT * FROM "${table_name}"`));
      } finally {
        corpus.close();
      }
      expect(dump).toMatch(/gold-eda/); // the dump is real
      const everything = [r.stdout, r.stderr, bad.stdout, bad.stderr, readFileSync(log, 'utf8'), dump, readFileSync(join(dir, 'c.duckdb')).toString('latin1')].join('\n');
      for (const secret of [TOKEN, 'wrong-token-9f8e7d6c5b']) expect(everything).not.toContain(secret);
    } finally {
      await noisy.close();
    }
  });

  it('refuses to run while another live crawl holds the lock, and takes over a lock left by a killed one', async () => {
    const dir = tempDir();
    const lock = join(dir, 'c.duckdb.crawl.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2024-01-01T00:00:00Z' }));
    const held = await runCli(args(dir, 'crawl', '--competition', 'house-sales'), { env: cliEnv(server) });
    expect(held.code).toBe(2);
    expect(held.stderr).toMatch(new RegExp(`another crawl \\(pid ${process.pid} on`));
    const gone = spawnSync('true');
    writeFileSync(lock, JSON.stringify({ pid: gone.pid, host: hostname(), since: '2024-01-01T00:00:00Z' }));
    const taken = await runCli(args(dir, 'crawl', '--competition', 'house-sales'), { env: cliEnv(server) });
    expect(taken.code, taken.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('SIGTERM stops the crawl after the current step; the run is marked interrupted and the next one resumes it', async () => {
    const slow = await startFixtureServer({ faults: [{ kind: 'slow', method: 'GetKernel', delayMs: 150 }] });
    try {
      const dir = tempDir();
      const cli = startCli(args(dir, 'crawl'), { env: cliEnv(slow) });
      while (!slow.log.some((r) => r.call === 'GetKernel')) await new Promise((r) => setTimeout(r, 20));
      cli.child.kill('SIGTERM');
      const stopped = await cli.done;
      expect(stopped.code, stopped.stderr).toBe(1);
      expect(stopped.stderr).toMatch(/SIGTERM: stopping after the current step/);
      expect(stopped.stdout).toMatch(/crawl interrupted/);
      expect(existsSync(join(dir, 'c.duckdb.crawl.lock'))).toBe(false);
      const rerun = await runCli(args(dir, 'crawl'), { env: cliEnv(slow) });
      expect(rerun.stdout).toMatch(/crawl partial \(resumed an interrupted crawl\)/);
      const corpus = await Corpus.open(join(dir, 'c.duckdb'), { readOnly: true });
      try {
        expect(await corpus.query(`SELECT status FROM crawl_runs ORDER BY started_at`)).toEqual([{ status: 'interrupted' }, { status: 'partial' }]);
        expect(await corpus.query(`SELECT count(*)::INT AS n FROM notebooks`)).toEqual([{ n: 6 }]);
      } finally {
        corpus.close();
      }
    } finally {
      await slow.close();
    }
  });

  it('a bad flag value is a usage error naming it', async () => {
    const dir = tempDir();
    expect((await runCli(args(dir, 'crawl', '--competition', 'Not A Slug'), { env: cliEnv(server) })).stderr).toMatch(/--competition must be a Kaggle slug/);
    const r = await runCli(args(dir, 'crawl', '--page-size', '500'), { env: cliEnv(server) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --page-size: "500" \(Too big/);
  });
});

describe.skipIf(!cliBuilt())('hookmine schedule (needs the built CLI: npm run build)', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('runs crawls on the cron schedule, the second one incremental', async () => {
    const dir = tempDir();
    const r = await runCli(args(dir, 'schedule', '--cron', '* * * * * *', '--max-runs', '2', '--competition', 'house-sales'), { env: cliEnv(server) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/schedule: "\* \* \* \* \* \*"; next crawls at/);
    expect(r.stdout).toMatch(/schedule: 2 crawls \(ok, ok\)/);
    const corpus = await Corpus.open(join(dir, 'c.duckdb'), { readOnly: true });
    try {
      const runs = await corpus.query<{ new: number; unchanged: number }>(
        `SELECT (stats->'notebooks'->>'new')::INT AS new, (stats->'notebooks'->>'unchanged')::INT AS unchanged FROM crawl_runs ORDER BY started_at`,
      );
      expect(runs).toEqual([
        { new: 2, unchanged: 0 },
        { new: 0, unchanged: 2 },
      ]);
    } finally {
      corpus.close();
    }
  });

  it('skips a tick while the previous crawl still runs: crawls never overlap', async () => {
    const slow = await startFixtureServer({ faults: [{ kind: 'slow', method: 'GetKernel', delayMs: 700 }] });
    try {
      const dir = tempDir();
      const r = await runCli(args(dir, 'schedule', '--cron', '* * * * * *', '--max-runs', '2', '--competition', 'house-sales', '--no-data'), { env: cliEnv(slow) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/skipped a tick, the previous crawl is still running/);
      const corpus = await Corpus.open(join(dir, 'c.duckdb'), { readOnly: true });
      try {
        const runs = await corpus.query<{ started_at: string; finished_at: string }>(`SELECT started_at, finished_at FROM crawl_runs ORDER BY started_at`);
        expect(runs).toHaveLength(2);
        expect(Date.parse(runs[1]?.started_at as string)).toBeGreaterThanOrEqual(Date.parse(runs[0]?.finished_at as string));
      } finally {
        corpus.close();
      }
    } finally {
      await slow.close();
    }
  });

  it('skips a tick while another process holds the crawl lock', async () => {
    const dir = tempDir();
    const lock = join(dir, 'c.duckdb.crawl.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2024-01-01T00:00:00Z' }));
    const cli = startCli(args(dir, 'schedule', '--cron', '* * * * * *', '--max-runs', '1', '--competition', 'house-sales', '--no-data'), { env: cliEnv(server) });
    // Once a tick has been skipped, the holder "dies": the next tick takes the stale lock over.
    cli.child.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('skipped a tick')) writeFileSync(lock, JSON.stringify({ pid: spawnSync('true').pid, host: hostname(), since: 'gone' }));
    });
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped a tick: another crawl \(pid/);
    expect(r.stdout).toMatch(/1 crawls \(ok\).*skipped for another crawl's lock/);
  });

  it('an invalid cron expression is a usage error', async () => {
    const r = await runCli(args(tempDir(), 'schedule', '--cron', 'every day'), { env: cliEnv(server) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cron "every day" is not a valid cron expression/);
  });
});
