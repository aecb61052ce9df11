import type { Task, WaitOptions } from '@omnihost/core';
import type { CommandContext } from '../context.js';
import { saysMore } from './terms.js';

/**
 * A line of progress a person can read: `running 40% (in-progress)`, with the vendor's status only where it
 * says more than the state (`running`, never `running (running)`).
 * @public
 */
export function describeTask(task: Task): string {
  const progress = task.progress === undefined ? '' : ` ${Math.round(task.progress)}%`;
  const vendor = saysMore(task.state, task.rawStatus) ? ` (${task.rawStatus})` : '';
  return `${task.state}${progress}${vendor}`;
}

/**
 * Runs a wait with a spinner on stderr when a person is watching (a TTY, no `--json`); otherwise silently,
 * so piped and machine output stays clean. The spinner library is loaded only when it is shown.
 * @public
 */
export async function withProgress<T>(
  context: CommandContext,
  label: string,
  wait: (options: WaitOptions) => Promise<T>,
  options: WaitOptions,
): Promise<T> {
  if (!context.interactive) return wait(options);
  const { default: ora } = await import('ora');
  const spinner = ora({
    text: `${label}: waiting`,
    stream: context.io.stderr as NodeJS.WritableStream,
    color: context.color ? 'cyan' : false,
    // Leave stdin alone: Ctrl-C must reach our SIGINT handler, which aborts the wait cleanly.
    discardStdin: false,
  }).start();
  try {
    const result = await wait({
      ...options,
      onProgress: (task) => {
        spinner.text = `${label}: ${describeTask(task)}`;
        options.onProgress?.(task);
      },
    });
    spinner.succeed(`${label}: done`);
    return result;
  } catch (error) {
    spinner.fail(`${label}: ${error instanceof Error ? error.name : 'failed'}`);
    throw error;
  }
}
