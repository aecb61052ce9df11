import { isOmnihostError, ResponseValidationError, scrubSecrets } from '@omnihost/core';

/** Messages kept in a result: long enough for a vendor's sentence, short enough for a table. */
const MAX_MESSAGE = 500;

/**
 * ConflictError too: the site is busy (a locked server, a code update already running) and refused the start,
 * which proves nothing ran; it is worth trying again later, within the same budget.
 */
const TRANSIENT = new Set(['NetworkError', 'ServerError', 'RateLimitError', 'TimeoutError', 'ConflictError']);

/**
 * A failure that says nothing about the site: the network, the vendor's load, a body that did not parse, a
 * site busy with other work.
 * The same rule as core's waiter applies to its polls (`wait-for-task.ts`): the job tries again later,
 * within its transient budget.
 * @internal
 */
export function isTransient(error: unknown): boolean {
  if (!isOmnihostError(error)) return false;
  if (TRANSIENT.has(error.name)) return true;
  return error instanceof ResponseValidationError && error.reason === 'parse';
}

/** The error class of anything thrown (`TaskFailedError`, or `Error`). @internal */
export function errorName(error: unknown): string {
  if (isOmnihostError(error)) return error.name;
  return error instanceof Error ? error.name : 'Error';
}

/** An error's message, scrubbed of the account's secrets and cut to length (scrubbed first). @internal */
export function safeMessage(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? error.message : String(error);
  return scrub(text, secrets);
}

/** Any text bound for the store or a log line: scrubbed of the account's secrets, then cut. @internal */
export function scrub(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets).slice(0, MAX_MESSAGE);
}

/** Backoff for transient failures: 2 s, 4 s, ... up to a minute. @internal */
export function transientDelay(count: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, count - 1)) * (1 + Math.random() * 0.1);
}
