import type { Deployment, Task } from '@omnihost/core';

/**
 * A code switch or code deploy as an omnihost Deployment, built from its notification. Acquia deploys
 * touch exactly one environment (`scope: 'site'`); the deployment id is the notification uuid.
 * @public
 */
export function taskToDeployment(task: Task, siteId: string, ref: string | undefined): Deployment {
  return {
    vendor: 'acquia',
    id: task.id,
    siteId,
    ref,
    state: task.state,
    scope: 'site',
    message: task.message,
    startedAt: task.startedAt ?? task.createdAt,
    finishedAt: task.finishedAt,
    rawStatus: task.rawStatus,
    raw: task.raw,
  };
}
