import { throwIfAborted } from '../errors/abort.js';
import { ResponseValidationError, TaskFailedError, TimeoutError } from '../errors/error-classes.js';
import { isOmnihostError } from '../errors/omnihost-error.js';
import { isTerminalTaskState, type Task } from '../model/task.js';
import { realClock, type WaitClock } from './clock.js';
import { DurationMemory, durationMemory, durationOf } from './duration-memory.js';
import { PollSchedule, type PollScheduleOptions } from './poll-schedule.js';

/**
 * Options every `wait()` accepts.
 * @public
 */
export interface WaitOptions extends PollScheduleOptions {
  /** Give up with {@link TimeoutError} after this long. Default 30 minutes. */
  timeoutMs?: number | undefined;
  /** Stop waiting (with an `AbortError`) when this fires. */
  signal?: AbortSignal | undefined;
  /** Called with every observation whose state, progress or message changed. */
  onProgress?: ((task: Task) => void) | undefined;
  /**
   * Consecutive transient poll failures (network, 5xx, throttling after retries, a body that did not
   * parse) tolerated before the
   * wait fails. A 30-minute wait should not die of one bad minute. Default 3.
   */
  maxPollFailures?: number | undefined;
  /** Injected time source (simulated clocks in tests and benchmarks). */
  clock?: WaitClock | undefined;
  /**
   * Let a poll still in flight at the deadline finish and count, instead of aborting it. For searches whose
   * deadline is about how long to *look* (OnApp's transaction finder), where a look that waited for a slot of
   * a busy rate limit must still be made. A wait for a task keeps the default: the deadline bounds it all.
   */
  letPollsFinish?: boolean | undefined;
}

/** Default wait deadline. acli waits 45 min; 30 covers backups and deploys without hiding a hang. @public */
export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

const TRANSIENT = new Set(['NetworkError', 'ServerError', 'RateLimitError', 'TimeoutError']);

/**
 * A poll whose failure says nothing about the task: the network, the vendor's load, or a body that did not
 * parse (a proxy's HTML page, a connection cut mid-body). The transport never retries an unparseable body,
 * since it cannot know the body was garbage for a transient reason; a wait can, because it polls again
 * anyway. A body that parsed but has the wrong shape (`reason: 'schema'`) is not transient: polling again
 * would only meet it again.
 */
function isTransientPollFailure(error: unknown): boolean {
  if (!isOmnihostError(error)) return false;
  if (TRANSIENT.has(error.name)) return true;
  return error instanceof ResponseValidationError && error.reason === 'parse';
}

/**
 * The one waiting primitive. Polls `poll` until the task is terminal, then resolves with the final task
 * (`succeeded`) or throws {@link TaskFailedError} (`failed`, `cancelled`). `unknown` states keep it
 * polling: an unrecognised vendor code is never success. Throws {@link TimeoutError} at the deadline and
 * `AbortError` as soon as the signal fires.
 *
 * The deadline bounds the whole wait: a poll still in flight when it passes (a slow answer, or retries of
 * throttled polls waiting out `Retry-After`) is aborted, and the wait ends with the TimeoutError then.
 *
 * Polls are ordinary client calls, so they spend the same rate-limit budget as everything else.
 * @public
 */
export async function waitForTask(
  poll: (signal: AbortSignal | undefined) => Promise<Task>,
  options: WaitOptions & { initial?: Task | undefined } = {},
): Promise<Task> {
  const clock = options.clock ?? realClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = clock.now() + timeoutMs;
  const schedule = new PollSchedule(options);
  const started = clock.now();
  const memory = durationMemory();
  let kindKey = DurationMemory.keyOf(options.initial);
  schedule.expect(started, () => options.expectedDurationMs ?? (kindKey ? memory.expected(kindKey) : undefined));
  const maxFailures = options.maxPollFailures ?? 3;
  let last: Task | undefined;
  /** When the task was last seen still running: it ended between then and the poll that saw it done. */
  let lastRunningAt = started;
  let failures = 0;
  let current = options.initial;

  // A real timer stops a poll that is still running at the deadline. Simulated clocks (tests, benchmarks)
  // move time only in their sleeps, which the deadline already bounds between polls.
  const deadlineReached = new AbortController();
  const deadlineTimer =
    clock === realClock && !options.letPollsFinish ? setTimeout(() => deadlineReached.abort(), timeoutMs) : undefined;
  const pollSignal = options.signal
    ? AbortSignal.any([options.signal, deadlineReached.signal])
    : deadlineReached.signal;
  const timedOut = () =>
    new TimeoutError(
      `Task ${last?.id ?? '(unknown)'} did not finish within ${formatDuration(timeoutMs)} (last state: ${describeState(last)})`,
      { vendor: last?.vendor, operation: 'tasks.wait', phase: 'wait', timeoutMs, task: last },
    );

  try {
    for (;;) {
      throwIfAborted(options.signal, { vendor: last?.vendor, operation: 'tasks.wait' });
      if (!current) {
        try {
          current = await poll(pollSignal);
          failures = 0;
        } catch (error) {
          if (deadlineReached.signal.aborted && !options.signal?.aborted) throw timedOut();
          if (!isTransientPollFailure(error) || ++failures > maxFailures) throw error;
        }
      }
      if (current) {
        if (changed(last, current)) options.onProgress?.(current);
        kindKey ??= DurationMemory.keyOf(current);
        last = current;
        if (isTerminalTaskState(current.state)) {
          if (kindKey && current !== options.initial) {
            // A rough estimate (a wide gap between the last two polls) is only better than nothing.
            const estimate = durationOf(current, { from: lastRunningAt - started, to: clock.now() - started });
            if (estimate.precise || !memory.knows(kindKey)) memory.record(kindKey, estimate.ms);
          }
          if (current.state === 'succeeded') return current;
          throw new TaskFailedError(current, { operation: 'tasks.wait' });
        }
        lastRunningAt = clock.now();
      }
      const now = clock.now();
      if (now >= deadline || deadlineReached.signal.aborted) throw timedOut();
      const gap = schedule.next({ at: now, progress: current?.progress });
      await clock.sleep(Math.min(gap, deadline - now), options.signal);
      current = undefined;
    }
  } finally {
    clearTimeout(deadlineTimer);
  }
}

/** `0.5 s`, `1.5 s`, `90 s`, `30 min`: a deadline as a person would say it, never rounded to a wrong figure. @internal */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}

/** `running`, or `failed, vendor status 32` when the vendor's own status says more than the state. */
function describeState(task: Task | undefined): string {
  if (!task) return 'never seen';
  return task.rawStatus && task.rawStatus !== task.state
    ? `${task.state}, vendor status ${task.rawStatus}`
    : task.state;
}

function changed(previous: Task | undefined, next: Task): boolean {
  return (
    !previous ||
    previous.state !== next.state ||
    previous.progress !== next.progress ||
    previous.message !== next.message ||
    previous.rawStatus !== next.rawStatus
  );
}
