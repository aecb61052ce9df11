import { processTaskClaims, type TaskClaims } from '@omnihost/core';
import type { ServiceContext } from './context.js';

/**
 * The claims of this factory's tasks: `claims` (default: this process's) with each task id prefixed by the
 * factory's base URL, the way core's `adoptCandidate` scopes them (`AdoptOptions.scope`). WIP task ids are
 * numbers of one factory's own sequence, so task 1042 of one factory (or one simulator) is never held against
 * task 1042 of another. Every claim of the package goes through here: a start's own task, a reconcile's
 * adoption, a keyed archive's writer.
 * @internal
 */
export function factoryClaims(context: ServiceContext, claims: TaskClaims = processTaskClaims()): TaskClaims {
  const scope = context.client.http.baseUrl;
  return {
    claim: (vendor, taskId, intentKey) => claims.claim(vendor, `${scope}|${taskId}`, intentKey),
  };
}
