import { isOmnihostError, type OperationJSON, type VendorId } from '@omnihost/core';

/**
 * What the CLI knew about a wait when it failed: the task it was waiting for and, for the operation of a start
 * call, the operation as data (`operation.toJSON()`). Core's wait errors do not carry them all (an `AbortError`
 * from Ctrl-C names no task), and without them a person who pressed Ctrl-C had nothing to resume with (issue 15).
 * @internal
 */
export interface WaitContext {
  /** Whose task (an AbortError from Ctrl-C between polls names no vendor). */
  readonly vendor: VendorId;
  readonly taskId: string;
  /** What `omnihost operations resume` takes; absent where the vendor cannot turn the operation into data. */
  readonly resume?: OperationJSON | undefined;
}

/** Kept beside the error, never on it: core's errors stay as core built them. */
const CONTEXTS = new WeakMap<object, WaitContext>();

/** Records the wait an error ended (the error is rethrown, and reported by `runCli`). @internal */
export function noteWaitContext(error: unknown, context: WaitContext): void {
  if (typeof error === 'object' && error !== null && !CONTEXTS.has(error)) CONTEXTS.set(error, context);
}

/** The wait an error ended, if it ended one. @internal */
export function waitContextOf(error: unknown): WaitContext | undefined {
  return typeof error === 'object' && error !== null ? CONTEXTS.get(error) : undefined;
}

/**
 * Errors that end a wait while its task goes on: Ctrl-C, the deadline, and polls that kept failing for reasons
 * that say nothing about the task (the network, the vendor's load). A task the vendor does not know, or one
 * that failed, is not resumable.
 */
const WAIT_STOPPERS = new Set(['AbortError', 'TimeoutError', 'NetworkError', 'ServerError', 'RateLimitError']);

/** Whether `error`, ending a wait, left the task running at the vendor. @internal */
export function leftTaskRunning(error: unknown): boolean {
  return isOmnihostError(error) && WAIT_STOPPERS.has(error.name);
}
