import {
  type DeployInput,
  type Deployment,
  type DeployService,
  isOmnihostError,
  isTerminalTaskState,
  notKept,
  numberedPages,
  type Task,
  UnsupportedOperationError,
  unsupportedList,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import { requestOperation } from '../client/request-operation.js';
import { CODE_UPDATE_TYPE } from '../constants.js';
import { toDeployment } from '../mapping/to-deployment.js';
import { updateStatusSchema } from '../schemas/update.js';
import type { ServiceContext } from './context.js';
import { fetchSiteDetail, MAX_SITES_PAGE, siteListSchema } from './sites.js';
import { startedTaskOperation } from './started-task.js';
import { fetchTask } from './tasks.js';

/**
 * Deploys = code updates of the stack hosting a site (`POST /api/v1/update` with `sites_ref`,
 * `sites_type`, `stack_id`). Every site on that stack gets the ref. The updater WIP task decides the
 * state; while it runs, `GET /api/v1/update/{id}/status` supplies the percentage that feeds `progress`
 * and `onProgress` (a CI script that polled only the percentage never ended on a failed update: §3.3).
 * @internal
 */
export function createDeployService(context: ServiceContext): DeployService {
  /**
   * The update status, for progress and the summary. It only decorates what the updater task says, so a
   * failed read of it (a factory registering the update a moment after the task, a 5xx) is no status,
   * never a failed wait; an abort still ends the wait.
   */
  async function optionalUpdateStatus(updateId: string, signal: AbortSignal | undefined) {
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
   * percentage, so a failed read of it costs this poll its progress, not the poll.
   */
  async function pollUpdate(taskId: string, signal: AbortSignal | undefined): Promise<Task> {
    const task = await fetchTask(context, taskId, signal, 'deploys.wait');
    if (isTerminalTaskState(task.state)) return task;
    const percentage = (await optionalUpdateStatus(taskId, signal))?.percentage;
    return percentage === undefined ? task : { ...task, progress: Math.min(100, Math.max(0, percentage)) };
  }

  /**
   * Every site on the stack a code update deploys to: `GET /api/v1/sites?stack_id=`, page by page. A stack
   * can hold sites of several stages (a prod factory with staged-down dev sites), so a deploy says which
   * sites it touched (`Deployment.affectedSiteIds`, issue 13). Read when the update has finished: a failed
   * read costs the deployment this list, never the finished deploy (undefined, as for any vendor that does
   * not say).
   */
  async function sitesOnStack(stackId: number, signal: AbortSignal | undefined): Promise<string[] | undefined> {
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

  return {
    async deploy(siteId: string, input: DeployInput) {
      if (input.fromSiteId !== undefined) {
        throw new UnsupportedOperationError(
          'sitefactory',
          'deploys.deploy (fromSiteId)',
          'a code update deploys a VCS ref to a stack; copying sites between factories is staging (POST /api/v2/stage, via provider.raw)',
        );
      }
      const ref = input.ref?.trim();
      if (!ref) {
        throw new ValidationError('sitefactory deploys.deploy: ref is required', {
          vendor: 'sitefactory',
          operation: 'deploys.deploy',
          fieldErrors: { ref: ['is required'] },
        });
      }
      const site = await fetchSiteDetail(context, siteId, input.signal, 'deploys.deploy');
      const stackId = site.stack_id ?? 1;
      const body = { scope: 'sites', sites_ref: ref, sites_type: CODE_UPDATE_TYPE, stack_id: stackId };
      const operation = await startedTaskOperation(
        context,
        'post_Update_update',
        { body, signal: input.signal },
        'deploys.deploy',
        async (task, signal) =>
          toDeployment({
            task,
            siteId: String(site.id),
            ref,
            stackId,
            update: await optionalUpdateStatus(task.id, signal),
            affectedSiteIds: await sitesOnStack(stackId, signal),
          }),
        pollUpdate,
      );
      // A code update has no message field (`capabilities.deploys.message: false`): said, not sent.
      const hasMessage = typeof input.message === 'string' && input.message !== '';
      const warning = () =>
        notKept(
          'sitefactory',
          context.logger,
          'deploys.deploy',
          'message',
          'a Site Factory code update keeps no message',
        );
      return withWarnings(operation, hasMessage ? [warning()] : []);
    },
    list() {
      return unsupportedList<Deployment>(
        'sitefactory',
        'deploys.list',
        'the update history (GET /api/v1/update) is factory-wide and does not name stacks or sites',
      );
    },
  };
}
