import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

/**
 * Sends one attempt through axios' adapter with a deadline over the whole exchange: connecting, sending,
 * the headers and every byte of the body. axios' own `timeout` ends when the response starts (follow-redirects
 * clears its timer then), so a server that sends headers at once and drips the body held a call open for as
 * long as it dripped, up to the size cap. When the deadline passes, the attempt is aborted and fails with the
 * `ETIMEDOUT` error `timeoutError` makes, which the retry policy and the classifier treat as any timeout.
 *
 * The caller's signal still aborts the attempt as before. The config's signal is swapped only while the
 * attempt runs: axios-retry re-sends the same config object, which must not carry a spent deadline.
 * @internal
 */
export async function boundedAttempt(
  adapter: AxiosAdapter,
  config: InternalAxiosRequestConfig,
  timeoutMs: number,
  timeoutError: (message: string, config: InternalAxiosRequestConfig) => Error,
): Promise<AxiosResponse> {
  const outer = config.signal as AbortSignal | undefined;
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, timeoutMs);
  config.signal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
  try {
    return await adapter(config);
  } catch (error) {
    if (timedOut && !outer?.aborted) throw timeoutError(`timeout of ${timeoutMs}ms exceeded`, config);
    throw error;
  } finally {
    clearTimeout(timer);
    config.signal = outer;
  }
}
