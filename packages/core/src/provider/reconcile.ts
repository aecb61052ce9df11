import type { StartIntent } from '../model/intent.js';
import { idempotencyKeyIn } from './start-operation.js';
import { processTaskClaims, type TaskClaims } from './task-claims.js';

/** One piece of work a vendor's records show, that an intent may have started. @public */
export interface ReconcileCandidate {
  /** The vendor task (or record) id. */
  readonly taskId: string;
  /** When the vendor says it began (server clock). */
  readonly startedAt: Date | undefined;
  /** Vendor text that may carry the idempotency key (a label, a note, a message). */
  readonly text?: string | undefined;
}

/** How a vendor's candidates are matched to an intent. @public */
export interface AdoptOptions {
  /** Who else adopted what (default: this process's claims). */
  readonly claims?: TaskClaims | undefined;
  /**
   * Where the task ids come from (the vendor endpoint: an account's base URL), so that ids of two accounts, or of
   * two simulators, never meet in one claims store.
   */
  readonly scope?: string | undefined;
  /**
   * The resolution of the vendor's timestamps, in ms: 1000 for a vendor that reports whole seconds, so a task
   * begun in the intent's own second is not taken for an older one. Default 1.
   */
  readonly resolutionMs?: number | undefined;
}

/**
 * The one matching rule of every vendor's reconcile. Among the vendor's records of the intent's kind and target:
 * 1. **exact**: a record whose text carries the intent's key is the intent's, whenever it began and whoever
 *    claimed it;
 * 2. **heuristic**, for vendors that keep no key: the earliest record that began at or after the intent (at the
 *    vendor's timestamp resolution) and that no other intent has adopted. A record that began before the intent
 *    is never adopted, and one record is never adopted for two intents.
 * Returns the adopted task id, or undefined: nothing the intent could have started is there.
 * @public
 */
export async function adoptCandidate(
  intent: StartIntent,
  candidates: readonly ReconcileCandidate[],
  options: AdoptOptions = {},
): Promise<string | undefined> {
  const claims = options.claims ?? processTaskClaims();
  const claimId = (taskId: string) => (options.scope ? `${options.scope}|${taskId}` : taskId);
  const exact = candidates.find((candidate) => idempotencyKeyIn(candidate.text) === intent.key);
  if (exact) {
    // The key outweighs any claim: a record carrying this intent's key is this intent's, whoever claimed it.
    await claims.claim(intent.vendor, claimId(exact.taskId), intent.key);
    return exact.taskId;
  }
  const resolution = Math.max(1, options.resolutionMs ?? 1);
  const since = Math.floor(Date.parse(intent.startedAt) / resolution) * resolution;
  const later = candidates
    .filter((candidate) => candidate.startedAt !== undefined && candidate.startedAt.getTime() >= since)
    // A record carrying another intent's key is that intent's.
    .filter((candidate) => {
      const key = idempotencyKeyIn(candidate.text);
      return key === undefined || key === intent.key;
    })
    .sort((a, b) => (a.startedAt as Date).getTime() - (b.startedAt as Date).getTime());
  for (const candidate of later) {
    if (await claims.claim(intent.vendor, claimId(candidate.taskId), intent.key)) return candidate.taskId;
  }
  return undefined;
}
