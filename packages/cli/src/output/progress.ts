import type { Task, WaitOptions } from '@omnihost/core';
import type { CommandContext } from '../context.js';
import { safeLine } from './layout.js';
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
 * Runs a wait with a spinner on stderr when a person is watching (a TTY, no `--json`). Without a terminal (CI
 * logs, a pipe), it writes one line per change of state on stderr instead, starting with the first: a wait of
 * half an hour that printed nothing left no task id behind when the job was killed (issue 15). With `--json`
 * it writes nothing, so stderr holds at most the one JSON line of an error. The spinner library is loaded only
 * when it is shown. `label` names the task (`backup of 104 (task 29)`).
 * @public
 */
export async function withProgress<T>(
  context: CommandContext,
  label: string,
  wait: (options: WaitOptions) => Promise<T>,
  options: WaitOptions,
): Promise<T> {
  if (context.json) return wait(options);
  if (!context.interactive) return waitWithLines(context, label, wait, options);
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

/** Progress lines are written for a change of state, vendor status or message, or this much more progress. */
const PROGRESS_STEP = 10;

/** The wait without a terminal: `label: running (in-progress)`, one line per change, never a redraw. */
async function waitWithLines<T>(
  context: CommandContext,
  label: string,
  wait: (options: WaitOptions) => Promise<T>,
  options: WaitOptions,
): Promise<T> {
  let shown: Task | undefined;
  const write = (text: string) => context.io.stderr.write(`${label}: ${text}\n`);
  const result = await wait({
    ...options,
    onProgress: (task) => {
      if (worthALine(shown, task)) {
        shown = task;
        const message = task.message ? ` - ${safeLine(task.message)}` : '';
        write(`${safeLine(describeTask(task))}${message}`);
      }
      options.onProgress?.(task);
    },
  });
  write('done');
  return result;
}

function worthALine(shown: Task | undefined, task: Task): boolean {
  if (!shown) return true;
  if (shown.state !== task.state || shown.rawStatus !== task.rawStatus || shown.message !== task.message) return true;
  return task.progress !== undefined && task.progress - (shown.progress ?? 0) >= PROGRESS_STEP;
}
