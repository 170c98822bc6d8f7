// The retry policy reads error classes (src/errors.ts), crawlee style:
// - RateLimitedError (429): wait max(Retry-After, exponential back-off), because Kaggle's Retry-After
//   is known to be too short (kaggle-cli #938); it does not use up the retry budget, but after
//   `maxConsecutive429` 429s in a row the whole crawl pauses (PersistentRateLimitError).
// - RetryableError (5xx, timeouts, resets, HTML pages, cut JSON): bounded retries with back-off.
// - NonRetryableError (403, 404) and CriticalError (401): thrown at once.
import { NonRetryableError, PersistentRateLimitError, RateLimitedError, RetryableError } from '../src/errors.js';

export interface RetryOptions {
  /** retries after the first attempt for transient errors */
  retries: number;
  /** first back-off for transient errors, doubled each retry */
  backoffMs: number;
  maxBackoffMs: number;
  /** first back-off after a 429, doubled each consecutive 429 */
  rateLimitMs: number;
  maxRateLimitMs: number;
  /** consecutive 429s (across requests) after which the crawl pauses */
  maxConsecutive429: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 5,
  backoffMs: 1000,
  maxBackoffMs: 60_000,
  rateLimitMs: 30_000,
  maxRateLimitMs: 15 * 60_000,
  maxConsecutive429: 5,
};

export interface RetryStats {
  retries: number;
  rateLimited: number;
  /** time spent waiting in back-off, ms */
  backoffMs: number;
}

export class RetryPolicy {
  private consecutive429 = 0;
  readonly stats: RetryStats = { retries: 0, rateLimited: 0, backoffMs: 0 };

  constructor(
    readonly options: RetryOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** Any successful answer ends a run of 429s. */
  onSuccess(): void {
    this.consecutive429 = 0;
  }

  /**
   * How long to wait before attempt `attempt + 1` after `error` on attempt `attempt` (1-based), or
   * throw when the error must not be retried.
   */
  delayAfter(error: unknown, attempt: number): number {
    if (error instanceof RateLimitedError) {
      this.consecutive429 += 1;
      this.stats.rateLimited += 1;
      if (this.consecutive429 >= this.options.maxConsecutive429) {
        throw new PersistentRateLimitError(
          `${this.consecutive429} consecutive HTTP 429 answers: pausing the crawl (the next run resumes where this one stopped). Last: ${error.message}`,
          { cause: error },
        );
      }
      const backoff = Math.min(this.options.maxRateLimitMs, this.options.rateLimitMs * 2 ** (this.consecutive429 - 1));
      // Never less than the back-off, whatever Retry-After says; jitter only adds.
      const delay = Math.max(error.retryAfterMs ?? 0, this.jitter(backoff));
      this.stats.backoffMs += delay;
      return delay;
    }
    if (error instanceof NonRetryableError) throw error;
    if (error instanceof RetryableError) {
      if (attempt > this.options.retries) throw error;
      const delay = this.jitter(Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (attempt - 1)));
      this.stats.retries += 1;
      this.stats.backoffMs += delay;
      return delay;
    }
    throw error;
  }

  private jitter(ms: number): number {
    return Math.round(ms * (1 + 0.2 * this.random()));
  }
}
