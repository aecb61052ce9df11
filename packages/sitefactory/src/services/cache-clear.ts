import { type CallOptions, type Task, taskWaiter, type WaitOptions } from '@omnihost/core';
import { requestOperation } from '../client/request-operation.js';
import { cacheClearResponseSchema } from '../schemas/wip-task.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';
import { fetchTask } from './tasks.js';

/**
 * A cache clear in flight: Site Factory starts two WIP tasks, one clearing Drupal's caches and one
 * purging Varnish (the only Varnish endpoint there is, vendors/sitefactory.md §2.5).
 * @public
 */
export interface CacheClearOperation {
  /** The tasks as first read (one when the factory gave the same id twice). */
  readonly tasks: readonly Task[];
  /** Waits for every task; throws `TaskFailedError` as soon as one fails. */
  wait(options?: WaitOptions): Promise<Task[]>;
}

/** Clears a site's Drupal and Varnish caches (`POST /api/v1/sites/{id}/cache-clear`). @internal */
export async function clearCaches(
  context: ServiceContext,
  siteId: string,
  options: CallOptions = {},
): Promise<CacheClearOperation> {
  const site = numericId(siteId, 'siteId', 'sites.clearCaches');
  const data = await requestOperation(
    context.client,
    'post_Sites_clearCaches',
    { path: { site_id: site }, signal: options.signal },
    cacheClearResponseSchema,
    'sites.clearCaches',
  );
  const ids = [data.task_ids.drupal_cache_clear, data.task_ids.varnish_cache_clear]
    .filter((id): id is number => id !== undefined)
    .map(String);
  const unique = [...new Set(ids)];
  const tasks = await Promise.all(unique.map((id) => fetchTask(context, id, options.signal, 'sites.clearCaches')));
  const waitFor = taskWaiter((taskId, call) => fetchTask(context, taskId, call.signal, 'sites.clearCaches'));
  return {
    tasks,
    wait: (waitOptions: WaitOptions = {}) => Promise.all(tasks.map((task) => waitFor(task, waitOptions))),
  };
}
