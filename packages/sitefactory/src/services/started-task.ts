import { createOperation, isOmnihostError, type Operation, type OperationInput, type Task } from '@omnihost/core';
import type { SiteFactoryOperationId } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { taskStartedSchema } from '../schemas/wip-task.js';
import type { ServiceContext } from './context.js';
import { fetchTask } from './tasks.js';

/**
 * Sends a call that starts a WIP task (`{"task_id": 123}`), reads the task once so the operation starts
 * from the factory's own view of it, and returns an {@link Operation} on core's waiter.
 *
 * The start request is never repeated (core does not replay a POST that may have run). Once it has
 * succeeded the work exists at the factory, so a failed first read of the task does not fail the call:
 * the caller would lose the task id and might start the work a second time. The operation then starts
 * from an `unknown` state, which `wait()` keeps polling.
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
  let task: Task;
  try {
    task = await poll(started.taskId, input.signal);
  } catch (error) {
    if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
    task = {
      vendor: 'sitefactory',
      id: started.taskId,
      state: 'unknown',
      message: `started; its first status read failed (${error.name})`,
      rawStatus: '',
      raw: started,
    };
  }
  return createOperation({ task, poll: (signal) => poll(started.taskId, signal), complete });
}
