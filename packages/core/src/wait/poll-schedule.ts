/** Tuning of the polling schedule. @public */
export interface PollScheduleOptions {
  /** Shortest gap between polls. Default 1 s. */
  minIntervalMs?: number | undefined;
  /** Longest gap between polls. Default 60 s: a 10-minute task costs about 15 polls. */
  maxIntervalMs?: number | undefined;
  /** Growth of the gap while nothing tells us when the task ends. Default 2. */
  backoffFactor?: number | undefined;
  /**
   * How long the task is expected to take in all. The first poll goes when that time has passed (within
   * the gap limits) instead of after the minimum gap. By default the wait uses what this process's
   * finished tasks of the same kind took (their lower quartile); `0` turns that off.
   */
  expectedDurationMs?: number | undefined;
}

/** One observation of a task, as the schedule sees it. @internal */
export interface ProgressSample {
  /** Client clock, ms. */
  at: number;
  /** 0–100, when the vendor reports it. */
  progress: number | undefined;
}

/**
 * Decides when to poll next. Three sources of information, in order:
 *
 * 1. **Progress.** When the vendor reports progress and it moved since the first sample, the finish time
 *    is extrapolated from the observed rate and the next poll goes there (never sooner than the minimum,
 *    never later than the maximum gap). On a linear task this detects completion within about one
 *    minimum interval at a handful of polls.
 * 2. **Expected duration.** When tasks of this kind took a known time before (or the caller says how
 *    long to expect), the first poll goes just after that time.
 * 3. **Backoff.** Otherwise the gap doubles from the minimum to the maximum, with up to 10% jitter so
 *    waiters started together spread out.
 *
 * Progress never decides completion (a failed Acquia task may stop at 40%); it only times the polls.
 * @internal
 */
export class PollSchedule {
  private readonly min: number;
  private readonly max: number;
  private readonly factor: number;
  /** A caller-given maximum gap binds the expected-duration poll too. */
  private readonly maxGiven: boolean;
  private backoff: number;
  private first: ProgressSample | undefined;
  /** Where to read the expected duration, until one poll has used it. */
  private expectation: { startedAt: number; durationMs: () => number | undefined } | undefined;

  constructor(
    options: PollScheduleOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.min = Math.max(1, options.minIntervalMs ?? 1000);
    this.max = Math.max(this.min, options.maxIntervalMs ?? 60_000);
    this.maxGiven = options.maxIntervalMs !== undefined;
    this.factor = Math.max(1, options.backoffFactor ?? 2);
    this.backoff = this.min;
  }

  /**
   * Expects the task, started at `startedAt`, to take what `durationMs` says (see `expectedDurationMs`).
   * It is asked again at every poll until it knows: waits started together learn from the first of them
   * to finish.
   */
  expect(startedAt: number, durationMs: () => number | undefined): void {
    this.expectation = { startedAt, durationMs };
  }

  /** The gap before the next poll, given what the last poll saw. */
  next(sample: ProgressSample): number {
    const eta = this.estimateRemaining(sample);
    if (eta !== undefined) {
      // Aim a little early: progress is usually reported as a rounded-down integer, which makes the
      // estimate late. Landing early costs one short extra poll; landing late costs detection delay.
      return clamp(eta * 0.9, this.min, this.max);
    }
    const expectedMs = this.expectation?.durationMs();
    if (this.expectation && expectedMs !== undefined && expectedMs > 0) {
      // Aim just past the expected end. Unless the caller set a maximum gap, the gap may exceed the default
      // one, but not a fifth of the expected duration: a task that fails early is still seen within 20% of
      // its usual time. Once the expected
      // end is reached, backoff resumes from the minimum gap, so a task that runs long is caught quickly.
      const untilEnd = this.expectation.startedAt + expectedMs * 1.05 - sample.at;
      const longest = this.maxGiven ? this.max : Math.max(this.max, expectedMs * 0.2);
      if (untilEnd > longest) return longest;
      this.expectation = undefined;
      if (untilEnd > this.min) return untilEnd;
    }
    const gap = this.backoff;
    this.backoff = Math.min(this.max, this.backoff * this.factor);
    // Jitter only lengthens a gap (up to 10%, within the maximum), so it spreads waiters started together
    // without ever adding polls to the schedule.
    const jitter = 1 + this.random() * 0.1;
    return clamp(gap * jitter, this.min, this.max);
  }

  private estimateRemaining(sample: ProgressSample): number | undefined {
    if (sample.progress === undefined || !Number.isFinite(sample.progress)) return undefined;
    if (!this.first || this.first.progress === undefined) {
      this.first = sample;
      return undefined;
    }
    const moved = sample.progress - this.first.progress;
    const elapsed = sample.at - this.first.at;
    if (moved <= 0 || elapsed <= 0 || sample.progress >= 100) return undefined;
    const rate = moved / elapsed;
    return (100 - sample.progress) / rate;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
