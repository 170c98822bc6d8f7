import { describe, expect, it } from 'vitest';
import { KaggleAuthError, KaggleItemError, KaggleTransientError } from '../../crawlers/http-errors.js';
import { RetryPolicy } from '../../crawlers/retry-policy.js';
import { PersistentRateLimitError, RateLimitedError } from '../../src/errors.js';

const options = { retries: 2, backoffMs: 100, maxBackoffMs: 250, rateLimitMs: 1000, maxRateLimitMs: 3000, maxConsecutive429: 4 };
const noJitter = () => 0;

describe('RetryPolicy', () => {
  it('waits at least the exponential back-off after a 429, even when Retry-After says less', () => {
    const policy = new RetryPolicy(options, noJitter);
    expect(policy.delayAfter(new RateLimitedError('429', 0), 1)).toBe(1000);
    expect(policy.delayAfter(new RateLimitedError('429', 10), 1)).toBe(2000);
    expect(policy.delayAfter(new RateLimitedError('429', 0), 1)).toBe(3000); // capped
  });

  it('honours a Retry-After longer than the back-off', () => {
    const policy = new RetryPolicy(options, noJitter);
    expect(policy.delayAfter(new RateLimitedError('429', 7000), 1)).toBe(7000);
  });

  it('pauses after the configured number of consecutive 429s; a success resets the count', () => {
    const policy = new RetryPolicy(options, noJitter);
    for (let i = 0; i < 3; i++) policy.delayAfter(new RateLimitedError('429'), 1);
    policy.onSuccess();
    for (let i = 0; i < 3; i++) policy.delayAfter(new RateLimitedError('429'), 1);
    expect(() => policy.delayAfter(new RateLimitedError('429'), 1)).toThrow(PersistentRateLimitError);
    expect(policy.stats.rateLimited).toBe(7);
  });

  it('retries transient errors a bounded number of times with growing back-off', () => {
    const policy = new RetryPolicy(options, noJitter);
    const error = new KaggleTransientError('server_error', 'HTTP 500', 500);
    expect(policy.delayAfter(error, 1)).toBe(100);
    expect(policy.delayAfter(error, 2)).toBe(200);
    expect(() => policy.delayAfter(error, 3)).toThrow(error);
    expect(policy.stats.retries).toBe(2);
  });

  it('never retries 403/404 or 401, and rethrows errors it does not know', () => {
    const policy = new RetryPolicy(options, noJitter);
    for (const error of [new KaggleItemError('forbidden', '403', 403), new KaggleAuthError('401'), new TypeError('bug')]) {
      expect(() => policy.delayAfter(error, 1)).toThrow(error);
    }
    expect(policy.stats.retries).toBe(0);
  });

  it('jitter only lengthens a wait, by at most a fifth', () => {
    const policy = new RetryPolicy(options, () => 0.999);
    const delay = policy.delayAfter(new RateLimitedError('429', 0), 1);
    expect(delay).toBeGreaterThanOrEqual(1000);
    expect(delay).toBeLessThanOrEqual(1200);
  });
});
