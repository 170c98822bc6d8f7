// A stored kernel's output files, Kaggle's recorded final output: ListKernelSessionOutput (every
// page), then each signed URL downloaded without the auth header to
// <kernel-output-root>/<notebook_id>/<file name>, recorded with size and sha256 in
// kaggle_output_files. The execute stage compares its runs against these files.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { completeOutputItems, type CrawlItemRow, type StoredFile } from '../corpus/crawl-queue.js';
import { recordItemFailure, type CrawlContext } from './crawl-context.js';
import { KaggleItemError } from './http-errors.js';
import { splitKernelRef, type ApiKernelSessionOutputFile } from './kaggle-types.js';
import { safeJoin } from './zip-extract.js';

/** Remove files of an older listing that this one no longer has (and leftover .part files). */
function removeStale(dir: string, keep: Set<string>): void {
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!keep.has(full)) rmSync(full, { force: true });
    }
  };
  walk(dir);
}

/** One kernel's downloaded output files, waiting to be recorded with the others of its batch. */
export interface FetchedOutputs {
  key: string;
  notebookId: string;
  files: StoredFile[];
}

export async function storeOutputs(ctx: CrawlContext, batch: readonly FetchedOutputs[]): Promise<void> {
  await completeOutputItems(ctx.corpus, ctx.runId, batch);
  for (const b of batch) {
    ctx.summary.outputs.notebooks += 1;
    ctx.summary.outputs.files += b.files.length;
  }
}

/** List and download one kernel's output files; null when that failed (the failure is recorded). */
export async function fetchOutputs(ctx: CrawlContext, item: CrawlItemRow): Promise<FetchedOutputs | null> {
  const payload = JSON.parse(item.payload ?? '{}') as { ref: string; notebook_id: string };
  try {
    const { userName, kernelSlug } = splitKernelRef(payload.ref);
    ctx.progress?.status(`${item.competition}: outputs of ${payload.ref}`);
    const listed: ApiKernelSessionOutputFile[] = [];
    let token: string | undefined;
    for (let n = 0; n < 100; n++) {
      const page = await ctx.client.listKernelSessionOutput(userName, kernelSlug, token);
      listed.push(...(page.files ?? []));
      token = page.nextPageToken || undefined;
      if (!token) break;
    }
    const dir = join(resolve(ctx.options.kernelOutputRoot), payload.notebook_id);
    const stored: StoredFile[] = [];
    const names = new Set<string>();
    for (const file of listed) {
      if (!file.url || !file.fileName || names.has(file.fileName)) continue;
      names.add(file.fileName);
      let dest: string;
      try {
        dest = safeJoin(dir, file.fileName);
      } catch (error) {
        ctx.summary.outputs.skipped += 1;
        ctx.logger.warn(`${payload.ref}: output file skipped: ${(error as Error).message}`);
        continue;
      }
      try {
        const result = await ctx.client.download(file.url, dest, `output ${payload.ref}/${file.fileName}`, ctx.options.maxOutputBytes);
        stored.push({ file_name: relative(dir, dest), size_bytes: result.bytes, sha256: result.sha256, local_path: dest });
        ctx.summary.outputs.bytes += result.bytes;
      } catch (error) {
        if (!(error instanceof KaggleItemError && error.reason === 'too_large')) throw error;
        ctx.summary.outputs.skipped += 1;
        ctx.logger.warn(`${payload.ref}: ${error.message}; skipped (HOOKMINE_CRAWL_MAX_OUTPUT_BYTES)`);
      }
    }
    removeStale(dir, new Set(stored.map((s) => s.local_path)));
    return { key: item.item_key, notebookId: payload.notebook_id, files: stored };
  } catch (error) {
    ctx.summary.outputs.failed += 1;
    await recordItemFailure(ctx, { key: item.item_key, kind: 'output', competition: item.competition, exists: true }, error);
    return null;
  }
}
