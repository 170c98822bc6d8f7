// One queued kernel: GetKernel for its source (`blob.source`, stored verbatim) and metadata, parsed
// like ingest parses a file, stored as a notebook row with its Kaggle fields, and its output files
// queued, in that order. The notebook id hashes (competition, ref, source): fetching the same source
// again adds nothing, a new version of the kernel is a new row and the old one stays.
import { recordIngestFailures, insertNotebooks } from '../corpus/notebooks.js';
import { completeKernelItems, type CrawlItemRow, type QueuedOutput } from '../corpus/crawl-queue.js';
import type { CellRow, NotebookRow } from '../corpus/notebooks.js';
import { parseNotebookFile } from '../extractors/notebook.js';
import { InvalidNotebookError } from '../src/errors.js';
import { notebookId, notebookRows, sha256Hex } from '../src/ingest/ingest.js';
import { recordItemFailure, type CrawlContext } from './crawl-context.js';
import { KaggleItemError } from './http-errors.js';
import type { ApiKernelBlob, ApiKernelMetadata } from './kaggle-types.js';
import { SERVICES, splitKernelRef } from './kaggle-types.js';
import { outputItemKey } from './kernels.js';
import { medalFromVotes } from './medal.js';

/** What the listing stored with the item: the API's metadata plus the medal verdict. */
export interface ListedPayload extends ApiKernelMetadata {
  medal?: string | null;
  medalSource?: 'meta-kaggle' | 'votes-proxy';
  medalAwardDate?: string | null;
  foundBy?: string;
}

/** The file name the official client would write: the extension follows kernelType and language. */
export function kernelFileName(slug: string, blob: ApiKernelBlob | undefined, meta: ApiKernelMetadata, source: string): string {
  const type = (blob?.kernelType ?? meta.kernelType ?? '').toLowerCase();
  const language = (blob?.language ?? meta.language ?? '').toLowerCase();
  if (language === 'r') return `${slug}${type === 'notebook' ? '.irnb' : type === 'rmarkdown' ? '.rmd' : '.r'}`;
  if (language === 'julia') return `${slug}${type === 'notebook' ? '.ijlnb' : '.jl'}`;
  if (language === 'sqlite' || language === 'sql') return `${slug}.sql`;
  if (type === 'notebook') return `${slug}.ipynb`;
  if (type === 'script') return `${slug}.py`;
  return `${slug}${source.trimStart().startsWith('{') ? '.ipynb' : '.py'}`;
}

function validDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Our own fields, added to the listing metadata, are not Kaggle's. */
function kaggleOnly(payload: ListedPayload): ApiKernelMetadata {
  const { medal: _m, medalSource: _s, medalAwardDate: _d, foundBy: _f, ...rest } = payload;
  return rest;
}

/** A kernel fetched and parsed, waiting to be stored with the others of its batch. */
export interface FetchedKernel {
  key: string;
  ref: string;
  rows: { row: NotebookRow; cells: CellRow[] };
  output: QueuedOutput | null;
}

/**
 * Store a batch of fetched kernels: the notebooks (one transaction), then their items done and
 * outputs queued (another). A crawl killed between the two fetches the batch again and finds
 * the notebooks already stored, so nothing is duplicated; batching keeps corpus writes cheap.
 */
export async function storeKernels(ctx: CrawlContext, batch: readonly FetchedKernel[]): Promise<void> {
  if (batch.length === 0) return;
  const inserted = new Set(await insertNotebooks(ctx.corpus, batch.map((b) => b.rows)));
  for (const b of batch) {
    const isNew = inserted.has(b.rows.row.notebook_id);
    if (isNew) ctx.summary.notebooks.new += 1;
    else ctx.summary.notebooks.same_source += 1;
    ctx.logger.info(`${b.rows.row.competition}: ${b.ref} ${isNew ? 'stored' : 'unchanged source'} as ${b.rows.row.notebook_id}`, { notebook_id: b.rows.row.notebook_id, ref: b.ref });
  }
  await completeKernelItems(
    ctx.corpus,
    ctx.runId,
    batch.map((b) => ({ key: b.key, output: b.output })),
  );
}

/** GetKernel for one queued kernel; null when it failed (the failure is recorded). */
export async function fetchKernel(ctx: CrawlContext, item: CrawlItemRow): Promise<FetchedKernel | null> {
  const competition = item.competition as string;
  const payload = JSON.parse(item.payload ?? '{}') as ListedPayload;
  const ref = payload.ref ?? item.item_key.split(':').slice(2).join(':');
  const failed = async (error: unknown) => {
    ctx.summary.notebooks.failed += 1;
    await recordItemFailure(ctx, { key: item.item_key, kind: 'kernel', competition, exists: true }, error);
  };
  try {
    const { userName, kernelSlug } = splitKernelRef(ref);
    ctx.progress?.status(`${competition}: GetKernel ${ref}`);
    const response = await ctx.client.getKernel(userName, kernelSlug);
    const source = response.blob?.source;
    if (typeof source !== 'string' || source === '') throw new KaggleItemError('invalid_notebook', `GetKernel ${ref}: the answer has no blob.source`);
    const meta: ApiKernelMetadata = response.metadata ?? kaggleOnly(payload);
    const sourceUrl = `${ctx.client.baseUrl}/v1/${SERVICES.kernels}/GetKernel?userName=${encodeURIComponent(userName)}&kernelSlug=${encodeURIComponent(kernelSlug)}`;
    const bytes = Buffer.from(source, 'utf8');
    const sha = sha256Hex(bytes);
    let parsed;
    try {
      parsed = parseNotebookFile(kernelFileName(kernelSlug, response.blob, meta, source), bytes);
    } catch (error) {
      if (!(error instanceof InvalidNotebookError)) throw error;
      // Recorded the way ingest records a bad file, so v_failure_reasons shows both.
      await recordIngestFailures(ctx.corpus, [
        { path: sourceUrl, sha256: sha, size_bytes: bytes.length, competition, reason: error.reason, message: error.detail, run_id: ctx.runId },
      ]);
      const reason = error.reason === 'unsupported_language' ? 'unsupported_language' : 'invalid_notebook';
      await failed(new KaggleItemError(reason, `${ref}: ${error.reason}: ${error.detail}`));
      return null;
    }
    const id = notebookId(competition, sha, ref.toLowerCase());
    const rows = notebookRows(parsed.notebook, {
      id,
      competition,
      text: parsed.text,
      sha256: sha,
      size: bytes.length,
      path: sourceUrl,
      title: meta.title ?? kernelSlug,
      runId: ctx.runId,
      origin: 'kaggle-api',
    });
    const votes = meta.totalVotes ?? payload.totalVotes ?? null;
    const fromMeta = payload.medalSource === 'meta-kaggle';
    Object.assign(rows.row, {
      title: meta.title ?? rows.row.title,
      kaggle_ref: meta.ref ?? ref,
      kaggle_id: meta.id ? meta.id : payload.id ? payload.id : null,
      kaggle_version: meta.currentVersionNumber ?? payload.currentVersionNumber ?? null,
      author: meta.author ?? payload.author ?? userName,
      total_votes: votes,
      medal: fromMeta ? (payload.medal ?? null) : medalFromVotes(votes),
      medal_source: fromMeta ? 'meta-kaggle' : 'votes-proxy',
      medal_award_date: fromMeta ? validDate(payload.medalAwardDate) : null,
      docker_image: meta.dockerImage ?? null,
      last_run_time: validDate(meta.lastRunTime ?? payload.lastRunTime),
      kaggle_metadata: meta,
      crawled_at: new Date(),
    });
    const output = ctx.options.outputs
      ? { item_key: outputItemKey(competition, ref), competition, version_key: `${id}@${item.version_key ?? ''}`, payload: { ref, notebook_id: id } }
      : null;
    ctx.progress?.tick(ref);
    return { key: item.item_key, ref, rows, output };
  } catch (error) {
    await failed(error);
    return null;
  }
}
