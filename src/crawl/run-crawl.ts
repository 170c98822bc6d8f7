// One crawl as a command runs it: take the crawl lock, open the corpus, record the pipeline run,
// build the client from the configuration and the credentials, crawl, and release everything.
import { Corpus } from '../../corpus/corpus.js';
import { finishRun, startRun, type RunStatus } from '../../corpus/runs.js';
import { crawl } from '../../crawlers/crawl.js';
import type { CrawlOptions, CrawlSummary } from '../../crawlers/crawl-context.js';
import { requireCredentials } from '../../crawlers/kaggle-auth.js';
import { KaggleClient } from '../../crawlers/kaggle-client.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import type { Progress } from '../progress.js';
import { acquireCrawlLock } from './lock.js';

export interface RunCrawlInput {
  config: Config;
  options: CrawlOptions;
  logger: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export function userAgent(): string {
  return `hookmine/${packageVersion()} (medal-notebook crawler for process reward model data; node ${process.version})`;
}

const PIPELINE_STATUS: Record<CrawlSummary['status'], RunStatus> = {
  ok: 'ok',
  partial: 'partial',
  paused: 'interrupted',
  interrupted: 'interrupted',
  failed: 'failed',
};

export async function runCrawl(input: RunCrawlInput): Promise<CrawlSummary & { db: string }> {
  const { config, options } = input;
  const credentials = requireCredentials(input.env);
  const lock = acquireCrawlLock(config.db);
  let corpus: Corpus | undefined;
  try {
    corpus = await Corpus.open(config.db);
    const runId = await startRun(corpus, 'crawl', { ...options, kaggleApi: config.kaggleApi }, packageVersion());
    const client = new KaggleClient({
      baseUrl: config.kaggleApi,
      credentials,
      delayMs: config.crawlDelayMs,
      timeoutMs: config.crawlTimeoutMs,
      retry: {
        retries: config.crawlRetries,
        backoffMs: config.crawlBackoffMs,
        maxBackoffMs: Math.max(60_000, config.crawlBackoffMs),
        rateLimitMs: config.crawlRateLimitMs,
        maxRateLimitMs: Math.max(15 * 60_000, config.crawlRateLimitMs),
        maxConsecutive429: config.crawlMax429,
      },
      userAgent: userAgent(),
      logger: input.logger,
      signal: input.signal,
    });
    let summary: CrawlSummary;
    try {
      summary = await crawl({ corpus, client, options, runId, logger: input.logger, progress: input.progress, signal: input.signal });
    } catch (error) {
      await finishRun(corpus, runId, 'failed', { error: String(error) });
      throw error;
    }
    await finishRun(corpus, runId, PIPELINE_STATUS[summary.status], summary);
    return { ...summary, db: corpus.path };
  } finally {
    corpus?.close();
    lock.release();
  }
}
