import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  ConflictError,
  DEFAULT_RETRY_OPTIONS,
  decideRetry,
  NetworkError,
  parseRetryAfter,
  RateLimitError,
  ResponseValidationError,
  ServerError,
} from '../src/index.js';

const options = DEFAULT_RETRY_OPTIONS;
const base = { retriesSoFar: 0, waitedMs: 0, options, random: () => 0.5 };

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0')).toBe(0);
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now)).toBe(5000);
  });
  it('clamps past dates to zero and ignores garbage', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('decideRetry', () => {
  it('retries throttling for any method and waits Retry-After', () => {
    const decision = decideRetry({
      ...base,
      error: new RateLimitError('x', { status: 429, retryAfterMs: 2000 }),
      replayable: false,
    });
    expect(decision.retry).toBe(true);
    if (decision.retry) {
      expect(decision.delayMs).toBeGreaterThanOrEqual(2000);
      expect(decision.delayMs).toBeLessThanOrEqual(2200);
      expect(decision.throttled).toBe(true);
    }
  });

  it('retries no 502/503/504 for a POST, Retry-After or not; a GET, yes', () => {
    // A 503 with Retry-After may be a gateway's maintenance page in front of a backend that ran the POST.
    const withRetryAfter = new ServerError('x', { status: 503, retryAfterMs: 100 });
    expect(decideRetry({ ...base, error: withRetryAfter, replayable: false })).toEqual({
      retry: false,
      reason: 'not-replayable',
    });
    expect(decideRetry({ ...base, error: withRetryAfter, replayable: true }).retry).toBe(true);
    for (const status of [502, 503, 504]) {
      expect(decideRetry({ ...base, error: new ServerError('x', { status }), replayable: false })).toEqual({
        retry: false,
        reason: 'not-replayable',
      });
      expect(decideRetry({ ...base, error: new ServerError('x', { status }), replayable: true }).retry).toBe(true);
    }
  });

  it('retries refused connections always, resets only when replayable', () => {
    const refused = new NetworkError('x', { networkCode: 'ECONNREFUSED' });
    const reset = new NetworkError('x', { networkCode: 'ECONNRESET' });
    expect(decideRetry({ ...base, error: refused, replayable: false }).retry).toBe(true);
    expect(decideRetry({ ...base, error: reset, replayable: false }).retry).toBe(false);
    expect(decideRetry({ ...base, error: reset, replayable: true }).retry).toBe(true);
  });

  it('never retries 500, 4xx or validation failures', () => {
    for (const error of [
      new ServerError('x', { status: 500 }),
      new ConflictError('x', { status: 409 }),
      new ResponseValidationError('x', { reason: 'schema' }),
    ]) {
      expect(decideRetry({ ...base, error, replayable: true })).toEqual({ retry: false, reason: 'not-retryable' });
    }
  });

  it('stops at the retry count and at the total wait cap', () => {
    const error = new RateLimitError('x', { retryAfterMs: 1000 });
    expect(decideRetry({ ...base, error, replayable: true, retriesSoFar: options.retries })).toEqual({
      retry: false,
      reason: 'out-of-retries',
    });
    expect(decideRetry({ ...base, error, replayable: true, waitedMs: options.maxTotalWaitMs - 500 })).toEqual({
      retry: false,
      reason: 'out-of-time',
    });
    const tooLong = new RateLimitError('x', { retryAfterMs: options.maxTotalWaitMs + 1 });
    expect(decideRetry({ ...base, error: tooLong, replayable: true }).retry).toBe(false);
  });

  it('backs off exponentially with jitter between 50% and 100%, capped', () => {
    const opts = { ...options, minDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, opts, () => 0)).toBe(100);
    expect(backoffDelay(3, opts, () => 1)).toBe(800);
    expect(backoffDelay(3, opts, () => 0)).toBe(400);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
  });
});
