import { createOperation, type Operation, type Task } from '@omnihost/core';
import type { SiteFactoryOperationId } from '../client/operations.js';
import { type OperationInput, requestOperation } from '../client/request-operation.js';
import { taskStartedSchema } from '../schemas/wip-task.js';
import type { ServiceContext } from './context.js';
import { fetchTask } from './tasks.js';

/**
 * Sends a call that starts a WIP task (`{"task_id": 123}`), reads the task once so the operation starts
 * from the factory's own view of it, and returns an {@link Operation} on core's waiter.
 * @internal
 */
export async function startedTaskOperation<T>(
  context: ServiceContext,
  operationId: SiteFactoryOperationId,
  input: OperationInput,
  operation: string,
  complete: (task: Task, signal: AbortSignal | undefined) => Promise<T>,
  poll: (taskId: string, signal: AbortSignal | undefined) => Promise<Task> = (taskId, signal) =>
    fetchTask(context, taskId, signal, operation),
): Promise<Operation<T>> {
  const started = await requestOperation(context.client, operationId, input, taskStartedSchema, operation);
  const task = await poll(started.taskId, input.signal);
  return createOperation({ task, poll: (signal) => poll(started.taskId, signal), complete });
}
