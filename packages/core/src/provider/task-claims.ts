import { globalSingleton } from '../util/global-registry.js';

/**
 * Which intent adopted which vendor task, so that a heuristic reconcile never adopts one task for two intents.
 * Process-wide by default; a fleet of worker processes plugs in a shared store (Redis).
 * @public
 */
export interface TaskClaims {
  /**
   * Claims `taskId` (of `vendor`) for `intentKey`. True when it was free, or already this intent's; false when
   * another intent holds it.
   */
  claim(vendor: string, taskId: string, intentKey: string): Promise<boolean>;
}

/** Claims kept per process: more than any run adopts, few enough to stay small. */
const MAX_CLAIMS = 100_000;

/** The process-wide claims (shared by every copy of core that is loaded). @public */
export function processTaskClaims(): TaskClaims {
  const claims = globalSingleton('task-claims', () => new Map<string, string>());
  return {
    async claim(vendor, taskId, intentKey) {
      const id = `${vendor}|${taskId}`;
      const holder = claims.get(id);
      if (holder !== undefined) return holder === intentKey;
      // Bounded: the oldest claims go first (a Map keeps insertion order); a reconcile looks at recent work.
      if (claims.size >= MAX_CLAIMS) claims.delete(claims.keys().next().value as string);
      claims.set(id, intentKey);
      return true;
    },
  };
}
