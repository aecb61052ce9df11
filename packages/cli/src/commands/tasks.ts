import { isTerminalTaskState } from '@omnihost/core';
import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { leftTaskRunning, noteWaitContext } from '../errors/wait-context.js';
import { withProgress } from '../output/progress.js';
import { recordTable } from '../output/tables.js';
import { legacyTimeoutOption, waitDeadlineMs, waitTimeoutOption } from './option-values.js';

/** `omnihost tasks get|wait|cancel`. @public */
export function tasksCommand(io: CliIo): Command {
  const tasks = new Command('tasks').description(
    "follow the vendor's asynchronous work (notifications, WIP tasks, actions, transactions)",
  );
  const contextOf = (command: Command) => new CommandContext(io, command.optsWithGlobals());

  tasks
    .command('get')
    .description('show the current state of a task')
    .argument('<task>', 'task id')
    .action(async (taskId: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const task = await provider.tasks.get(taskId, { signal: io.signal });
      context.print(task, () => recordTable(task, context));
    });

  tasks
    .command('wait')
    .description('wait until a task finishes; exits non-zero when it failed (TaskFailedError) or timed out')
    .argument('<task>', 'task id')
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .action(async (taskId: string, options: { waitTimeout: number; timeout?: number }, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      let finished = false;
      try {
        const task = await withProgress(context, `task ${taskId}`, (wait) => provider.tasks.wait(taskId, wait), {
          timeoutMs: waitDeadlineMs(options),
          signal: io.signal,
          onProgress: (seen) => {
            finished = isTerminalTaskState(seen.state);
          },
        });
        context.print(task, () => recordTable(task, context));
      } catch (error) {
        // The report says how to resume the wait (issue 15), unless the task itself ended.
        if (leftTaskRunning(error) && !finished) noteWaitContext(error, { vendor: provider.vendor, taskId });
        throw error;
      }
    });

  tasks
    .command('cancel')
    .description('ask the vendor to stop a task (where capabilities.tasks.cancel)')
    .argument('<task>', 'task id')
    .action(async (taskId: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      await provider.tasks.cancel(taskId, { signal: io.signal });
      context.print({ id: taskId, cancelRequested: true }, () => `Cancellation of task ${taskId} requested.`);
    });

  return tasks;
}
