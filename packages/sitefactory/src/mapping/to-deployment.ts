import type { Deployment, Task } from '@omnihost/core';
import type { UpdateStatus } from '../schemas/update.js';
import { fromUnixSeconds } from './unix-time.js';

/** What a finished (or observed) code update is made of. @internal */
export interface DeploymentParts {
  /** The updater WIP task (its id is also the update id). */
  readonly task: Task;
  /** The site the caller named; the update covered its whole stack. */
  readonly siteId: string;
  /** The ref asked for; unknown when a deploy is resumed from JSON that did not keep it. */
  readonly ref: string | undefined;
  readonly stackId: number;
  readonly update: UpdateStatus | undefined;
  /** Every site on the stack, when they could be read. */
  readonly affectedSiteIds?: readonly string[] | undefined;
}

/**
 * A Site Factory code update in the vocabulary. Its scope is the stack: every site on the stack of the
 * named site was updated (vendors/sitefactory.md §3), and `affectedSiteIds` lists them. The state is the
 * updater task's; `ref` is the ref asked for (a factory reports no resolved commit). A code update keeps no
 * message (`capabilities.deploys.message: false`), so `message` is unset; the update status (its message and
 * per-site counts) stays in `raw.update`.
 * @public
 */
export function toDeployment(parts: DeploymentParts): Deployment {
  const { task, update } = parts;
  return {
    vendor: 'sitefactory',
    id: task.id,
    siteId: parts.siteId,
    ref: parts.ref,
    state: task.state,
    scope: 'stack',
    affectedSiteIds: parts.affectedSiteIds,
    startedAt: fromUnixSeconds(update?.start_time) ?? task.startedAt,
    finishedAt: fromUnixSeconds(update?.end_time) ?? task.finishedAt,
    rawStatus: task.rawStatus,
    raw: { stackId: parts.stackId, task: task.raw, update },
  };
}
