import type { Deployment, Task } from '@omnihost/core';
import type { UpdateStatus } from '../schemas/update.js';
import { fromUnixSeconds } from './unix-time.js';

/** What a finished (or observed) code update is made of. @internal */
export interface DeploymentParts {
  /** The updater WIP task (its id is also the update id). */
  readonly task: Task;
  /** The site the caller named; the update covered its whole stack. */
  readonly siteId: string;
  readonly ref: string;
  readonly stackId: number;
  readonly update: UpdateStatus | undefined;
}

/**
 * A Site Factory code update in the vocabulary. Its scope is the stack: every site on the stack of the
 * named site was updated (vendors/sitefactory.md §3). The state is the updater task's; the update status
 * adds its message and the per-site error count.
 * @public
 */
export function toDeployment(parts: DeploymentParts): Deployment {
  const { task, update } = parts;
  const failedSites = update?.statuses?.error ?? 0;
  const summary = [update?.message, failedSites > 0 ? `${failedSites} site update(s) failed` : undefined]
    .filter(Boolean)
    .join('; ');
  return {
    vendor: 'sitefactory',
    id: task.id,
    siteId: parts.siteId,
    ref: parts.ref,
    state: task.state,
    scope: 'stack',
    message: task.message ?? (summary || undefined),
    startedAt: fromUnixSeconds(update?.start_time) ?? task.startedAt,
    finishedAt: fromUnixSeconds(update?.end_time) ?? task.finishedAt,
    rawStatus: task.rawStatus,
    raw: { stackId: parts.stackId, task: task.raw, update },
  };
}
