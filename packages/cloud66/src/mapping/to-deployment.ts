import type { Deployment, TaskState } from '@omnihost/core';
import { deploymentState } from '../rules/task-states.js';
import { untouchedPayload } from '../schemas/common.js';
import type { Cloud66Deployment } from '../schemas/deployment.js';
import { parseCloud66Date } from './dates.js';

/** What the redeploy call (or the deploy's action) knows and a listed deployment does not. @public */
export interface DeploymentOverrides {
  /** The ref asked for (`tags/2.4.0`); a listed deployment names only the commit it ran. */
  readonly ref?: string | undefined;
  readonly state?: TaskState | undefined;
  /** The deploy's note: the `user_reference` kept in its action's metadata. */
  readonly message?: string | undefined;
  readonly queued?: boolean | undefined;
}

/**
 * A Cloud 66 deployment in the vocabulary. A redeploy covers the stack, which is the site: scope `site`.
 * `rawStatus` is `outcome.meaning` (or `is_deploying` while it runs), the only status words Cloud 66 has.
 *
 * `ref` is the ref that was asked for and `commit` the commit it resolved to (`git_hash`), kept apart
 * (issue 13: the deploy result said `tags/2.4.0` and the list a hash, for the same deployment). A listed
 * deployment carries no ref unless the API sends `git_ref`; the hash is never passed off as the ref.
 * `message` is the deploy's note, which Cloud 66 keeps as its action's `metadata.user_reference`.
 * @public
 */
export function toDeployment(
  stackUid: string,
  deployment: Cloud66Deployment,
  overrides: DeploymentOverrides = {},
): Deployment {
  return {
    vendor: 'cloud66',
    id: String(deployment.id),
    siteId: stackUid,
    ref: overrides.ref ?? deployment.git_ref ?? undefined,
    commit: deployment.git_hash ?? undefined,
    state: overrides.state ?? deploymentState(deployment),
    scope: 'site',
    queued: overrides.queued,
    message: overrides.message,
    startedAt: parseCloud66Date(deployment.started_at),
    finishedAt: parseCloud66Date(deployment.finished_at),
    rawStatus:
      deployment.is_deploying === true ? 'is_deploying' : (deployment.outcome?.meaning ?? 'unknown').slice(0, 100),
    raw: untouchedPayload(deployment),
  };
}
