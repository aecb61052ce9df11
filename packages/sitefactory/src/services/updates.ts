import { type Deployment, isOmnihostError, isTerminalTaskState, numberedPages, type Task } from '@omnihost/core';
import { requestOperation } from '../client/request-operation.js';
import { toDeployment } from '../mapping/to-deployment.js';
import { updateStatusSchema } from '../schemas/update.js';
import type { ServiceContext } from './context.js';
import { MAX_SITES_PAGE, siteListSchema } from './sites.js';
import { fetchTask } from './tasks.js';

/**
 * The update status, for progress and the summary. It only decorates what the updater task says, so a
 * failed read of it (a factory registering the update a moment after the task, a 5xx) is no status,
 * never a failed wait; an abort still ends the wait.
 * @internal
 */
export async function optionalUpdateStatus(context: ServiceContext, updateId: string, signal: AbortSignal | undefined) {
  try {
    return await requestOperation(
      context.client,
      'get_Update_status',
      { path: { update_id: updateId }, signal },
      updateStatusSchema,
      'deploys.status',
    );
  } catch (error) {
    if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
    return undefined;
  }
}

/**
 * One observation of an update: the updater task decides the state; the update status only adds the
 * percentage, so a failed read of it costs this poll its progress, not the poll (a CI script that polled only
 * the percentage never ended on a failed update: vendors/sitefactory.md §3.3).
 * @internal
 */
export async function pollUpdate(
  context: ServiceContext,
  taskId: string,
  signal: AbortSignal | undefined,
): Promise<Task> {
  const task = await fetchTask(context, taskId, signal, 'deploys.wait');
  if (isTerminalTaskState(task.state)) return task;
  const percentage = (await optionalUpdateStatus(context, taskId, signal))?.percentage;
  return percentage === undefined ? task : { ...task, progress: Math.min(100, Math.max(0, percentage)) };
}

/**
 * Every site on the stack a code update deploys to: `GET /api/v1/sites?stack_id=`, page by page. A stack
 * can hold sites of several stages (a prod factory with staged-down dev sites), so a deploy says which
 * sites it touched (`Deployment.affectedSiteIds`, issue 13). Read when the update has finished: a failed
 * read costs the deployment this list, never the finished deploy (undefined, as for any vendor that does
 * not say).
 */
async function sitesOnStack(
  context: ServiceContext,
  stackId: number,
  signal: AbortSignal | undefined,
): Promise<string[] | undefined> {
  const ids: string[] = [];
  try {
    const pages = numberedPages(
      async ({ page }, pageSignal) => {
        const data = await requestOperation(
          context.client,
          'get_Sites_getSites',
          { query: { page, limit: MAX_SITES_PAGE, stack_id: stackId }, signal: pageSignal },
          siteListSchema,
          'deploys.affectedSites',
        );
        return { items: data.items, total: data.count };
      },
      { pageSize: MAX_SITES_PAGE, signal },
    );
    for await (const row of pages) {
      // The factory filters by stack; a row of another stack (an older factory ignoring the filter) is not one.
      if (row.stack_id === undefined || row.stack_id === stackId) ids.push(String(row.id));
    }
    return ids;
  } catch (error) {
    if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
    return undefined;
  }
}

/** A finished code update as a deployment: the updater task, its status, and every site on its stack. @internal */
export async function finishedDeployment(
  context: ServiceContext,
  parts: { task: Task; siteId: string; ref: string | undefined; stackId: number },
  signal: AbortSignal | undefined,
): Promise<Deployment> {
  return toDeployment({
    ...parts,
    update: await optionalUpdateStatus(context, parts.task.id, signal),
    affectedSiteIds: await sitesOnStack(context, parts.stackId, signal),
  });
}
