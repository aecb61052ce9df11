import { isTerminalTaskState, type Task } from '@omnihost/core';
import { taskStateOf } from '../rules/task-states.js';
import { toDate } from '../schemas/scalars.js';
import type { Transaction } from '../schemas/transaction.js';

/** Lines of `log_output` kept in a failed task's message: the end is where the error is. */
const LOG_TAIL_LINES = 6;
const LOG_LINE_CHARS = 160;

/**
 * A transaction as a Task. OnApp reports no progress. A failed or cancelled transaction's message is the
 * tail of its `log_output` (where OnApp writes the error and backtrace, vendors/onapp.md §4), or the one
 * passed in (the log of the step that failed, for a chain cancelled behind it).
 * @public
 */
export function toTask(transaction: Transaction, raw: unknown, failureLog?: string | undefined): Task {
  const state = taskStateOf(transaction.status);
  const failed = state === 'failed' || state === 'cancelled';
  const log = failureLog ?? transaction.log_output ?? '';
  const tail = failed ? logTail(log) : undefined;
  return {
    vendor: 'onapp',
    id: String(transaction.id),
    state,
    kind: transaction.action || undefined,
    message: failed
      ? (tail ?? `transaction ${transaction.action ?? ''} ${transaction.status ?? ''}`.trim())
      : undefined,
    createdAt: toDate(transaction.created_at),
    startedAt: toDate(transaction.started_at),
    finishedAt: isTerminalTaskState(state) ? toDate(transaction.updated_at) : undefined,
    rawStatus: transaction.status ?? '',
    raw,
  };
}

const ERROR_LINE = /\b(?:error|fatal|exception|failed)\b/i;

/**
 * The last few non-empty lines of a log, each bounded in length. When the error line itself is further up
 * (2.x panels print `System Error (...)` first and a backtrace after it, squall cassette
 * transaction_list), that line leads the tail.
 * @public
 */
export function logTail(log: string): string | undefined {
  const lines = log
    .split(/\r?\n/)
    .map((line) => line.trim().slice(0, LOG_LINE_CHARS))
    .filter((line) => line.length > 0);
  if (lines.length === 0) return undefined;
  const tail = lines.slice(-LOG_TAIL_LINES);
  const errorLine = lines.find((line) => ERROR_LINE.test(line));
  if (errorLine && !tail.includes(errorLine)) tail.unshift(errorLine, '…');
  return tail.join(' | ');
}
