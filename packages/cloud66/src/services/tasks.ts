import {
  type CallOptions,
  ConflictError,
  NotFoundError,
  type Task,
  type TaskService,
  taskWaiter,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { type Cloud66TaskRef, parseCloud66TaskId } from '../mapping/task-id.js';
import { actionToTask, stackToTask } from '../mapping/to-task.js';
import { actionPhase } from '../rules/task-states.js';
import { DEPLOY_ACTIONS } from './deploy-messages.js';

/**
 * Tasks are async actions, polled by id under their stack (`<stack uid>:<action id>`), or, for a redeploy
 * that returned no action id, the stack's own deploy state (`<stack uid>:stack`).
 * @internal
 */
export function createTaskService(raw: Cloud66Client): TaskService {
  const get = async (taskId: string, options: CallOptions = {}): Promise<Task> => {
    const ref = refOf(taskId, 'tasks.get');
    if (ref.kind === 'stack') return stackToTask(await raw.stacks.get(ref.stackUid, options));
    return actionToTask(ref.stackUid, await raw.actions.get(ref.stackUid, ref.actionId, options));
  };

  return {
    get,
    // A malformed id is refused before anything is sent.
    wait: taskWaiter(get, (id) => refOf(id, 'tasks.wait')),
    cancel: async (taskId, options = {}) => cancel(raw, refOf(taskId, 'tasks.cancel'), options),
  };
}

/**
 * Cloud 66 can cancel a live deployment (`DELETE /stacks/{uid}/deployments/{id}`) and nothing else. The
 * deployment id is found the way the vendor notes recommend (§5): the deployment with `is_deploying`.
 * A deploy still queued behind other work has no deployment yet, so it cannot be cancelled.
 */
async function cancel(raw: Cloud66Client, ref: Cloud66TaskRef, options: CallOptions): Promise<void> {
  const where = { vendor: 'cloud66' as const, operation: 'tasks.cancel' };
  if (ref.kind === 'action') {
    const action = await raw.actions.get(ref.stackUid, ref.actionId, options);
    if (!DEPLOY_ACTIONS.has(action.action ?? '')) {
      throw new UnsupportedOperationError(
        'cloud66',
        'tasks.cancel',
        `Cloud 66 can cancel deployments only, not a ${action.action ?? 'unnamed'} action`,
      );
    }
    const phase = actionPhase(action);
    if (phase !== 'running' && phase !== 'not-started') return;
    if (phase === 'not-started') {
      throw new ConflictError(
        'cloud66 tasks.cancel: the deploy is queued behind other work and cannot be cancelled until it starts',
        where,
      );
    }
  }
  for await (const page of raw.deployments.list(ref.stackUid, options).pages()) {
    const live = page.find((deployment) => deployment.is_deploying === true);
    if (live) {
      await raw.deployments.cancel(ref.stackUid, live.id, options);
      return;
    }
    break;
  }
  throw new ConflictError(`cloud66 tasks.cancel: no deployment is running on stack ${ref.stackUid}`, where);
}

function refOf(taskId: string, operation: string): Cloud66TaskRef {
  if (typeof taskId !== 'string' || taskId.trim() === '') {
    throw new ValidationError(`cloud66 ${operation}: taskId is required`, {
      vendor: 'cloud66',
      operation,
      fieldErrors: { taskId: ['is required'] },
    });
  }
  const ref = parseCloud66TaskId(taskId);
  // The stack part is a stack uid: hexadecimal, or the id names nothing (and nothing is sent).
  if (ref && /^[0-9a-f]{1,128}$/i.test(ref.stackUid)) return ref;
  throw new NotFoundError(
    `cloud66 ${operation}: ${JSON.stringify(taskId.slice(0, 80))} is not a Cloud 66 task id (expected "<stack uid>:<action id>")`,
    { vendor: 'cloud66', operation },
  );
}
