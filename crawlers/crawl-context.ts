// What every step of a crawl shares: the corpus, the client, the options, the run and its
// generation, and the summary it fills. Item failures are recorded here, in one way.
import type { Corpus } from '../corpus/corpus.js';
import { markItem, putItem } from '../corpus/crawl-queue.js';
import { CriticalError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import type { Progress } from '../src/progress.js';
import { describeCrawlError } from './http-errors.js';
import type { ClientStats, KaggleClient } from './kaggle-client.js';
import type { Medal } from './medal.js';

export interface CrawlOptions {
  /** crawl exactly these competitions (an allow list); otherwise all pages of ListCompetitions */
  competitions?: string[];
  search?: string;
  minMedal: Medal;
  /** tabular competitions crawled per run at most */
  maxCompetitions?: number;
  /** the most-voted medal-tier notebooks considered per competition */
  maxKernels?: number;
  /** download competition data */
  data: boolean;
  /** download the kernels' output files */
  outputs: boolean;
  dataRoot: string;
  kernelOutputRoot: string;
  maxDataBytes: number;
  maxOutputBytes: number;
  /** ListKernels page size (<= 100) */
  pageSize: number;
  /** pages per listing pass at most */
  maxPages: number;
  allow: string[];
  deny: string[];
  /** list each competition's data files again even when the corpus has them */
  refreshCompetitions?: boolean;
}

export interface CrawlFailure {
  item: string;
  reason: string;
  http_status: number | null;
  message: string;
}

export type CrawlStatus = 'ok' | 'partial' | 'paused' | 'failed' | 'interrupted';

export interface CrawlSummary {
  run_id: string;
  generation: string;
  resumed: boolean;
  status: CrawlStatus;
  error: string | null;
  api_base: string;
  competitions: { listed: number; tabular: number; not_tabular: number; already_done: number; failed: number };
  notebooks: { candidates: number; new: number; unchanged: number; same_source: number; failed: number };
  outputs: { notebooks: number; files: number; bytes: number; skipped: number; failed: number };
  data: { downloaded: number; cached: number; skipped: number; failed: number; bytes: number; resumed_bytes: number };
  requests: ClientStats;
  failures: CrawlFailure[];
  elapsed_ms: number;
}

export interface CrawlContext {
  corpus: Corpus;
  client: KaggleClient;
  options: CrawlOptions;
  runId: string;
  generation: string;
  summary: CrawlSummary;
  logger: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  /** data file lists fetched during this run, by competition */
  dataFiles: Map<string, { name: string; totalBytes: number | null }[]>;
  /** medal-tier kernel items listed in this run */
  candidates: Set<string>;
}

export function emptySummary(runId: string, generation: string, apiBase: string, resumed: boolean): CrawlSummary {
  return {
    run_id: runId,
    generation,
    resumed,
    status: 'ok',
    error: null,
    api_base: apiBase,
    competitions: { listed: 0, tabular: 0, not_tabular: 0, already_done: 0, failed: 0 },
    notebooks: { candidates: 0, new: 0, unchanged: 0, same_source: 0, failed: 0 },
    outputs: { notebooks: 0, files: 0, bytes: 0, skipped: 0, failed: 0 },
    data: { downloaded: 0, cached: 0, skipped: 0, failed: 0, bytes: 0, resumed_bytes: 0 },
    requests: { requests: 0, byStatus: {}, retries: 0, rateLimited: 0, backoffMs: 0 },
    failures: [],
    elapsed_ms: 0,
  };
}

/** Errors that end the whole run rather than one item: 401, repeated 429s, an abort, a corpus failure. */
export function isFatal(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (error instanceof CriticalError) return true;
  const name = (error as { name?: string })?.name;
  return name === 'AbortError' || name === 'CorpusError';
}

/**
 * Record that an item failed (creating its row when it has none) and go on; fatal errors are
 * rethrown. `kind` is the item kind, `competition` its competition.
 */
export async function recordItemFailure(
  ctx: CrawlContext,
  item: { key: string; kind: string; competition: string | null; exists: boolean },
  error: unknown,
): Promise<void> {
  if (isFatal(error, ctx.signal)) throw error;
  const { reason, httpStatus, message } = describeCrawlError(error);
  const last_error = `${reason}: ${message}`;
  if (item.exists) await markItem(ctx.corpus, item.key, { status: 'failed', http_status: httpStatus, last_error }, ctx.runId);
  else await putItem(ctx.corpus, { item_key: item.key, kind: item.kind, competition: item.competition, status: 'failed', http_status: httpStatus, last_error }, ctx.runId);
  ctx.summary.failures.push({ item: item.key, reason, http_status: httpStatus, message });
  ctx.progress?.clear();
  ctx.logger.warn(`${item.key}: ${reason}: ${message}`, { item: item.key, reason, http_status: httpStatus });
}
