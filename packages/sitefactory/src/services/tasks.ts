import { type CallOptions, type Task, type TaskService, taskWaiter } from '@omnihost/core';
import { requestOperation } from '../client/request-operation.js';
import { toTask } from '../mapping/to-task.js';
import { wipTaskStatusResponseSchema } from '../schemas/wip-task.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';

/** Fetches one WIP task (`GET /api/v1/wip/task/{id}/status`, the one stable polling endpoint). @internal */
export async function fetchTask(
  context: ServiceContext,
  taskId: string,
  signal: AbortSignal | undefined,
  operation = 'tasks.get',
): Promise<Task> {
  const id = numericId(taskId, 'taskId', operation);
  const data = await requestOperation(
    context.client,
    'get_WipTaskStatus_getWipTaskStatus',
    { path: { task_id: id }, signal },
    wipTaskStatusResponseSchema,
    operation,
  );
  return toTask(data.wip_task);
}

/**
 * Tasks = WIP tasks: get, wait (core's `taskWaiter`: a malformed id is refused before the first poll), cancel
 * (terminate with the legacy-path fallback).
 * @internal
 */
export function createTaskService(context: ServiceContext): TaskService {
  return {
    get: (taskId, options: CallOptions = {}) => fetchTask(context, taskId, options.signal),
    wait: taskWaiter(
      (taskId, options) => fetchTask(context, taskId, options.signal, 'tasks.wait'),
      (taskId) => numericId(taskId, 'taskId', 'tasks.wait'),
    ),
    async cancel(taskId, options: CallOptions = {}) {
      await context.raw.terminateTask(numericId(taskId, 'taskId', 'tasks.cancel'), options);
    },
  };
}
