// How an HTTP answer from Kaggle becomes one of hookmine's error classes. The retry policy reads
// the class (src/errors.ts): RateLimitedError and RetryableError are retried, NonRetryableError
// fails the item, CriticalError stops the run. Messages name the call and the status, never a header.
import { CriticalError, NonRetryableError, RateLimitedError, RetryableError } from '../src/errors.js';
import { redact } from '../src/secrets.js';

/** Machine-readable reasons stored in crawl_items.last_error and the summary. */
export type CrawlReason =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'html_response'
  | 'invalid_json'
  | 'size_mismatch'
  | 'too_large'
  | 'bad_archive'
  | 'invalid_notebook'
  | 'unsupported_language';

/** 401: the credentials are wrong or expired; nothing else will work either. */
export class KaggleAuthError extends CriticalError {
  readonly reason = 'unauthorized' as const;
  readonly httpStatus = 401;
  constructor(message: string) {
    super('unauthorized', message);
  }
}

/** 403, 404 and other 4xx: this item cannot be fetched; record it and go on. */
export class KaggleItemError extends NonRetryableError {
  constructor(
    readonly reason: CrawlReason,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(reason, message);
  }
}

/** 5xx, timeouts, resets, an HTML page or cut JSON: worth a bounded number of retries. */
export class KaggleTransientError extends RetryableError {
  constructor(
    readonly reason: CrawlReason,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(reason, message);
  }
}

/** The status (if any) and reason of an error, for crawl_items and the summary. */
export function describeCrawlError(error: unknown): { reason: string; httpStatus: number | null; message: string } {
  const message = redact(error instanceof Error ? error.message : String(error));
  if (error instanceof KaggleAuthError || error instanceof KaggleItemError || error instanceof KaggleTransientError) {
    return { reason: error.reason, httpStatus: error.httpStatus ?? null, message };
  }
  if (error instanceof RateLimitedError) return { reason: 'rate_limited', httpStatus: 429, message };
  const code = (error as { code?: unknown })?.code;
  return { reason: typeof code === 'string' ? code : 'error', httpStatus: null, message };
}

/** Parse Retry-After: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The message inside Kaggle's two error shapes: {code, message} and {error: {code, message, status}}. */
export function errorBodyMessage(body: unknown): { code?: number; message?: string } {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const inner = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : b;
  const code = typeof inner.code === 'number' ? inner.code : undefined;
  const message = typeof inner.message === 'string' ? inner.message : typeof b.message === 'string' ? b.message : undefined;
  return { code, message };
}

/** Map an HTTP error status to its error class. `what` names the call ("GetKernel alice/eda"). */
export function errorForStatus(status: number, what: string, serverMessage: string | undefined, retryAfterMs?: number): Error {
  const detail = serverMessage ? `: ${clip(serverMessage)}` : '';
  if (status === 429) return new RateLimitedError(`${what}: HTTP 429 too many requests${detail}`, retryAfterMs);
  if (status === 401) {
    return new KaggleAuthError(
      `${what}: HTTP 401 unauthorized${detail}. Check KAGGLE_API_TOKEN (or ~/.kaggle/access_token), or KAGGLE_USERNAME/KAGGLE_KEY (or ~/.kaggle/kaggle.json)`,
    );
  }
  if (status === 403) return new KaggleItemError('forbidden', `${what}: HTTP 403 forbidden (competition rules not accepted, or private)${detail}`, 403);
  if (status === 404) return new KaggleItemError('not_found', `${what}: HTTP 404 not found (deleted, private, or no saved version)${detail}`, 404);
  if (status >= 500) return new KaggleTransientError('server_error', `${what}: HTTP ${status} server error${detail}`, status);
  return new KaggleItemError('bad_request', `${what}: HTTP ${status}${detail}`, status);
}

function clip(text: string, max = 200): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
