import { type CallOptions, type Task, type TaskService, taskWaiter, UnsupportedOperationError } from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import type { OnAppClient } from '../client/onapp-client.js';
import { numericId } from '../client/resource-path.js';
import { toTask } from '../mapping/to-task.js';
import { taskStateOf } from '../rules/task-states.js';
import type { Transaction } from '../schemas/transaction.js';

/** How far back a cancelled chain is followed to find the step that failed. */
const MAX_CHAIN_DEPTH = 10;

/**
 * Fetches a transaction as a Task. When it was cancelled behind a step that failed (OnApp cancels the
 * rest of a chain), that step's log becomes the message, so a failed rebuild says why.
 * @internal
 */
export async function fetchTask(client: OnAppClient, taskId: string, options?: CallOptions): Promise<Task> {
  const transaction = await client.transactions.get(taskId, options);
  let failureLog: string | undefined;
  if (taskStateOf(transaction.status) === 'cancelled') {
    failureLog = await failedPredecessorLog(client, transaction, options);
  }
  return toTask(transaction, rawOf(transaction), failureLog);
}

async function failedPredecessorLog(
  client: OnAppClient,
  transaction: Transaction,
  options?: CallOptions,
): Promise<string | undefined> {
  let current = transaction;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH && current.dependent_transaction_id != null; depth += 1) {
    current = await client.transactions.get(current.dependent_transaction_id, options);
    if (taskStateOf(current.status) === 'failed') {
      // On a line of its own, so the log tail (see `logTail`) leads with which step failed.
      return `${current.action ?? 'step'} failed\n${current.log_output ?? ''}`;
    }
  }
  return undefined;
}

/**
 * Tasks = transactions; `wait` is core's {@link taskWaiter} over `get` (a malformed id is refused before
 * anything is sent). OnApp has no public cancel endpoint (vendors/onapp.md §4).
 * @internal
 */
export function createTaskService(client: OnAppClient): TaskService {
  const get = async (taskId: string, options?: CallOptions) => {
    numericId(taskId, 'transaction', 'tasks.get');
    return fetchTask(client, taskId, options);
  };
  return {
    get,
    wait: taskWaiter(get, (taskId) => numericId(taskId, 'transaction', 'tasks.wait')),
    async cancel() {
      throw new UnsupportedOperationError(
        'onapp',
        'tasks.cancel',
        'OnApp has no public API to cancel a transaction (only the control panel UI can)',
      );
    },
  };
}
