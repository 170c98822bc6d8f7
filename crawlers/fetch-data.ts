// A competition's data, for the execute stage, which mounts <data-root>/<slug>/ at
// /kaggle/input/<slug>/: fetched only for competitions that have notebooks, as one zip from
// DownloadDataFiles (the redirect's signed URL, streamed and resumed with Range), unpacked, each file
// checked against ListDataFiles' sizes, and recorded in competition_files. Cached: when every listed
// file is on disk with its listed size, nothing is downloaded.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setCompetitionDataFiles } from '../corpus/crawl.js';
import { competitionFiles, completeDataItem, getItem, notebookCount, putItem, type StoredFile } from '../corpus/crawl-queue.js';
import { listDataFiles } from './competitions.js';
import { recordItemFailure, type CrawlContext } from './crawl-context.js';
import { KaggleItemError } from './http-errors.js';
import { extractZip, readZipEntries, ZipError, type ExtractedFile } from './zip-extract.js';

type Listed = { name: string; totalBytes: number | null };

function findStored<T extends { file_name: string }>(files: readonly T[], name: string): T | undefined {
  return files.find((f) => f.file_name === name) ?? files.find((f) => basename(f.file_name) === basename(name));
}

/** Every listed file is on disk with the listed size. */
export function isCached(listed: readonly Listed[], stored: readonly StoredFile[]): boolean {
  if (listed.length === 0 || stored.length === 0) return false;
  return listed.every((f) => {
    const s = findStored(stored, f.name);
    if (!s || (f.totalBytes !== null && s.size_bytes !== f.totalBytes)) return false;
    try {
      return statSync(s.local_path).size === s.size_bytes;
    } catch {
      return false;
    }
  });
}

function checkSizes(slug: string, listed: readonly Listed[], extracted: readonly ExtractedFile[]): void {
  for (const f of listed) {
    const x = extracted.find((e) => e.name === f.name) ?? extracted.find((e) => basename(e.name) === basename(f.name));
    if (!x) throw new KaggleItemError('size_mismatch', `competition data ${slug}: ${f.name} is listed but not in the archive`);
    if (f.totalBytes !== null && x.bytes !== f.totalBytes) {
      throw new KaggleItemError('size_mismatch', `competition data ${slug}: ${f.name} has ${x.bytes} bytes, ListDataFiles says ${f.totalBytes}`);
    }
  }
}

function validZip(path: string): boolean {
  try {
    readZipEntries(path);
    return true;
  } catch {
    return false;
  }
}

export async function fetchData(ctx: CrawlContext, slug: string): Promise<void> {
  if (!ctx.options.data || (await notebookCount(ctx.corpus, slug)) === 0) return;
  const key = `data:${slug}`;
  let exists = (await getItem(ctx.corpus, key)) !== undefined;
  try {
    ctx.progress?.status(`${slug}: data files`);
    const fresh = !ctx.dataFiles.has(slug);
    const listed = await listDataFiles(ctx, slug);
    if (fresh) await setCompetitionDataFiles(ctx.corpus, slug, listed);
    const version = listed.map((f) => `${f.name}:${f.totalBytes ?? '?'}`).join('|');
    const total = listed.reduce((n, f) => n + (f.totalBytes ?? 0), 0);
    if (total > ctx.options.maxDataBytes) {
      await putItem(ctx.corpus, { item_key: key, kind: 'data', competition: slug, status: 'skipped', version_key: version, last_error: `too_large: ${total} bytes, over HOOKMINE_CRAWL_MAX_DATA_BYTES (${ctx.options.maxDataBytes})` }, ctx.runId);
      ctx.summary.data.skipped += 1;
      ctx.logger.warn(`${slug}: data skipped: ${total} bytes is over the limit of ${ctx.options.maxDataBytes} (--max-data-bytes)`);
      return;
    }
    if (listed.length === 0) {
      await putItem(ctx.corpus, { item_key: key, kind: 'data', competition: slug, status: 'skipped', version_key: version, last_error: 'no data files listed' }, ctx.runId);
      ctx.summary.data.skipped += 1;
      return;
    }
    if (isCached(listed, await competitionFiles(ctx.corpus, slug))) {
      const item = await getItem(ctx.corpus, key);
      if (item?.status !== 'done' || item.version_key !== version) await putItem(ctx.corpus, { item_key: key, kind: 'data', competition: slug, status: 'done', version_key: version }, ctx.runId);
      ctx.summary.data.cached += 1;
      return;
    }
    await putItem(ctx.corpus, { item_key: key, kind: 'data', competition: slug, status: 'pending', version_key: version }, ctx.runId);
    exists = true;
    const root = resolve(ctx.options.dataRoot);
    // Outside <data-root>/<slug>/, which the sandbox mounts as /kaggle/input/<slug>/.
    const zipPath = join(root, '.hookmine-downloads', `${slug}.zip`);
    mkdirSync(join(root, '.hookmine-downloads'), { recursive: true });
    // A complete archive left by a run killed while unpacking is used as it is.
    if (!(existsSync(zipPath) && validZip(zipPath))) {
      rmSync(zipPath, { force: true });
      const url = await ctx.client.dataDownloadUrl(slug);
      const download = await ctx.client.download(url, zipPath, `competition data ${slug}`, ctx.options.maxDataBytes);
      ctx.summary.data.bytes += download.bytes;
      ctx.summary.data.resumed_bytes += download.resumedFrom;
    }
    let extracted: ExtractedFile[];
    try {
      extracted = await extractZip(zipPath, join(root, slug), { signal: ctx.signal });
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      rmSync(zipPath, { force: true });
      throw new KaggleItemError('bad_archive', `competition data ${slug}: ${error.message}`);
    }
    checkSizes(slug, listed, extracted);
    await completeDataItem(
      ctx.corpus,
      key,
      ctx.runId,
      slug,
      extracted.map((f) => ({ file_name: f.name, size_bytes: f.bytes, sha256: f.sha256, local_path: f.path })),
    );
    rmSync(zipPath, { force: true });
    ctx.summary.data.downloaded += 1;
  } catch (error) {
    ctx.summary.data.failed += 1;
    await recordItemFailure(ctx, { key, kind: 'data', competition: slug, exists }, error);
  }
}
