// Shared setup of the crawler tests: the Kaggle-compatible server on 127.0.0.1 with the fixture
// competitions, a client with test-sized timeouts and back-offs, crawl options in a temp folder,
// a canonical dump of a corpus and its files, and the built CLI run asynchronously (the server
// lives in the test process, so the CLI must not block it).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Corpus } from '../../corpus/corpus.js';
import type { CrawlOptions } from '../../crawlers/crawl-context.js';
import { loadCredentials } from '../../crawlers/kaggle-auth.js';
import { KaggleClient, type KaggleClientOptions } from '../../crawlers/kaggle-client.js';
import { loadFolder, startKaggleServer, type KaggleServer, type KaggleServerOptions, type ServerData, type ServerKernel } from '../../src/kaggle-server/index.js';
import { BIN } from '../helpers/cli.js';

export const FIXTURE = fileURLToPath(new URL('../fixtures/kaggle/mixed-competitions', import.meta.url));
export const TOKEN = 'test-kaggle-token-5f2c9d7a41';

export function startFixtureServer(options: Partial<KaggleServerOptions> = {}): Promise<KaggleServer> {
  return startKaggleServer({ data: loadFolder(FIXTURE), tokens: [TOKEN], ...options });
}

export function testClient(server: { url: string }, overrides: Partial<KaggleClientOptions> = {}): KaggleClient {
  const credentials = loadCredentials({ KAGGLE_API_TOKEN: TOKEN }, '/nonexistent');
  if (!credentials) throw new Error('no test credentials');
  return new KaggleClient({
    baseUrl: server.url,
    credentials,
    delayMs: 0,
    timeoutMs: 2000,
    retry: { retries: 3, backoffMs: 5, maxBackoffMs: 50, rateLimitMs: 40, maxRateLimitMs: 400, maxConsecutive429: 5 },
    userAgent: 'hookmine-test',
    ...overrides,
  });
}

export function testOptions(dir: string, overrides: Partial<CrawlOptions> = {}): CrawlOptions {
  return {
    minMedal: 'bronze',
    data: true,
    outputs: true,
    dataRoot: join(dir, 'data'),
    kernelOutputRoot: join(dir, 'kernel-output'),
    maxDataBytes: 1024 ** 3,
    maxOutputBytes: 1024 ** 3,
    pageSize: 100,
    maxPages: 20,
    allow: [],
    deny: [],
    ...overrides,
  };
}

/** Environment for a CLI crawl against `server` with test-sized waits. */
export function cliEnv(server: { url: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    KAGGLE_API_TOKEN: TOKEN,
    HOOKMINE_KAGGLE_API: server.url,
    HOOKMINE_CRAWL_DELAY_MS: '0',
    HOOKMINE_CRAWL_TIMEOUT_MS: '2000',
    HOOKMINE_CRAWL_BACKOFF_MS: '5',
    HOOKMINE_CRAWL_RATE_LIMIT_MS: '40',
    ...extra,
  };
}

export interface AsyncCli {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Start the built CLI without blocking this process (the test's server must keep answering). */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): AsyncCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '', KAGGLE_API_TOKEN: '', KAGGLE_USERNAME: '', KAGGLE_KEY: '', KAGGLE_CONFIG_DIR: '/nonexistent', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return startCli(args, options).done;
}

function fileTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[relative(root, full)] = `${statSync(full).size}:${createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16)}`;
    }
  };
  walk(root);
  return out;
}

/**
 * Everything a crawl leaves behind, without what legitimately differs between two crawls of the
 * same server (timestamps, run ids, attempt counts) and with paths relative to their root.
 */
export async function crawlSnapshot(corpus: Corpus, dir: string): Promise<Record<string, unknown>> {
  const q = (sql: string) => corpus.query(sql);
  const rel = (col: string) => `replace(${col}, '${dir}/', '')`;
  return {
    competitions: await q(
      `SELECT slug, kaggle_id, title, host_segment, tags, evaluation_metric, team_count, kernel_count, data_files::VARCHAR AS data_files, is_tabular, tabular_reason, source FROM competitions ORDER BY slug`,
    ),
    notebooks: await q(
      `SELECT notebook_id, competition, title, origin, kaggle_ref, kaggle_id, kaggle_version, author, language, kind, sha256, size_bytes, cell_count,
              code_cell_count, has_outputs, total_votes, medal, medal_source, docker_image, last_run_time, kaggle_metadata::VARCHAR AS kaggle_metadata,
              md5(source) AS source_md5, regexp_replace(source_path, '^http://[^/]+', '') AS source_path
       FROM notebooks ORDER BY notebook_id`,
    ),
    cells: await q(`SELECT notebook_id, count(*) AS n, md5(string_agg(source, '|' ORDER BY cell_index)) AS h FROM cells GROUP BY 1 ORDER BY 1`),
    ingest_failures: await q(`SELECT regexp_replace(path, '^http://[^/]+', '') AS path, sha256, competition, reason FROM ingest_failures ORDER BY path`),
    crawl_items: await q(`SELECT item_key, kind, competition, status, http_status, version_key FROM crawl_items ORDER BY item_key`),
    kaggle_output_files: await q(`SELECT notebook_id, file_name, size_bytes, sha256, ${rel('local_path')} AS local_path FROM kaggle_output_files ORDER BY 1, 2`),
    competition_files: await q(`SELECT competition, file_name, size_bytes, sha256, ${rel('local_path')} AS local_path FROM competition_files ORDER BY 1, 2`),
    files: { data: fileTree(join(dir, 'data')), outputs: fileTree(join(dir, 'kernel-output')) },
  };
}

/** Successful GetKernel answers per kernel ref, from the server's log. */
export function getKernelCounts(server: KaggleServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of server.log) {
    if (r.call !== 'GetKernel' || r.status !== 200) continue;
    const ref = `${String(r.body?.userName)}/${String(r.body?.kernelSlug)}`;
    out[ref] = (out[ref] ?? 0) + 1;
  }
  return out;
}

/** A tiny valid Python notebook (nbformat 4) whose one code cell prints `text`. */
export function tinyNotebook(text: string): string {
  return JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: `print(${JSON.stringify(text)})` }],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 4,
  });
}

/**
 * A competition with `n` kernels: votes n, n-1, ..., 1 (so the last four are below bronze) and
 * scores that order them differently, for paging and cap tests.
 */
export function manyKernels(slug: string, n: number, score: (i: number) => number = (i) => ((i * 37) % n) / n): ServerData {
  const kernels: ServerKernel[] = [];
  for (let i = 0; i < n; i++) {
    kernels.push({
      ref: `user${String(i).padStart(3, '0')}/kernel-${i}`,
      competition: slug,
      totalVotes: n - i,
      score: score(i),
      lastRunTime: '2024-01-01T00:00:00.000Z',
      source: tinyNotebook(`kernel ${i}`),
    });
  }
  return {
    competitions: [{ slug, title: 'Big Tabular', category: 'HOST_SEGMENT_PLAYGROUND', tags: ['Tabular'], files: [{ name: 'train.csv', content: Buffer.from('a,b\n1,2\n') }] }],
    kernels,
  };
}
