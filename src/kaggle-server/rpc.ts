// The RPC methods the server answers, as Kaggle's API does: camelCase JSON, enum names in full,
// fields equal to their default left out, lists paged by number or token, downloads answered with a
// redirect to a signed URL. Pure functions of the served data and the request body.
import { BadPageRequest, page } from './paging.js';
import type { ServerCompetition, ServerData, ServerKernel } from './types.js';

export interface RpcSettings {
  /** answer listings with nextPageToken (true) or only by page number (false) */
  competitionTokens: boolean;
  kernelTokens: boolean;
  /** the server's cap on one competition's kernel listing (Kaggle's is about 1,000) */
  kernelListCap: number;
  /** list answers carry only ref, title, author, lastRunTime, totalVotes, as real ones often do */
  sparseKernelList: boolean;
  /** signs a path under /files/ into an absolute URL */
  sign(path: string): string;
}

export interface RpcAnswer {
  status: number;
  json?: unknown;
  /** an HTTP redirect (the download methods) */
  location?: string;
}

export const SERVICE_METHODS: Record<string, readonly string[]> = {
  'competitions.CompetitionApiService': ['ListCompetitions', 'GetCompetition', 'ListDataFiles', 'DownloadDataFiles', 'DownloadDataFile'],
  'kernels.KernelsApiService': ['ListKernels', 'GetKernel', 'ListKernelSessionOutput'],
};

const SORTS = new Set(['HOTNESS', 'COMMENT_COUNT', 'DATE_CREATED', 'DATE_RUN', 'RELEVANCE', 'SCORE_ASCENDING', 'SCORE_DESCENDING', 'VIEW_COUNT', 'VOTE_COUNT']);

export function rpcError(status: number, message: string, statusName: string): RpcAnswer {
  return { status, json: { error: { code: status, message, status: statusName } } };
}

const notFound = (what: string) => rpcError(404, `${what} not found`, 'NOT_FOUND');
const badRequest = (message: string) => rpcError(400, message, 'INVALID_ARGUMENT');

/** Fields equal to their default (0, false, '', []) are left out, as proto3 JSON does. */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

function findCompetition(data: ServerData, slug: unknown): ServerCompetition | undefined {
  return typeof slug === 'string' ? data.competitions.find((c) => c.slug === slug.toLowerCase()) : undefined;
}

function findKernel(data: ServerData, userName: unknown, kernelSlug: unknown): ServerKernel | undefined {
  if (typeof userName !== 'string' || typeof kernelSlug !== 'string') return undefined;
  const ref = `${userName}/${kernelSlug}`.toLowerCase();
  return data.kernels.find((k) => k.ref.toLowerCase() === ref);
}

export function apiCompetition(data: ServerData, c: ServerCompetition) {
  return compact({
    id: c.id,
    ref: c.refAsUrl ? `https://www.kaggle.com/competitions/${c.slug}` : c.slug,
    title: c.title ?? c.slug,
    url: `https://www.kaggle.com/competitions/${c.slug}`,
    category: c.category,
    tags: c.tags?.map((name) => ({ ref: name.toLowerCase().replace(/\s+/g, '-'), name })),
    evaluationMetric: c.evaluationMetric,
    deadline: c.deadline,
    enabledDate: c.enabledDate,
    teamCount: c.teamCount,
    kernelCount: data.kernels.filter((k) => k.competition === c.slug).length,
    awardsPoints: c.awardsPoints,
    isKernelsSubmissionsOnly: c.isKernelsSubmissionsOnly,
  });
}

export function kernelMetadata(k: ServerKernel) {
  const [owner, slug] = k.ref.split('/');
  return compact({
    id: k.id,
    ref: k.ref,
    title: k.title ?? slug,
    author: k.author ?? owner,
    slug,
    lastRunTime: k.lastRunTime,
    language: k.language ?? 'python',
    kernelType: k.kernelType ?? 'notebook',
    competitionDataSources: [`competitions/${k.competition}`],
    totalVotes: k.totalVotes,
    currentVersionNumber: k.currentVersionNumber,
    dockerImage: k.dockerImage,
    machineShape: 'NONE',
  });
}

function sortKernels(kernels: ServerKernel[], sortBy: string): ServerKernel[] {
  const byRef = (a: ServerKernel, b: ServerKernel) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
  const score = (k: ServerKernel) => k.score ?? -Infinity;
  const sorted = [...kernels];
  if (sortBy === 'SCORE_DESCENDING') sorted.sort((a, b) => score(b) - score(a) || byRef(a, b));
  else if (sortBy === 'SCORE_ASCENDING') sorted.sort((a, b) => (a.score ?? Infinity) - (b.score ?? Infinity) || byRef(a, b));
  else if (sortBy === 'DATE_RUN') sorted.sort((a, b) => (b.lastRunTime ?? '').localeCompare(a.lastRunTime ?? '') || byRef(a, b));
  else sorted.sort((a, b) => b.totalVotes - a.totalVotes || byRef(a, b));
  return sorted;
}

export function handleRpc(call: string, body: Record<string, unknown>, data: ServerData, s: RpcSettings): RpcAnswer {
  try {
    switch (call) {
      case 'ListCompetitions': {
        const search = typeof body.search === 'string' ? body.search.toLowerCase() : '';
        const category = typeof body.category === 'string' && body.category !== 'HOST_SEGMENT_UNSPECIFIED' ? body.category : '';
        if (category && !category.startsWith('HOST_SEGMENT_')) return badRequest(`Unrecognized HostSegment enum value: ${category}`);
        const all = data.competitions.filter(
          (c) => (!search || c.slug.includes(search) || (c.title ?? '').toLowerCase().includes(search)) && (!category || c.category === category),
        );
        const p = page(all, body, { defaultSize: 20, maxSize: 100, tokens: s.competitionTokens });
        return { status: 200, json: compact({ competitions: p.items.map((c) => apiCompetition(data, c)), nextPageToken: p.nextPageToken }) };
      }
      case 'GetCompetition': {
        const c = findCompetition(data, body.competitionName);
        return c ? { status: 200, json: apiCompetition(data, c) } : notFound(`competition ${String(body.competitionName)}`);
      }
      case 'ListDataFiles': {
        const c = findCompetition(data, body.competitionName);
        if (!c) return notFound(`competition ${String(body.competitionName)}`);
        const p = page(c.files, body, { defaultSize: 20, maxSize: 200, tokens: true });
        return {
          status: 200,
          json: compact({ files: p.items.map((f) => ({ ref: f.name, name: f.name, totalBytes: f.content.length, creationDate: '2024-01-01T00:00:00Z' })), nextPageToken: p.nextPageToken }),
        };
      }
      case 'DownloadDataFiles': {
        const c = findCompetition(data, body.competitionName);
        return c ? { status: 302, location: s.sign(`data/${c.slug}.zip`) } : notFound(`competition ${String(body.competitionName)}`);
      }
      case 'DownloadDataFile': {
        const c = findCompetition(data, body.competitionName);
        const f = c?.files.find((x) => x.name === body.fileName);
        return c && f ? { status: 302, location: s.sign(`data/${c.slug}/${f.name}`) } : notFound(`file ${String(body.fileName)}`);
      }
      case 'ListKernels': {
        const sortBy = typeof body.sortBy === 'string' ? body.sortBy : 'HOTNESS';
        if (!SORTS.has(sortBy)) return badRequest(`Unrecognized KernelsListSortType enum value: ${sortBy}`);
        const language = typeof body.language === 'string' ? body.language.toLowerCase() : 'all';
        const kernelType = typeof body.kernelType === 'string' ? body.kernelType.toLowerCase() : 'all';
        const search = typeof body.search === 'string' ? body.search.toLowerCase() : '';
        const all = sortKernels(
          data.kernels.filter(
            (k) =>
              (typeof body.competition !== 'string' || !body.competition || k.competition === body.competition) &&
              (language === 'all' || (k.language ?? 'python') === language) &&
              (kernelType === 'all' || (k.kernelType ?? 'notebook') === kernelType) &&
              (!search || (k.title ?? k.ref).toLowerCase().includes(search)),
          ),
          sortBy,
        );
        const p = page(all, body, { defaultSize: 20, maxSize: 100, tokens: s.kernelTokens, cap: s.kernelListCap });
        const meta = (k: ServerKernel) =>
          s.sparseKernelList ? compact({ ref: k.ref, title: k.title ?? k.ref.split('/')[1], author: k.author ?? k.ref.split('/')[0], lastRunTime: k.lastRunTime, totalVotes: k.totalVotes }) : kernelMetadata(k);
        return { status: 200, json: compact({ kernels: p.items.map(meta), nextPageToken: p.nextPageToken }) };
      }
      case 'GetKernel': {
        const k = findKernel(data, body.userName, body.kernelSlug);
        if (!k) return notFound(`kernel ${String(body.userName)}/${String(body.kernelSlug)}`);
        const metadata = kernelMetadata(k);
        return { status: 200, json: { metadata, blob: compact({ source: k.source, language: metadata.language, kernelType: metadata.kernelType, slug: metadata.slug }) } };
      }
      case 'ListKernelSessionOutput': {
        const k = findKernel(data, body.userName, body.kernelSlug);
        if (!k) return notFound(`kernel ${String(body.userName)}/${String(body.kernelSlug)}`);
        const p = page(k.outputs ?? [], body, { defaultSize: 20, maxSize: 200, tokens: true });
        return {
          status: 200,
          json: compact({ files: p.items.map((f) => ({ url: s.sign(`output/${k.ref}/${f.name}`), fileName: f.name })), log: k.log, nextPageToken: p.nextPageToken }),
        };
      }
      default:
        return notFound(`method ${call}`);
    }
  } catch (error) {
    if (error instanceof BadPageRequest) return badRequest(error.message);
    throw error;
  }
}
