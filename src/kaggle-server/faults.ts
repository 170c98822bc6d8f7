// Fault injection: rules that match requests (by RPC method, competition, kernel) and answer them
// with a failure instead of the real response, a bounded number of times. Rules are checked in
// order; the first one that matches and still has uses left wins.

export type FaultKind =
  /** 429 with a Retry-After header (default "0": too short on purpose) */
  | 'rate-limit'
  /** 500 (or `status`) with a JSON error body */
  | 'server-error'
  /** answer after `delayMs` (longer than the client's timeout) */
  | 'slow'
  /** 200 with the JSON cut in the middle */
  | 'truncated-json'
  /** 200 with an HTML page */
  | 'html'
  /** 403 with Kaggle's "accept the rules" body */
  | 'forbidden'
  /** 404 */
  | 'not-found'
  /** 401 */
  | 'unauthorized'
  /** file downloads: send half the bytes, then drop the connection */
  | 'cut-download'
  /** file downloads: send half the bytes, then hang until the client gives up or is killed */
  | 'stall-download';

export interface FaultRule {
  kind: FaultKind;
  /** RPC method (GetKernel, ListKernels, ...), `download` for signed file URLs; any when absent */
  method?: string;
  /** only requests about this competition slug */
  competition?: string;
  /** only requests about this kernel ref (owner/slug) */
  kernel?: string;
  /** downloads only: the served file's path ends with this (`tabular-playground.zip`) */
  file?: string;
  /** how many matching requests it answers (default: all of them) */
  times?: number;
  /** let this many matching requests through first */
  after?: number;
  retryAfter?: string;
  delayMs?: number;
  status?: number;
  /**
   * cut-download: drop the connection when this resolves (a test waits there for the client's
   * `.part` file to hold the half), not after a short fixed delay. A reset discards what the client
   * has not read yet, so on a busy machine a fixed delay can leave the client nothing to resume from.
   */
  cutWhen?: () => Promise<unknown>;
}

export interface FaultTarget {
  call: string;
  competition?: string;
  kernel?: string;
  file?: string;
}

export class FaultPlan {
  private readonly seen = new Map<FaultRule, number>();

  constructor(public rules: FaultRule[] = []) {}

  add(...rules: FaultRule[]): void {
    this.rules.push(...rules);
  }

  clear(): void {
    this.rules = [];
    this.seen.clear();
  }

  /** The fault for this request, if a rule takes it (counting the request against that rule). */
  take(target: FaultTarget): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== target.call) continue;
      if (rule.competition && rule.competition !== target.competition) continue;
      if (rule.kernel && rule.kernel.toLowerCase() !== target.kernel?.toLowerCase()) continue;
      if (rule.file && !target.file?.endsWith(rule.file)) continue;
      const n = (this.seen.get(rule) ?? 0) + 1;
      this.seen.set(rule, n);
      const after = rule.after ?? 0;
      if (n <= after) continue;
      if (rule.times !== undefined && n > after + rule.times) continue;
      return rule;
    }
    return undefined;
  }
}
