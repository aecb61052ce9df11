import {
  createOperation,
  isOmnihostError,
  type Operation,
  type OperationInput,
  type OperationJSON,
  type StartContext,
  type StartKind,
  type StartResult,
  type Task,
} from '@omnihost/core';
import type { SiteFactoryOperationId } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { taskStartedSchema } from '../schemas/wip-task.js';
import { findCreatedBackup } from './backup-records.js';
import { factoryClaims } from './claims.js';
import type { ServiceContext } from './context.js';
import { fetchTask } from './tasks.js';
import { finishedDeployment, pollUpdate } from './updates.js';

/**
 * The operation of a started WIP task, from its JSON: the one place that says how each start kind is waited
 * for and what it resolves to, so a start, a reconcile and a resume in another process all end the same way.
 * - `backups.create`: the task, then the site's backup whose label carries the call's key;
 * - `backups.restore`, `backups.delete`: the finished task;
 * - `deploys.deploy`: the updater task with the update's percentage, then the deployment (`details.ref`,
 *   `details.stackId`).
 * @internal
 */
export function operationOf<K extends StartKind>(
  context: ServiceContext,
  json: OperationJSON & { kind: K },
  task: Task,
): Operation<StartResult<K>> {
  const kind: StartKind = json.kind;
  const poll =
    kind === 'deploys.deploy'
      ? (signal: AbortSignal | undefined) => pollUpdate(context, json.taskId, signal)
      : (signal: AbortSignal | undefined) => fetchTask(context, json.taskId, signal, kind);
  const complete = async (final: Task, signal: AbortSignal | undefined): Promise<unknown> => {
    if (kind === 'backups.create') {
      return findCreatedBackup(context, json.siteId, json.key, json.startedAt, final, signal);
    }
    if (kind === 'deploys.deploy') {
      const ref = typeof json.details?.ref === 'string' ? json.details.ref : undefined;
      const stackId = Number(json.details?.stackId ?? 1);
      return finishedDeployment(context, { task: final, siteId: json.siteId, ref, stackId }, signal);
    }
    return final;
  };
  return createOperation({ task, poll, complete, json }) as Operation<StartResult<K>>;
}

/** What a start call sends, and what its operation keeps beyond the task. @internal */
export interface TaskStart {
  readonly operationId: SiteFactoryOperationId;
  readonly input: OperationInput;
  /** `OperationJSON.details`: what resuming needs besides the task (a deploy's ref and stack). */
  readonly details?: OperationJSON['details'];
}

/**
 * Sends a call that starts a WIP task (`{"task_id": 123}`), reads the task once so the operation starts
 * from the factory's own view of it, and returns an {@link Operation} on core's waiter, with its JSON.
 *
 * The start request is never repeated (core does not replay a POST that may have run). Once the factory has
 * answered with the task id the work exists (`start.accepted()`), and the task is claimed for the call's key,
 * so a reconcile of another call never adopts it. A failed first read of the task then does not fail the call:
 * the caller would lose the task id and might start the work a second time. The operation starts from an
 * `unknown` state, which `wait()` keeps polling.
 * @internal
 */
export async function startTaskOperation<K extends StartKind>(
  context: ServiceContext,
  kind: K,
  start: StartContext,
  request: TaskStart,
): Promise<Operation<StartResult<K>>> {
  const { intent } = start;
  const started = await requestOperation(
    context.client,
    request.operationId,
    request.input,
    taskStartedSchema,
    intent.kind,
  );
  start.accepted();
  const claimed = await factoryClaims(context).claim('sitefactory', started.taskId, intent.key);
  if (!claimed) {
    // Another call's reconcile adopted this task by time before this answer came: that match was wrong.
    context.logger?.warn?.(
      `sitefactory ${intent.kind}: task ${started.taskId} was adopted by another call's reconcile`,
      {
        vendor: 'sitefactory',
        operation: intent.kind,
        taskId: started.taskId,
      },
    );
  }
  const json: OperationJSON & { kind: K } = {
    vendor: 'sitefactory',
    kind,
    siteId: intent.siteId,
    taskId: started.taskId,
    key: intent.key,
    startedAt: intent.startedAt,
    ...(request.details ? { details: request.details } : {}),
  };
  let task: Task;
  try {
    task =
      intent.kind === 'deploys.deploy'
        ? await pollUpdate(context, started.taskId, request.input.signal)
        : await fetchTask(context, started.taskId, request.input.signal, intent.kind);
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
  return operationOf(context, json, task);
}
