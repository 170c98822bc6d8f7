// The Kaggle API client: the current RPC protocol (`POST {base}/v1/{service}/{Method}`, camelCase
// JSON body, enum names in full), Bearer or Basic auth, a descriptive User-Agent, politeness (one
// request at a time per credential, a delay between requests) and retries by error class. An HTML
// page or cut JSON is an error, never data. Credentials go only into the Authorization header of
// RPC calls: never into signed-URL downloads, messages or logs.
import { setTimeout as sleep } from 'node:timers/promises';
import got, { RequestError } from 'got';
import { silentLogger, type Logger } from '../src/log.js';
import { downloadFile, type DownloadResult } from './download.js';
import { errorBodyMessage, errorForStatus, KaggleTransientError, parseRetryAfter } from './http-errors.js';
import type { KaggleCredentials } from './kaggle-auth.js';
import type {
  ApiCompetition,
  ApiGetKernelResponse,
  ApiListCompetitionsResponse,
  ApiListDataFilesResponse,
  ApiListKernelSessionOutputResponse,
  ApiListKernelsResponse,
} from './kaggle-types.js';
import { SERVICES } from './kaggle-types.js';
import { gateFor, type PolitenessGate } from './politeness.js';
import { DEFAULT_RETRY, RetryPolicy, type RetryOptions } from './retry-policy.js';

export interface KaggleClientOptions {
  baseUrl: string;
  credentials: KaggleCredentials;
  /** politeness delay between requests, ms */
  delayMs: number;
  /** per-request limit (RPC: whole request; downloads: time to first byte and idle time), ms */
  timeoutMs: number;
  retry?: Partial<RetryOptions>;
  userAgent: string;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface ClientStats {
  requests: number;
  byStatus: Record<string, number>;
  retries: number;
  rateLimited: number;
  backoffMs: number;
}

export class KaggleClient {
  readonly policy: RetryPolicy;
  private readonly gate: PolitenessGate;
  private readonly logger: Logger;
  private readonly base: string;
  private readonly counts = { requests: 0, byStatus: {} as Record<string, number> };

  constructor(private readonly options: KaggleClientOptions) {
    this.policy = new RetryPolicy({ ...DEFAULT_RETRY, ...options.retry });
    this.gate = gateFor(options.credentials.fingerprint, options.delayMs);
    this.logger = options.logger ?? silentLogger;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this.base;
  }

  get stats(): ClientStats {
    return { ...this.counts, byStatus: { ...this.counts.byStatus }, ...this.policy.stats };
  }

  /** One RPC call, retried by error class; resolves to the parsed JSON object. */
  rpc<T>(service: string, method: string, body: Record<string, unknown>, what = method): Promise<T> {
    return this.withRetry(what, async () => {
      const response = await this.post(service, method, body, what);
      return this.parseJson<T>(response, what);
    });
  }

  /**
   * A call answered with an HTTP redirect to a signed file URL (DownloadDataFiles, DownloadDataFile).
   * A JSON body with a `url` field is accepted too.
   */
  rpcRedirect(service: string, method: string, body: Record<string, unknown>, what = method): Promise<string> {
    return this.withRetry(what, async () => {
      const response = await this.post(service, method, body, what);
      if (response.status >= 300 && response.status < 400 && response.location) return new URL(response.location, this.base).toString();
      const parsed = this.parseJson<{ url?: unknown }>(response, what);
      if (typeof parsed.url === 'string' && parsed.url) return new URL(parsed.url, this.base).toString();
      throw new KaggleTransientError('invalid_json', `${what}: expected a redirect to the file, got HTTP ${response.status}`, response.status);
    });
  }

  /** Download a signed URL to `dest` (streamed, resumed, size-checked), without the auth header. */
  download(url: string, dest: string, what: string, maxBytes?: number): Promise<DownloadResult> {
    return this.withRetry(what, async () => {
      this.counts.requests += 1;
      try {
        const result = await downloadFile(url, dest, { what, userAgent: this.options.userAgent, timeoutMs: this.options.timeoutMs, maxBytes, signal: this.options.signal });
        this.count(result.resumedFrom > 0 ? 206 : 200);
        return result;
      } catch (error) {
        const status = (error as { httpStatus?: number }).httpStatus;
        this.count(status ?? 'error');
        throw error;
      }
    });
  }

  // ---- typed calls ----

  listCompetitions(body: { search?: string; page?: number; pageToken?: string; pageSize?: number }): Promise<ApiListCompetitionsResponse> {
    return this.rpc(SERVICES.competitions, 'ListCompetitions', { group: 'COMPETITION_LIST_TAB_EVERYTHING', ...body }, 'ListCompetitions');
  }

  getCompetition(slug: string): Promise<ApiCompetition> {
    return this.rpc(SERVICES.competitions, 'GetCompetition', { competitionName: slug }, `GetCompetition ${slug}`);
  }

  listDataFiles(slug: string, pageToken?: string): Promise<ApiListDataFilesResponse> {
    return this.rpc(SERVICES.competitions, 'ListDataFiles', { competitionName: slug, pageSize: 200, pageToken }, `ListDataFiles ${slug}`);
  }

  dataDownloadUrl(slug: string): Promise<string> {
    return this.rpcRedirect(SERVICES.competitions, 'DownloadDataFiles', { competitionName: slug }, `DownloadDataFiles ${slug}`);
  }

  listKernels(body: { competition: string; sortBy: string; page?: number; pageToken?: string; pageSize: number }): Promise<ApiListKernelsResponse> {
    return this.rpc(
      SERVICES.kernels,
      'ListKernels',
      { group: 'EVERYONE', language: 'python', kernelType: 'all', outputType: 'all', ...body },
      `ListKernels ${body.competition} ${body.sortBy}`,
    );
  }

  getKernel(userName: string, kernelSlug: string): Promise<ApiGetKernelResponse> {
    return this.rpc(SERVICES.kernels, 'GetKernel', { userName, kernelSlug }, `GetKernel ${userName}/${kernelSlug}`);
  }

  listKernelSessionOutput(userName: string, kernelSlug: string, pageToken?: string): Promise<ApiListKernelSessionOutputResponse> {
    return this.rpc(
      SERVICES.kernels,
      'ListKernelSessionOutput',
      { userName, kernelSlug, pageSize: 200, pageToken },
      `ListKernelSessionOutput ${userName}/${kernelSlug}`,
    );
  }

  // ---- transport ----

  private count(status: number | string): void {
    const key = String(status);
    this.counts.byStatus[key] = (this.counts.byStatus[key] ?? 0) + 1;
  }

  private async withRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    const signal = this.options.signal;
    return this.gate.run(async () => {
      for (let n = 1; ; n++) {
        signal?.throwIfAborted();
        try {
          const result = await attempt();
          this.policy.onSuccess();
          return result;
        } catch (error) {
          if (signal?.aborted) throw signal.reason ?? error;
          const delay = Math.max(this.policy.delayAfter(error, n), this.gate.delayMs);
          const message = (error as Error).message;
          const line = `${message}; retrying in ${(delay / 1000).toFixed(1)} s`;
          if ((error as { code?: string }).code === 'rate_limited') this.logger.warn(line, { what, attempt: n });
          else this.logger.info(line, { what, attempt: n });
          await sleep(delay, undefined, { signal });
        }
      }
    }, signal);
  }

  private async post(service: string, method: string, body: Record<string, unknown>, what: string) {
    const url = `${this.base}/v1/${service}/${method}`;
    this.counts.requests += 1;
    let response;
    try {
      response = await got.post(url, {
        json: dropEmpty(body),
        headers: {
          authorization: this.options.credentials.header,
          'user-agent': this.options.userAgent,
          accept: 'application/json',
        },
        timeout: { request: this.options.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: 'text',
        signal: this.options.signal,
      });
    } catch (error) {
      this.count('error');
      if (this.options.signal?.aborted) throw this.options.signal.reason ?? error;
      if (error instanceof RequestError) {
        const timeout = error.code === 'ETIMEDOUT' || error.name === 'TimeoutError';
        // got's own error carries the request options (headers included): keep only its message.
        throw new KaggleTransientError(timeout ? 'timeout' : 'network', `${what}: ${timeout ? 'no answer in time' : 'network error'} (${error.message})`);
      }
      throw error;
    }
    this.count(response.statusCode);
    const header = (name: string) => {
      const v = response.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const status = response.statusCode;
    if (status >= 400) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch {
        parsed = undefined;
      }
      throw errorForStatus(status, what, errorBodyMessage(parsed).message, parseRetryAfter(header('retry-after')));
    }
    return { status, body: response.body, contentType: header('content-type') ?? '', location: header('location') };
  }

  private parseJson<T>(response: { status: number; body: string; contentType: string }, what: string): T {
    const text = response.body;
    const trimmed = text.trimStart();
    if (/text\/html/i.test(response.contentType) || trimmed.startsWith('<')) {
      throw new KaggleTransientError('html_response', `${what}: got an HTML page instead of JSON (HTTP ${response.status})`, response.status);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const cut = trimmed.startsWith('{') || trimmed.startsWith('[');
      throw new KaggleTransientError(
        'invalid_json',
        `${what}: ${cut ? 'truncated or malformed JSON' : 'not JSON'} (${text.length} bytes; ${(error as Error).message})`,
        response.status,
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new KaggleTransientError('invalid_json', `${what}: expected a JSON object`, response.status);
    }
    // A JSON error body with a 2xx status is still an error (the SDK checks `code >= 400`).
    const { code, message } = errorBodyMessage(parsed);
    if (code !== undefined && code >= 400 && ('error' in parsed || 'message' in parsed)) throw errorForStatus(code, what, message);
    return parsed as T;
  }
}

/** Fields equal to their default are omitted on the wire, as the official SDK does. */
function dropEmpty(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}
