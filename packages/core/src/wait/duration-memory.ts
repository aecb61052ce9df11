import type { Task } from '../model/task.js';
import { globalSingleton } from '../util/global-registry.js';

/** Durations kept per kind: enough for a stable quartile, few enough to follow a vendor that slows down. */
const SAMPLES_PER_KIND = 16;

/**
 * How long tasks of each kind (vendor + `task.kind`: `DatabaseBackupCreated`, `SiteArchive`, a transaction
 * action) took in this process, so the next wait on one can poll when it is likely done instead of
 * discovering it by backoff. A release night backs up hundreds of sites: after the first few, each backup
 * costs one poll instead of four. Core's waits share one process-wide memory, like the rate limiters, since
 * every provider for a vendor sees the same vendor; the fleet keeps its own, by (vendor, step action).
 * @public
 */
export class DurationMemory {
  private readonly samples = new Map<string, number[]>();

  /** The key of a task's kind, or undefined when the vendor does not say what the task does. */
  static keyOf(task: Task | undefined): string | undefined {
    return task?.kind ? `${task.vendor}|${task.kind}` : undefined;
  }

  /** Keeps one duration of the kind (the last 16 are kept); a non-positive or non-finite one is ignored. */
  record(key: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs <= 0) return;
    const list = this.samples.get(key) ?? [];
    list.push(durationMs);
    if (list.length > SAMPLES_PER_KIND) list.shift();
    this.samples.set(key, list);
  }

  /** Whether any task of the kind has been recorded. */
  knows(key: string): boolean {
    return (this.samples.get(key)?.length ?? 0) > 0;
  }

  /**
   * What most tasks of the kind take at least: the lower quartile of the recorded durations, or undefined
   * before the first one finished. Not the median: in a fleet of big and small sites, waiting for the
   * median would see every small site's backup late; in a fleet of alike sites the two are the same.
   */
  expected(key: string): number | undefined {
    const list = this.samples.get(key);
    if (!list || list.length === 0) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 4)];
  }

  /** Forgets every kind. */
  clear(): void {
    this.samples.clear();
  }
}

/** The process-wide memory. @internal */
export function durationMemory(): DurationMemory {
  return globalSingleton('task-durations', () => new DurationMemory());
}

/**
 * How long a finished task took, for timing the next first poll: the vendor's own start and finish times
 * when it gives both (no client delay in them). Otherwise the client only knows the task ended between its
 * last two polls (`watched`, in ms since the wait began): the middle of that gap is the estimate, `precise`
 * when the gap is narrow.
 *
 * Times in whole seconds (Site Factory's unix seconds, Acquia's and OnApp's ISO seconds) hide up to a second
 * on each end: a 1.5 s task reads as 1 s or 2 s. When the client saw the task still running after the reading
 * says it had ended (`watched.from` past it), the reading was short, and taken as it is it would put the next
 * first poll before such a task can end (in fleet-scale, Acquia backups took 1.3–1.6 polls each where 1
 * does). Then it counts as its upper end, the difference plus 999 ms, never past when the client saw it done
 * (`watched.to`). Otherwise the reading stands: a task of exactly 10 s keeps its 10 s.
 * @public
 */
export function durationOf(task: Task, watched: { from: number; to: number }): { ms: number; precise: boolean } {
  const start = task.startedAt ?? task.createdAt;
  if (start && task.finishedAt) {
    const vendorMs = task.finishedAt.getTime() - start.getTime();
    if (vendorMs > 0) {
      const wholeSeconds = start.getTime() % 1000 === 0 && task.finishedAt.getTime() % 1000 === 0;
      if (!wholeSeconds || watched.from <= vendorMs) return { ms: vendorMs, precise: true };
      return { ms: Math.max(vendorMs, Math.min(vendorMs + 999, watched.to)), precise: true };
    }
  }
  const gap = watched.to - watched.from;
  return { ms: (watched.from + watched.to) / 2, precise: gap <= Math.max(2_000, 0.25 * watched.to) };
}
