// The kernel listing passes of one competition: ListKernels sorted by VOTE_COUNT, then by
// SCORE_DESCENDING (Python only, pages of at most 100, up to the server's cap). Medal-tier kernels
// become queue items page by page, together with the cursor, so a killed crawl resumes at the page
// it was on. The VOTE_COUNT pass stops at the first kernel below the --min-medal vote threshold:
// fewer votes than that can never mean that medal, whatever Meta Kaggle says.
import { getCursor, saveCursor, type CursorRow } from '../corpus/crawl.js';
import { saveListingPage, type ListedKernel } from '../corpus/crawl-queue.js';
import { metaKaggleKernelsByRef } from '../corpus/meta-kaggle.js';
import type { CrawlContext } from './crawl-context.js';
import type { ApiKernelMetadata, KernelSortPass } from './kaggle-types.js';
import { kernelMedal, MEDAL_VOTES, meetsMinMedal } from './medal.js';

export function kernelItemKey(competition: string, ref: string): string {
  return `kernel:${competition}:${ref.toLowerCase()}`;
}

export function outputItemKey(competition: string, ref: string): string {
  return `output:${competition}:${ref.toLowerCase()}`;
}

/** What identifies a kernel's version in a listing: its version number, else its last run time. */
export function versionKey(k: ApiKernelMetadata): string {
  if (typeof k.currentVersionNumber === 'number' && k.currentVersionNumber > 0) return `v${k.currentVersionNumber}`;
  if (k.lastRunTime) return `t${k.lastRunTime}`;
  return 'unknown';
}

/** Run one listing pass to its end (or resume it); returns how many medal-tier kernels it saw. */
export async function listPass(ctx: CrawlContext, competition: string, pass: KernelSortPass, unchanged: Set<string>): Promise<number> {
  const { options } = ctx;
  const threshold = MEDAL_VOTES[options.minMedal];
  const cursor: CursorRow = (await getCursor(ctx.corpus, competition, pass)) ?? {
    competition,
    pass,
    next_page: 1,
    page_token: null,
    done: false,
    items_seen: 0,
  };
  if (cursor.done) return cursor.items_seen;
  if (pass === 'SCORE_DESCENDING' && options.maxKernels !== undefined) {
    // The VOTE_COUNT pass already found the --max-kernels most-voted: later finds cannot rank above them.
    const votes = await getCursor(ctx.corpus, competition, 'VOTE_COUNT');
    if (votes && votes.items_seen >= options.maxKernels) {
      await saveCursor(ctx.corpus, { ...cursor, done: true }, ctx.runId);
      return 0;
    }
  }
  const seen = new Set<string>();
  while (!cursor.done) {
    ctx.signal?.throwIfAborted();
    ctx.progress?.status(`${competition}: listing ${pass} page ${cursor.next_page}`);
    const usedToken = cursor.page_token !== null;
    const response = await ctx.client.listKernels({
      competition,
      sortBy: pass,
      pageSize: options.pageSize,
      ...(usedToken ? { pageToken: cursor.page_token as string } : { page: cursor.next_page }),
    });
    const kernels = (response.kernels ?? []).filter((k) => typeof k.ref === 'string' && k.ref.includes('/'));
    const meta = await metaKaggleKernelsByRef(
      ctx.corpus,
      kernels.map((k) => k.ref as string),
    );
    let stop = false;
    let fresh = 0;
    const listed: ListedKernel[] = [];
    for (const k of kernels) {
      const ref = (k.ref as string).toLowerCase();
      if (!seen.has(ref)) fresh += 1;
      seen.add(ref);
      if (pass === 'VOTE_COUNT' && typeof k.totalVotes === 'number' && k.totalVotes < threshold) {
        stop = true;
        break;
      }
      const medal = kernelMedal(k.totalVotes, meta.get(ref));
      if (!meetsMinMedal(medal.medal, options.minMedal)) continue;
      if (pass === 'VOTE_COUNT' && options.maxKernels !== undefined && cursor.items_seen + listed.length >= options.maxKernels) {
        stop = true;
        break;
      }
      listed.push({
        item_key: kernelItemKey(competition, ref),
        version_key: versionKey(k),
        payload: { ...k, medal: medal.medal, medalSource: medal.source, medalAwardDate: medal.awardDate ?? null, foundBy: pass },
      });
    }
    const nextToken = response.nextPageToken || null;
    cursor.items_seen += listed.length;
    cursor.next_page += 1;
    cursor.page_token = nextToken;
    cursor.done =
      stop ||
      kernels.length === 0 ||
      fresh === 0 ||
      (usedToken && nextToken === null) ||
      cursor.next_page > options.maxPages;
    const same = await saveListingPage(ctx.corpus, { competition, kernels: listed, cursor: { ...cursor }, runId: ctx.runId });
    for (const key of same) unchanged.add(key);
    for (const k of listed) ctx.candidates.add(k.item_key);
  }
  return cursor.items_seen;
}
