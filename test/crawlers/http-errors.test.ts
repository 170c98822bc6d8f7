import { describe, expect, it } from 'vitest';
import { describeCrawlError, errorBodyMessage, errorForStatus, KaggleAuthError, KaggleItemError, KaggleTransientError, parseRetryAfter } from '../../crawlers/http-errors.js';
import { CriticalError, NonRetryableError, RateLimitedError, RetryableError } from '../../src/errors.js';
import { registerSecret } from '../../src/secrets.js';

describe('HTTP errors', () => {
  it('maps each status to the error class the retry policy reads', () => {
    expect(errorForStatus(429, 'GetKernel a/b', undefined, 1500)).toBeInstanceOf(RateLimitedError);
    expect((errorForStatus(429, 'x', undefined, 1500) as RateLimitedError).retryAfterMs).toBe(1500);
    expect(errorForStatus(401, 'x', undefined)).toBeInstanceOf(KaggleAuthError);
    expect(errorForStatus(401, 'x', undefined)).toBeInstanceOf(CriticalError);
    expect(errorForStatus(403, 'x', undefined)).toMatchObject({ reason: 'forbidden', httpStatus: 403 });
    expect(errorForStatus(404, 'x', undefined)).toBeInstanceOf(NonRetryableError);
    expect(errorForStatus(400, 'x', undefined)).toBeInstanceOf(KaggleItemError);
    expect(errorForStatus(503, 'x', undefined)).toBeInstanceOf(RetryableError);
    expect(errorForStatus(503, 'x', undefined)).toBeInstanceOf(KaggleTransientError);
  });

  it("reads the message of both of Kaggle's error bodies", () => {
    expect(errorBodyMessage({ code: 403, message: 'You must accept the rules' })).toEqual({ code: 403, message: 'You must accept the rules' });
    expect(errorBodyMessage({ error: { code: 429, message: 'Too many requests', status: 'RESOURCE_EXHAUSTED' } })).toEqual({ code: 429, message: 'Too many requests' });
    expect(errorBodyMessage('<html>')).toEqual({});
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('2.5')).toBe(2500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('describes an error for crawl_items without any registered secret', () => {
    registerSecret('a-secret-token-value');
    const error = errorForStatus(500, 'GetKernel a/b', 'upstream said a-secret-token-value');
    expect(describeCrawlError(error)).toEqual({ reason: 'server_error', httpStatus: 500, message: 'GetKernel a/b: HTTP 500 server error: upstream said ***' });
  });
});
