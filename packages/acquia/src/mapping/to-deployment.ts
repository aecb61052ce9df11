import type { Deployment, Task } from '@omnihost/core';

/**
 * A code switch or code deploy as an omnihost Deployment, built from its notification. Acquia deploys
 * touch exactly one environment (`scope: 'site'`); the deployment id is the notification uuid. `ref` is the
 * branch or tag switched to (for a promotion, what the target runs afterwards); Acquia reports no commit and
 * keeps no deploy message (`message` is the caller's note where a vendor keeps one, never the notification's
 * description, which stays in `raw`).
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
    startedAt: task.startedAt ?? task.createdAt,
    finishedAt: task.finishedAt,
    rawStatus: task.rawStatus,
    raw: task.raw,
  };
}
