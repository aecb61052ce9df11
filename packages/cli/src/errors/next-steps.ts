import type { StartKind } from '@omnihost/core';
import { commandLine } from '../output/shell.js';

/** How the command that failed reached its vendor, to repeat in the commands suggested (no secret). @public */
export interface SuggestionContext {
  /** Non-secret connection flags the command was given (`--vendor onapp --base-url …`). */
  readonly connectionArgs?: readonly string[] | undefined;
  /** Secret connection flags it was given (`--api-key`): named, never repeated with their value. */
  readonly secretFlags?: readonly string[] | undefined;
}

/** A suggested command longer than this is hard to copy from a terminal: the JSON goes in a file instead. */
const LONGEST_INLINE_COMMAND = 400;

/** What a start call of each kind began, as the messages name it. */
const WORK: Readonly<Record<StartKind, string>> = {
  'backups.create': 'backup',
  'backups.restore': 'restore',
  'backups.delete': 'deletion of the backup',
  'deploys.deploy': 'deploy',
};

/**
 * What to do after a failed command, from its report's details (issue 15), as indented lines:
 * - a start whose outcome is `unknown`: the work may have started, so do not just run the command again; the
 *   exact `omnihost operations reconcile … --wait` that finds it and waits for it;
 * - any other call whose outcome is `unknown` (no intent to reconcile with): check before running it again;
 * - a start that is `not-started`: running it again cannot do the work twice;
 * - a start whose request timed out: the request timeout, which a run again would hit again;
 * - a wait that ended before its task did (Ctrl-C, the wait deadline, polls that kept failing): the task goes
 *   on, and the command that resumes the wait (`operations resume`, else `tasks wait`).
 * @internal
 */
export function nextSteps(details: Readonly<Record<string, unknown>>, context: SuggestionContext = {}): string[] {
  const vendor = typeof details.vendor === 'string' ? details.vendor : undefined;
  const lines: string[] = [];
  const intent = details.intent;
  if (details.outcome === 'unknown' && isRecord(intent)) {
    const work = WORK[intent.kind as StartKind] ?? 'work';
    const where = typeof intent.vendor === 'string' ? intent.vendor : (vendor ?? 'the vendor');
    lines.push(
      `The ${work} may have started: ${where} may have received the request before its answer was lost.`,
      `Do not just run the command again: that could start a second ${work}. Find this one, and wait for it, with:`,
      ...withJson(context, ['operations', 'reconcile'], '--intent-file', 'intent.json', JSON.stringify(intent)),
      'If it finds that nothing was started (exit 16), running the command again is safe.',
    );
  } else if (details.outcome === 'unknown') {
    // A request that may have been processed, of a call that kept no intent (a vendor package that does not
    // record one yet, `tasks cancel`): nothing to reconcile with, but the warning holds.
    lines.push(
      `${vendor ?? 'The vendor'} may have received the request before its answer was lost, and done the work.`,
      'Check before running the command again: it could do the work twice.',
    );
  } else if (details.outcome === 'not-started') {
    lines.push(
      `Nothing was started${vendor ? ` at ${vendor}` : ''}: running the command again cannot do the work twice.`,
    );
  }
  if (details.outcome !== undefined && details.phase === 'request' && typeof details.timeoutMs === 'number') {
    // Issue 15's `--timeout-ms 1`: run again as it was, the start times out again, whatever it proved.
    lines.push(
      `Each request may take at most ${details.timeoutMs} ms here (--request-timeout-ms, OMNIHOST_TIMEOUT_MS): ` +
        (details.outcome === 'not-started'
          ? 'give it longer before running the command again.'
          : 'give the vendor longer (the command above leaves out the flag, not the variable).'),
    );
  }
  const taskId = details.taskId;
  if (typeof taskId === 'string' && details.name !== 'TaskFailedError') {
    lines.push(
      `Task ${taskId} goes on${vendor ? ` at ${vendor}` : ''}: only the wait stopped ` +
        `(\`${commandLine([...(context.connectionArgs ?? []), 'tasks', 'cancel', taskId])}\` asks the vendor to stop the task).`,
    );
    if (isRecord(details.resume)) {
      lines.push(
        'Resume the wait (and get its result) with:',
        ...withJson(
          context,
          ['operations', 'resume'],
          '--operation-file',
          'operation.json',
          JSON.stringify(details.resume),
        ),
        `Or follow the task alone: ${commandLine([...(context.connectionArgs ?? []), 'tasks', 'wait', taskId])}`,
      );
    } else {
      lines.push(`Resume the wait with: ${commandLine([...(context.connectionArgs ?? []), 'tasks', 'wait', taskId])}`);
    }
  }
  if (lines.length > 0 && (context.secretFlags?.length ?? 0) > 0) {
    lines.push(`(Give it the credentials this command was given: ${context.secretFlags?.join(', ')}.)`);
  }
  return lines.map((line) => `  ${line}`);
}

/**
 * The command that takes `json`, as one line to paste, or, when that line would be too long, the JSON to save
 * in a file and the command that reads the file.
 */
function withJson(
  context: SuggestionContext,
  command: readonly string[],
  fileFlag: string,
  fileName: string,
  json: string,
): string[] {
  const base = [...(context.connectionArgs ?? []), ...command];
  const inline = commandLine([...base, json, '--wait']);
  if (inline.length <= LONGEST_INLINE_COMMAND) return [`  ${inline}`];
  return [
    `  (save this line as ${fileName}:)`,
    `  ${json}`,
    `  ${commandLine([...base, fileFlag, fileName, '--wait'])}`,
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
