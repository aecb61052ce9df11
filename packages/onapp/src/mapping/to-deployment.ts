import { type Deployment, isTerminalTaskState, type Task } from '@omnihost/core';

/**
 * A rebuild as a Deployment. OnApp keeps no rebuild record: the deployment is the task of the rebuild
 * chain's last transaction (see `deploys.deploy`), so its id, state and times are that task's, on the server
 * that was rebuilt, from the ref that named the template. A rebuild keeps no message, so `message` (the
 * caller's note where a vendor keeps one, issue 13) is unset: the transaction's log stays on the task.
 * @public
 */
export function toDeployment(task: Task, siteId: string, ref: string): Deployment {
  return {
    vendor: 'onapp',
    id: task.id,
    siteId,
    ref,
    state: task.state,
    scope: 'site',
    startedAt: task.createdAt,
    finishedAt: isTerminalTaskState(task.state) ? task.finishedAt : undefined,
    rawStatus: task.rawStatus,
    raw: task.raw,
  };
}
