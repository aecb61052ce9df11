import { AbortError } from './error-classes.js';
import type { ErrorContext } from './omnihost-error.js';

/** Throws {@link AbortError} when `signal` has fired. @internal */
export function throwIfAborted(signal: AbortSignal | undefined, context: ErrorContext = {}): void {
  if (signal?.aborted) throw new AbortError('The operation was aborted', context);
}

/**
 * Races `promise` against `signal`. The underlying work is not cancelled (it may be shared, like a token
 * refresh other callers wait on); only this caller stops waiting.
 * @internal
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  context: ErrorContext = {},
): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal, context);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError('The operation was aborted', context));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms`, or rejects with {@link AbortError} as soon as `signal` fires. @internal */
export function sleep(ms: number, signal?: AbortSignal, context: ErrorContext = {}): Promise<void> {
  throwIfAborted(signal, context);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('The operation was aborted', context));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
