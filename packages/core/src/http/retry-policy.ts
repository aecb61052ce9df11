import type { OmnihostError } from '../errors/omnihost-error.js';
import type { RetryOptions } from './types.js';

/** Retry options with every default filled in. @internal */
export type ResolvedRetryOptions = Required<{ [K in keyof RetryOptions]: NonNullable<RetryOptions[K]> }>;

/** Defaults: 4 retries, 300 ms → 20 s backoff, at most 2 minutes spent waiting per call (jclouds caps at 2 min too). @public */
export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  retries: 4,
  minDelayMs: 300,
  maxDelayMs: 20_000,
  maxTotalWaitMs: 120_000,
};

/** @internal */
export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  return {
    retries: options?.retries ?? DEFAULT_RETRY_OPTIONS.retries,
    minDelayMs: options?.minDelayMs ?? DEFAULT_RETRY_OPTIONS.minDelayMs,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs,
    maxTotalWaitMs: options?.maxTotalWaitMs ?? DEFAULT_RETRY_OPTIONS.maxTotalWaitMs,
  };
}

/** What {@link decideRetry} needs to know about one failed attempt. @public */
export interface RetryDecisionInput {
  /** The failure, already classified. */
  error: OmnihostError;
  /** Retries already made for this call. */
  retriesSoFar: number;
  /** Time already spent waiting between attempts of this call. */
  waitedMs: number;
  /** Whether the request may be replayed after reaching the server. */
  replayable: boolean;
  options: ResolvedRetryOptions;
  /** Injected for tests; `Math.random` by default. */
  random?: () => number;
}

/** The outcome: wait `delayMs` and retry, or give up. @public */
export type RetryDecision =
  | { retry: true; delayMs: number; throttled: boolean }
  | { retry: false; reason: 'not-retryable' | 'not-replayable' | 'out-of-retries' | 'out-of-time' };

/** Network failures that prove the request never reached the server. @internal */
export const NEVER_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Statuses whose failure is transient (axios-retry's set, minus 500 which usually is a real bug). */
const TRANSIENT_STATUS = new Set([502, 503, 504]);

/**
 * The one retry rule of omnihost, as a pure function (the shape of stripe's `_shouldRetry` and
 * octokit's `errorRequest`), so it can be tested without a network.
 *
 * - Throttling is retried for any method: a `RateLimitError` is a 429, or the vendor's own documented
 *   throttling answer recognised by its body (each vendor's error mapping decides), and either proves the
 *   request was not processed. We wait `Retry-After` when given.
 * - Nothing else proves that. A 502/503/504 (with or without `Retry-After`: a load balancer's maintenance
 *   page says nothing about whether the backend ran the request), a reset or a timeout is retried only for
 *   replayable requests. A POST that reached the server may have created a backup even though the response
 *   was lost (libcloud #515: "some operations are not idempotent and may return an error but still
 *   complete"); such an error surfaces with `outcome: 'unknown'` instead.
 * - A refused connection never reached the server, so it is always safe to retry.
 * - Nothing else is retried (400/401/403/404/409/422 and response validation failures).
 * @public
 */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { error, options } = input;
  const random = input.random ?? Math.random;
  const status = error.status;
  const retryAfterMs = (error as { retryAfterMs?: number | undefined }).retryAfterMs;
  const throttled = error.name === 'RateLimitError';

  const transient = error.name === 'ServerError' && status !== undefined && TRANSIENT_STATUS.has(status);
  let provenUnprocessed: boolean;
  if (throttled) provenUnprocessed = true;
  else if (error.name === 'NetworkError') provenUnprocessed = isNeverSent(error);
  else if (transient || error.name === 'TimeoutError') provenUnprocessed = false;
  else return { retry: false, reason: 'not-retryable' };
  if (!provenUnprocessed && !input.replayable) return { retry: false, reason: 'not-replayable' };
  if (input.retriesSoFar >= options.retries) return { retry: false, reason: 'out-of-retries' };

  const delayMs =
    retryAfterMs !== undefined
      ? retryAfterMs + jitterFor(retryAfterMs, random)
      : backoffDelay(input.retriesSoFar, options, random);
  if (input.waitedMs + delayMs > options.maxTotalWaitMs) return { retry: false, reason: 'out-of-time' };
  return { retry: true, delayMs, throttled };
}

/** True for a network failure that proves the request never reached the server. @internal */
export function isNeverSent(error: OmnihostError): boolean {
  return NEVER_SENT.has((error as { networkCode?: string | undefined }).networkCode ?? '');
}

/**
 * Exponential backoff with jitter between 50% and 100% of the step (stripe's `_getSleepTimeInMS`),
 * never below the minimum delay.
 * @public
 */
export function backoffDelay(
  retriesSoFar: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** retriesSoFar);
  return Math.max(options.minDelayMs, Math.round(step * (0.5 + random() * 0.5)));
}

/** A small spread after `Retry-After` so callers released together do not arrive together. */
function jitterFor(retryAfterMs: number, random: () => number): number {
  return Math.round(Math.min(1000, retryAfterMs * 0.1) * random());
}
