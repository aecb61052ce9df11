import {
  type Backup,
  type Deployment,
  isTerminalTaskState,
  type Operation,
  type OperationJSON,
  type Task,
} from '@omnihost/core';
import type { CommandContext } from '../context.js';
import { leftTaskRunning, noteWaitContext } from '../errors/wait-context.js';
import { withProgress } from '../output/progress.js';
import { recordTable } from '../output/tables.js';
import { waitDeadlineMs } from './option-values.js';

/** `--wait` and `--wait-timeout` (or its old spelling `--timeout`) as commander parses them. @internal */
export interface WaitFlags {
  wait?: boolean;
  /** Seconds. */
  waitTimeout: number;
  /** Seconds: the old spelling of `waitTimeout`, when given. */
  timeout?: number | undefined;
}

/**
 * The one way long-running commands finish: without `--wait`, print the task the vendor started and how
 * to follow it; with `--wait`, wait (spinner on a terminal, Ctrl-C aborts) and print the result — the new
 * backup, the deployment, the finished task. A failed task surfaces as `TaskFailedError` (its exit code).
 * @internal
 */
export async function finishOperation<T extends Backup | Deployment | Task>(
  context: CommandContext,
  label: string,
  operation: Operation<T>,
  flags: WaitFlags,
): Promise<void> {
  if (!flags.wait) {
    context.print(operation.task, () => recordTable(operation.task, context));
    context.note(`Started task ${operation.task.id}. Follow it with: omnihost tasks wait ${operation.task.id}`);
    return;
  }
  await waitAndPrint(context, label, operation, flags);
}

/**
 * `--wait`: waits for the operation (progress on stderr) and prints its result. A wait that ends before the
 * task (Ctrl-C, the deadline, polls that kept failing) leaves its error the task id and the operation as data,
 * so the report says how to resume (issue 15): the task goes on at the vendor.
 * @internal
 */
export async function waitAndPrint<T extends Backup | Deployment | Task>(
  context: CommandContext,
  label: string,
  operation: Operation<T>,
  flags: WaitFlags,
): Promise<void> {
  let last = operation.task;
  try {
    const result = await withProgress(
      context,
      `${label} (task ${operation.task.id})`,
      (options) => operation.wait(options),
      {
        timeoutMs: waitDeadlineMs(flags),
        signal: context.io.signal,
        onProgress: (task) => {
          last = task;
        },
      },
    );
    context.print(result, () => recordTable(result, context));
  } catch (error) {
    // A task seen ending is not resumable: a failed one is TaskFailedError's to report, and one that succeeded
    // failed afterwards, while its result was read.
    if (leftTaskRunning(error) && !isTerminalTaskState(last.state)) {
      noteWaitContext(error, {
        vendor: operation.task.vendor,
        taskId: operation.task.id,
        resume: operationJsonOf(operation),
      });
    }
    throw error;
  }
}

/**
 * The operation as data, or undefined where the vendor cannot give it (an operation not started by a start
 * call, or a vendor package without `operations.resume` yet): then only `tasks wait` is suggested.
 * @internal
 */
export function operationJsonOf(operation: Operation<unknown>): OperationJSON | undefined {
  try {
    return operation.toJSON();
  } catch {
    return undefined;
  }
}
