import { UnsupportedOperationError } from '../errors/error-classes.js';
import type { OperationJSON } from '../model/intent.js';
import type { Task } from '../model/task.js';
import { type WaitOptions, waitForTask } from './wait-for-task.js';

/**
 * What a long-running call returns: the task the vendor started, and `wait()` for the finished result
 * (the new backup, the deployment). `wait()` throws `TaskFailedError`, `TimeoutError` or `AbortError`.
 * @public
 */
export interface Operation<T> {
  /** The task as the vendor reported it when the call returned. */
  readonly task: Task;
  /** Waits for the task and resolves to the result. Safe to call more than once. */
  wait(options?: WaitOptions): Promise<T>;
  /**
   * The operation as data (`{ vendor, kind, siteId, taskId, key, startedAt }`): store it, and another process
   * finishes the wait with `provider.operations.resume(json)`.
   */
  toJSON(): OperationJSON;
}

/** What {@link createOperation} needs from a vendor package. @public */
export interface OperationSpec<T> {
  task: Task;
  /** Fetches the current state of the task. */
  poll(signal: AbortSignal | undefined): Promise<Task>;
  /** Turns the succeeded task into the result (find the new backup, build the deployment). */
  complete(task: Task, signal: AbortSignal | undefined): Promise<T>;
  /** What {@link Operation.toJSON} returns: every start call's operation has it. */
  json?: OperationJSON | undefined;
}

/**
 * Builds an {@link Operation} on the core waiter, so every vendor waits the same way: the initial task
 * counts as the first observation, and the first poll comes after the first interval.
 * @public
 */
export function createOperation<T>(spec: OperationSpec<T>): Operation<T> {
  return {
    task: spec.task,
    async wait(options: WaitOptions = {}) {
      const final = await waitForTask(spec.poll, { ...options, initial: spec.task });
      return spec.complete(final, options.signal);
    },
    toJSON() {
      if (!spec.json) {
        throw new UnsupportedOperationError(
          spec.task.vendor,
          'operation.toJSON',
          'this operation was not started by a start call',
        );
      }
      return spec.json;
    },
  };
}
