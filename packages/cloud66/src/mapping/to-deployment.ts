import type { Deployment, TaskState } from '@omnihost/core';
import { deploymentState } from '../rules/task-states.js';
import { untouchedPayload } from '../schemas/common.js';
import type { Cloud66Deployment } from '../schemas/deployment.js';
import { parseCloud66Date } from './dates.js';

/** What the redeploy call knows and a listed deployment does not. @public */
export interface DeploymentOverrides {
  readonly ref?: string | undefined;
  readonly state?: TaskState | undefined;
  readonly message?: string | undefined;
  readonly queued?: boolean | undefined;
}

/**
 * A Cloud 66 deployment in the vocabulary. A redeploy covers the stack, which is the site: scope `site`.
 * `rawStatus` is `outcome.meaning` (or `is_deploying` while it runs), the only status words Cloud 66 has.
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
    ref: overrides.ref ?? deployment.git_ref ?? deployment.git_hash ?? undefined,
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
