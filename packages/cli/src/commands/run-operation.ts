import type { Backup, Deployment, Operation, Task } from '@omnihost/core';
import type { CommandContext } from '../context.js';
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
  const result = await withProgress(context, label, (options) => operation.wait(options), {
    timeoutMs: waitDeadlineMs(flags),
    signal: context.io.signal,
  });
  context.print(result, () => recordTable(result, context));
}
