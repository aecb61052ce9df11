import { isOmnihostError, isTaskFailedError, scrubSecrets } from '@omnihost/core';
import { saysMore } from '../output/terms.js';
import { exitCodeFor } from './exit-codes.js';
import { nextSteps, type SuggestionContext } from './next-steps.js';
import { waitContextOf } from './wait-context.js';

/** What the CLI prints for a failed command, before it is turned into text or JSON. @public */
export interface ErrorReport {
  /** The error class (`NotFoundError`), or `Error` for anything else. */
  readonly name: string;
  readonly message: string;
  readonly exitCode: number;
  /**
   * The error's safe fields (vendor, operation, method, path, status, vendor code, request id, ...). For a
   * start call: `outcome` (`unknown`: the work may have started; `not-started`) and `intent` (what
   * `omnihost operations reconcile` takes). For a wait: `taskId`, and `resume` (what `omnihost operations
   * resume` takes) where the vendor can give it.
   */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Builds the report for an error. Omnihost errors are already credential-free by construction (core
 * builds them from safe fields only); every string is scrubbed of the secrets the CLI was given anyway,
 * because a vendor may echo what it was sent. Non-omnihost errors print their message only: their other
 * properties (an axios config, say) may hold headers.
 * @public
 */
export function buildErrorReport(error: unknown, secrets: readonly string[]): ErrorReport {
  const exitCode = exitCodeFor(error);
  if (isOmnihostError(error)) {
    const { name, message, ...details } = error.toJSON();
    // Issue 15: a wait that ended names its task, so the person (or script) can resume it.
    const wait = waitContextOf(error);
    const taskId = wait?.taskId ?? (isTaskFailedError(error) ? error.task.id : details.taskId);
    if (taskId !== undefined) details.taskId = taskId;
    if (wait && details.vendor === undefined) details.vendor = wait.vendor;
    if (wait?.resume) details.resume = wait.resume;
    return { name, message: scrubSecrets(message, secrets), exitCode, details: scrubValue(details, secrets) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'Error', message: scrubSecrets(message, secrets), exitCode, details: {} };
}

/**
 * The report as people read it: the message, then the useful fields on indented lines, then what to do next
 * where the error leaves work behind (issue 15): a start that may have happened, a wait that stopped before
 * its task. `context` puts the connection flags the command was given into the commands suggested.
 * @public
 */
export function formatErrorText(report: ErrorReport, error: unknown, context: SuggestionContext = {}): string {
  // In the CLI an AbortError only comes from Ctrl-C (exit 130): it is an interruption, not a failure.
  const heading = report.name === 'AbortError' ? 'Interrupted' : 'Error';
  const lines = [`${heading} (${report.name}): ${report.message}`];
  const problems = report.details.problems;
  if (Array.isArray(problems) && problems.length > 1) {
    for (const problem of problems) lines.push(`  - ${String(problem)}`);
  }
  const fieldErrors = report.details.fieldErrors;
  if (fieldErrors && typeof fieldErrors === 'object') {
    for (const [field, messages] of Object.entries(fieldErrors)) {
      lines.push(`  ${field}: ${Array.isArray(messages) ? messages.join('; ') : String(messages)}`);
    }
  }
  if (isTaskFailedError(error)) {
    const { id, state, rawStatus } = error.task;
    lines.push(`  task ${id}: ${state}${saysMore(state, rawStatus) ? ` (vendor status ${rawStatus})` : ''}`);
  }
  const requestId = report.details.requestId;
  if (typeof requestId === 'string' && !report.message.includes(requestId)) lines.push(`  request id: ${requestId}`);
  if (report.name === 'ConfigurationError') {
    lines.push('  Set the OMNIHOST_* variables or pass the flags; see `omnihost --help`.');
  }
  lines.push(...nextSteps({ name: report.name, ...report.details }, context));
  return lines.join('\n');
}

function scrubValue(value: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  // JSON round trip: the details are JSON-safe by contract (toJSON), and this scrubs nested strings too.
  const text = scrubSecrets(JSON.stringify(value), secrets.map(jsonEscaped));
  return JSON.parse(text) as Record<string, unknown>;
}

/** A secret as it appears inside a JSON string (quotes and backslashes escaped). */
function jsonEscaped(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}
