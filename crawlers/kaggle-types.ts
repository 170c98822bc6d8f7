// The parts of Kaggle's RPC API the crawler uses, as they appear on the wire (camelCase JSON, enum
// names in full). Kaggle omits fields equal to their default, so every response field is optional.
// Source: kagglesdk 0.1.37 (competition_api_service.py, kernels_api_service.py), see
// docs/crawling.md and the reference in shared/reference/kaggle-api.md.

export const SERVICES = {
  competitions: 'competitions.CompetitionApiService',
  kernels: 'kernels.KernelsApiService',
} as const;

export interface ApiCategory {
  ref?: string;
  name?: string;
  fullPath?: string;
  description?: string;
}

export interface ApiCompetition {
  id?: number;
  /** the slug, or sometimes the full URL https://www.kaggle.com/competitions/<slug> */
  ref?: string;
  title?: string;
  url?: string;
  description?: string;
  organizationName?: string;
  category?: string;
  reward?: string;
  tags?: ApiCategory[];
  deadline?: string;
  kernelCount?: number;
  teamCount?: number;
  userHasEntered?: boolean;
  enabledDate?: string;
  maxDailySubmissions?: number;
  evaluationMetric?: string;
  awardsPoints?: boolean;
  isKernelsSubmissionsOnly?: boolean;
  submissionsDisabled?: boolean;
  hostName?: string;
  dateCreated?: string;
}

export interface ApiListCompetitionsResponse {
  competitions?: ApiCompetition[];
  nextPageToken?: string;
}

export interface ApiDataFile {
  ref?: string;
  name?: string;
  description?: string;
  totalBytes?: number;
  url?: string;
  creationDate?: string;
}

export interface ApiListDataFilesResponse {
  files?: ApiDataFile[];
  nextPageToken?: string;
}

export interface ApiKernelMetadata {
  id?: number;
  /** owner/slug */
  ref?: string;
  title?: string;
  author?: string;
  slug?: string;
  lastRunTime?: string;
  language?: string;
  kernelType?: string;
  isPrivate?: boolean;
  enableGpu?: boolean;
  enableTpu?: boolean;
  enableInternet?: boolean;
  categoryIds?: string[];
  datasetDataSources?: string[];
  kernelDataSources?: string[];
  competitionDataSources?: string[];
  modelDataSources?: string[];
  totalVotes?: number;
  currentVersionNumber?: number;
  dockerImage?: string;
  machineShape?: string;
}

export interface ApiListKernelsResponse {
  kernels?: ApiKernelMetadata[];
  nextPageToken?: string;
}

export interface ApiKernelBlob {
  source?: string;
  language?: string;
  kernelType?: string;
  slug?: string;
}

export interface ApiGetKernelResponse {
  metadata?: ApiKernelMetadata;
  blob?: ApiKernelBlob;
}

export interface ApiKernelSessionOutputFile {
  url?: string;
  fileName?: string;
}

export interface ApiListKernelSessionOutputResponse {
  files?: ApiKernelSessionOutputFile[];
  log?: string;
  nextPageToken?: string;
}

/** KernelsListSortType names used by the two listing passes. */
export type KernelSortPass = 'VOTE_COUNT' | 'SCORE_DESCENDING';
export const KERNEL_PASSES: readonly KernelSortPass[] = ['VOTE_COUNT', 'SCORE_DESCENDING'];

/** `https://www.kaggle.com/competitions/titanic` or `titanic` -> `titanic`. */
export function competitionSlug(ref: string): string {
  const trimmed = ref.trim().replace(/\/+$/, '');
  const m = /\/(?:competitions|c)\/([^/?#]+)/.exec(trimmed);
  return (m ? m[1] : trimmed.split('/').pop() ?? trimmed).toLowerCase();
}

/** `owner/slug` -> { userName, kernelSlug }; a `/code/owner/slug` URL is accepted too. */
export function splitKernelRef(ref: string): { userName: string; kernelSlug: string } {
  const path = ref.replace(/^https?:\/\/[^/]+/, '').replace(/^\/+|\/+$/g, '').replace(/^code\//, '');
  const [userName, kernelSlug] = path.split('/');
  if (!userName || !kernelSlug) throw new TypeError(`not a kernel ref (owner/slug): "${ref}"`);
  return { userName, kernelSlug };
}
