// Competitions: every page of ListCompetitions (by page token when the server gives one, else by
// page number until a page is empty or brings nothing new), their facts in the corpus, and the
// tabular verdict, which asks ListDataFiles only when host segment, metric and tags leave it open.
import { competitionDataFiles, saveCursor, setCompetitionVerdict, upsertCompetitionFacts, type CompetitionFactsRow } from '../corpus/crawl.js';
import type { CrawlContext } from './crawl-context.js';
import type { ApiCompetition } from './kaggle-types.js';
import { competitionSlug } from './kaggle-types.js';
import { tabularVerdict, type TabularVerdict } from './tabular.js';

export interface CompetitionInfo {
  slug: string;
  facts: CompetitionFactsRow;
}

export function competitionFacts(c: ApiCompetition): CompetitionInfo | null {
  const ref = c.ref ?? c.url;
  if (!ref) return null;
  const slug = competitionSlug(ref);
  const tags = (c.tags ?? []).map((t) => t.name ?? t.ref ?? '').filter((t) => t !== '');
  const date = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : null);
  return {
    slug,
    facts: {
      slug,
      kaggle_id: c.id ?? null,
      title: c.title ?? null,
      url: c.url ?? `https://www.kaggle.com/competitions/${slug}`,
      host_segment: c.category ?? null,
      tags,
      evaluation_metric: c.evaluationMetric ?? null,
      deadline: date(c.deadline),
      enabled_date: date(c.enabledDate),
      team_count: c.teamCount ?? null,
      kernel_count: c.kernelCount ?? null,
      awards_points: c.awardsPoints ?? null,
      kernels_submissions_only: c.isKernelsSubmissionsOnly ?? null,
    },
  };
}

/** All competitions the listing gives, in order, deduplicated; their facts are stored page by page. */
export async function listCompetitions(ctx: CrawlContext): Promise<CompetitionInfo[]> {
  const { client, options } = ctx;
  const found = new Map<string, CompetitionInfo>();
  let page = 1;
  let token: string | undefined;
  // Kaggle lists a few thousand competitions, 20 a page: 1,000 pages is a bound, not a cap.
  for (let n = 0; n < 1000; n++) {
    ctx.signal?.throwIfAborted();
    ctx.progress?.status(`listing competitions, page ${page}`);
    const response = await client.listCompetitions({ search: options.search, pageSize: 20, ...(token ? { pageToken: token } : { page }) });
    const infos = (response.competitions ?? []).map(competitionFacts).filter((c): c is CompetitionInfo => c !== null);
    const fresh = infos.filter((c) => !found.has(c.slug));
    for (const c of fresh) found.set(c.slug, c);
    await upsertCompetitionFacts(ctx.corpus, fresh.map((c) => c.facts));
    const usedToken = token !== undefined;
    token = response.nextPageToken || undefined;
    page += 1;
    // A server that ignores the page number would repeat page 1 forever: a page with nothing new ends it.
    const done = infos.length === 0 || fresh.length === 0 || (usedToken && !token);
    await saveCursor(ctx.corpus, { competition: '*', pass: 'competitions', next_page: page, page_token: token ?? null, done, items_seen: found.size }, ctx.runId);
    if (done) break;
  }
  return [...found.values()];
}

/** The competitions named with --competition, by GetCompetition. */
export async function getCompetition(ctx: CrawlContext, slug: string): Promise<CompetitionInfo> {
  const response = await ctx.client.getCompetition(slug);
  const info = competitionFacts({ ref: slug, ...response }) ?? { slug, facts: { slug } };
  info.slug = slug;
  info.facts.slug = slug;
  await upsertCompetitionFacts(ctx.corpus, [info.facts]);
  return info;
}

/** Every page of ListDataFiles; remembered for the data download later in the run. */
export async function listDataFiles(ctx: CrawlContext, slug: string): Promise<{ name: string; totalBytes: number | null }[]> {
  const cached = ctx.dataFiles.get(slug);
  if (cached) return cached;
  const files: { name: string; totalBytes: number | null }[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; n < 100; n++) {
    const response = await ctx.client.listDataFiles(slug, token);
    for (const f of response.files ?? []) {
      const name = f.name ?? f.ref;
      if (!name || seen.has(name)) continue;
      seen.add(name);
      files.push({ name, totalBytes: typeof f.totalBytes === 'number' ? f.totalBytes : null });
    }
    token = response.nextPageToken || undefined;
    if (!token) break;
  }
  ctx.dataFiles.set(slug, files);
  return files;
}

/** Decide whether a competition is tabular, fetching its data file list only when needed; stored. */
export async function decideTabular(ctx: CrawlContext, info: CompetitionInfo): Promise<TabularVerdict & { tabular: boolean }> {
  const facts = {
    slug: info.slug,
    hostSegment: info.facts.host_segment,
    tags: info.facts.tags ?? [],
    evaluationMetric: info.facts.evaluation_metric,
  };
  const lists = { allow: [...ctx.options.allow, ...(ctx.options.competitions ?? [])], deny: ctx.options.deny };
  const first = tabularVerdict(facts, lists);
  if (first.tabular !== null) {
    await setCompetitionVerdict(ctx.corpus, info.slug, { tabular: first.tabular, reason: first.reason });
    return { tabular: first.tabular, reason: first.reason };
  }
  let files = ctx.options.refreshCompetitions ? null : await competitionDataFiles(ctx.corpus, info.slug);
  if (files && !ctx.dataFiles.has(info.slug)) ctx.dataFiles.set(info.slug, files);
  if (!files) files = await listDataFiles(ctx, info.slug);
  const verdict = tabularVerdict({ ...facts, files }, lists);
  const decided = { tabular: verdict.tabular === true, reason: verdict.reason };
  await setCompetitionVerdict(ctx.corpus, info.slug, decided, files);
  return decided;
}
