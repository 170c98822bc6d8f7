// One crawl run: competitions (listed, or named) -> tabular verdict -> kernel listing passes ->
// GetKernel -> output files -> competition data. All state lives in the corpus (crawl_runs,
// crawl_cursors, crawl_items), written with what it produced, so a crawl killed at any moment is
// resumed by the next run without duplicates or losses. A run after a finished crawl starts a new
// generation from page 1 and skips kernels whose version did not change.
import type { Corpus } from '../corpus/corpus.js';
import { competitionIsTabular, finishCrawlRun, getCursor, interruptStaleRuns, latestCrawlRun, resetCursors, saveCursor, startCrawlRun } from '../corpus/crawl.js';
import { pendingItems, requeueFailed, type CrawlItemRow } from '../corpus/crawl-queue.js';
import { HookmineError, PersistentRateLimitError } from '../src/errors.js';
import { silentLogger, type Logger } from '../src/log.js';
import type { Progress } from '../src/progress.js';
import { redact } from '../src/secrets.js';
import { decideTabular, getCompetition, listCompetitions, type CompetitionInfo } from './competitions.js';
import { emptySummary, recordItemFailure, type CrawlContext, type CrawlOptions, type CrawlStatus, type CrawlSummary } from './crawl-context.js';
import { fetchData } from './fetch-data.js';
import { fetchKernel, storeKernels } from './fetch-kernel.js';
import { fetchOutputs, storeOutputs } from './fetch-outputs.js';
import type { KaggleClient } from './kaggle-client.js';
import { KERNEL_PASSES } from './kaggle-types.js';
import { listPass } from './kernels.js';

export interface CrawlInput {
  corpus: Corpus;
  client: KaggleClient;
  options: CrawlOptions;
  runId: string;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
}

/** The options that shape what a generation lists; a run resumes an interrupted one only if they match. */
export function listingKey(options: CrawlOptions): string {
  return JSON.stringify({
    competitions: [...(options.competitions ?? [])].sort(),
    search: options.search ?? null,
    minMedal: options.minMedal,
    maxCompetitions: options.maxCompetitions ?? null,
    maxKernels: options.maxKernels ?? null,
    data: options.data,
    outputs: options.outputs,
    pageSize: options.pageSize,
    maxPages: options.maxPages,
    allow: [...options.allow].sort(),
    deny: [...options.deny].sort(),
  });
}

const FINISHED = new Set(['ok', 'partial']);

async function chooseGeneration(corpus: Corpus, options: CrawlOptions, runId: string): Promise<{ generation: string; resumed: boolean }> {
  await interruptStaleRuns(corpus);
  const previous = await latestCrawlRun(corpus);
  if (previous && !FINISHED.has(previous.status)) {
    let key: unknown;
    try {
      key = (JSON.parse(previous.options ?? '{}') as { listing_key?: unknown }).listing_key;
    } catch {
      key = undefined;
    }
    if (key === listingKey(options)) return { generation: previous.generation ?? previous.run_id, resumed: true };
  }
  await resetCursors(corpus);
  await requeueFailed(corpus, 'output');
  return { generation: runId, resumed: false };
}

/** Items fetched one by one and written to the corpus in batches (few transactions per notebook). */
const BATCH = 25;

async function inBatches<T>(
  ctx: CrawlContext,
  items: readonly CrawlItemRow[],
  fetch: (ctx: CrawlContext, item: CrawlItemRow) => Promise<T | null>,
  store: (ctx: CrawlContext, batch: T[]) => Promise<void>,
): Promise<void> {
  let batch: T[] = [];
  try {
    for (const item of items) {
      ctx.signal?.throwIfAborted();
      const fetched = await fetch(ctx, item);
      if (fetched !== null) batch.push(fetched);
      if (batch.length >= BATCH) {
        await store(ctx, batch);
        batch = [];
      }
    }
  } finally {
    // What was fetched before a pause or an interruption is kept.
    if (batch.length > 0) await store(ctx, batch);
  }
}

async function markComplete(ctx: CrawlContext, slug: string): Promise<void> {
  await saveCursor(ctx.corpus, { competition: slug, pass: 'complete', next_page: 0, page_token: null, done: true, items_seen: 0 }, ctx.runId);
}

/** One competition end to end; resolves to whether it counted as a crawled tabular competition. */
async function crawlCompetition(ctx: CrawlContext, info: CompetitionInfo): Promise<boolean> {
  const slug = info.slug;
  const s = ctx.summary;
  if ((await getCursor(ctx.corpus, slug, 'complete'))?.done) {
    s.competitions.already_done += 1;
    return (await competitionIsTabular(ctx.corpus, slug)) === true;
  }
  let verdict;
  try {
    verdict = await decideTabular(ctx, info);
  } catch (error) {
    s.competitions.failed += 1;
    await recordItemFailure(ctx, { key: `competition:${slug}`, kind: 'competition', competition: slug, exists: false }, error);
    await markComplete(ctx, slug);
    return false;
  }
  ctx.logger.info(`${slug}: ${verdict.tabular ? '' : 'not tabular: '}${verdict.reason}`, { competition: slug, tabular: verdict.tabular });
  if (!verdict.tabular) {
    s.competitions.not_tabular += 1;
    await markComplete(ctx, slug);
    return false;
  }
  s.competitions.tabular += 1;
  let listed = true;
  const unchanged = new Set<string>();
  try {
    for (const pass of KERNEL_PASSES) await listPass(ctx, slug, pass, unchanged);
  } catch (error) {
    // What was queued before the failure is still fetched; the next run of this generation lists again.
    listed = false;
    s.competitions.failed += 1;
    await recordItemFailure(ctx, { key: `competition:${slug}`, kind: 'competition', competition: slug, exists: false }, error);
  }
  s.notebooks.unchanged += unchanged.size;
  const kernels = await pendingItems(ctx.corpus, { kind: 'kernel', competition: slug, generation: ctx.generation, top: ctx.options.maxKernels });
  await inBatches(ctx, kernels, fetchKernel, storeKernels);
  if (ctx.options.outputs) await inBatches(ctx, await pendingItems(ctx.corpus, { kind: 'output', competition: slug }), fetchOutputs, storeOutputs);
  await fetchData(ctx, slug);
  if (listed) await markComplete(ctx, slug);
  return true;
}

async function namedCompetitions(ctx: CrawlContext, slugs: readonly string[]): Promise<CompetitionInfo[]> {
  const out: CompetitionInfo[] = [];
  for (const slug of slugs) {
    ctx.signal?.throwIfAborted();
    if ((await getCursor(ctx.corpus, slug, 'complete'))?.done) {
      out.push({ slug, facts: { slug } });
      continue;
    }
    try {
      out.push(await getCompetition(ctx, slug));
    } catch (error) {
      ctx.summary.competitions.failed += 1;
      await recordItemFailure(ctx, { key: `competition:${slug}`, kind: 'competition', competition: slug, exists: false }, error);
    }
  }
  return out;
}

function statusFor(error: unknown, signal: AbortSignal | undefined): CrawlStatus {
  if (signal?.aborted || (error as { name?: string })?.name === 'AbortError') return 'interrupted';
  if (error instanceof PersistentRateLimitError) return 'paused';
  return 'failed';
}

export async function crawl(input: CrawlInput): Promise<CrawlSummary> {
  const { corpus, client, options, runId } = input;
  const started = Date.now();
  const { generation, resumed } = await chooseGeneration(corpus, options, runId);
  await startCrawlRun(corpus, {
    run_id: runId,
    generation,
    api_base: client.baseUrl,
    options: { ...options, listing_key: listingKey(options) },
  });
  const ctx: CrawlContext = {
    corpus,
    client,
    options,
    runId,
    generation,
    summary: emptySummary(runId, generation, client.baseUrl, resumed),
    logger: input.logger ?? silentLogger,
    progress: input.progress,
    signal: input.signal,
    dataFiles: new Map(),
    candidates: new Set(),
  };
  const s = ctx.summary;
  if (resumed) ctx.logger.info(`resuming the interrupted crawl ${generation}`);
  let unexpected: unknown;
  try {
    const competitions = options.competitions?.length ? await namedCompetitions(ctx, options.competitions) : await listCompetitions(ctx);
    s.competitions.listed = competitions.length;
    let crawled = 0;
    for (const info of competitions) {
      input.signal?.throwIfAborted();
      if (options.maxCompetitions !== undefined && crawled >= options.maxCompetitions) break;
      if (await crawlCompetition(ctx, info)) crawled += 1;
    }
    s.status = s.failures.length > 0 ? 'partial' : 'ok';
  } catch (error) {
    s.status = statusFor(error, input.signal);
    s.error = s.status === 'interrupted' ? 'interrupted by a signal; the next run resumes here' : redact((error as Error)?.message ?? String(error));
    if (!(error instanceof HookmineError) && s.status === 'failed') unexpected = error;
  } finally {
    s.notebooks.candidates = ctx.candidates.size;
    s.requests = client.stats;
    s.elapsed_ms = Date.now() - started;
    input.progress?.done();
    await finishCrawlRun(corpus, runId, s.status, s, s.error);
  }
  if (unexpected) throw unexpected;
  return s;
}
