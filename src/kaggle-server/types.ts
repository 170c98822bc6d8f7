// What the Kaggle-compatible server serves: competitions with their data files, and kernels with
// their metadata, source and output files. Built in memory by tests, or loaded from a folder
// (load-folder.ts) by the offline demo.

export interface ServerFile {
  /** path inside the competition's data or the kernel's output, with `/` separators */
  name: string;
  content: Buffer;
}

export interface ServerCompetition {
  slug: string;
  id?: number;
  title?: string;
  /** HostSegment enum name, e.g. HOST_SEGMENT_PLAYGROUND */
  category?: string;
  tags?: string[];
  evaluationMetric?: string;
  deadline?: string;
  enabledDate?: string;
  teamCount?: number;
  awardsPoints?: boolean;
  isKernelsSubmissionsOnly?: boolean;
  files: ServerFile[];
  /** answer `ref` as the full URL, as some real listings do */
  refAsUrl?: boolean;
}

export interface ServerKernel {
  /** owner/slug */
  ref: string;
  id?: number;
  title?: string;
  author?: string;
  /** the competition whose data it uses (ListKernels `competition` filter) */
  competition: string;
  /** python, r, julia, ... */
  language?: string;
  /** notebook or script */
  kernelType?: string;
  totalVotes: number;
  /** leaderboard score, for SCORE_DESCENDING */
  score?: number;
  currentVersionNumber?: number;
  lastRunTime?: string;
  dockerImage?: string;
  /** blob.source: the .ipynb JSON text or the script */
  source: string;
  outputs?: ServerFile[];
  log?: string;
}

export interface ServerData {
  competitions: ServerCompetition[];
  kernels: ServerKernel[];
}

/** One request as the server saw it, for tests and debugging. */
export interface RequestRecord {
  time: number;
  method: string;
  path: string;
  /** RPC method name (GetKernel), or `download` for a signed file URL */
  call: string;
  body?: Record<string, unknown>;
  status: number;
  /** the kind of Authorization header sent: bearer, basic or none */
  auth: 'bearer' | 'basic' | 'none' | 'other';
  range?: string;
  /** the fault injected, if any */
  fault?: string;
  userAgent?: string;
}
