import { isOmnihostError, type OmnihostErrorName } from '@omnihost/core';

/**
 * Exit codes that are not an omnihost error class. `usage` follows the shell convention for a misused
 * command (bash builtins, `getopt`); `interrupted` is 128 + SIGINT, what a shell reports for Ctrl-C.
 * @public
 */
export const GENERAL_EXIT_CODES = {
  ok: 0,
  /** Anything that is not an omnihost error: a bug, an unexpected failure. */
  unexpected: 1,
  /** Unknown command, unknown option, missing argument. */
  usage: 2,
  /**
   * `operations reconcile`: the vendor's records show that the start never happened, so starting it again
   * cannot do the work twice (issue 15). Not an error class: a script branches on it.
   */
  notStarted: 16,
  /** Ctrl-C (SIGINT) during a command. */
  interrupted: 130,
} as const;

/**
 * The one table of exit codes per error class, so scripts can branch on what went wrong without parsing
 * text (`if [ $? -eq 6 ]; then echo "no such site"; fi`). Typed as a record over every class core
 * exports: a class added to core does not compile here until it has a code.
 * @public
 */
export const EXIT_CODES: Readonly<Record<OmnihostErrorName, number>> = {
  ConfigurationError: 3,
  AuthenticationError: 4,
  PermissionError: 5,
  NotFoundError: 6,
  ValidationError: 7,
  ConflictError: 8,
  RateLimitError: 9,
  ServerError: 10,
  NetworkError: 11,
  TimeoutError: 12,
  ResponseValidationError: 13,
  UnsupportedOperationError: 14,
  TaskFailedError: 15,
  AbortError: GENERAL_EXIT_CODES.interrupted,
};

/** The exit code for an error: its class's code, or `unexpected` for anything that is not an omnihost error. @public */
export function exitCodeFor(error: unknown): number {
  if (!isOmnihostError(error)) return GENERAL_EXIT_CODES.unexpected;
  return EXIT_CODES[error.name as OmnihostErrorName] ?? GENERAL_EXIT_CODES.unexpected;
}

/**
 * The exit codes as `--help` lists them, generated from the tables above so the two cannot disagree, wrapped
 * to `width` columns.
 * @public
 */
export function describeExitCodes(width = 80): string {
  const entries: [number, string][] = [
    ...Object.entries(GENERAL_EXIT_CODES).map(([name, code]): [number, string] => [code, name]),
    ...Object.entries(EXIT_CODES)
      .filter(([name]) => name !== 'AbortError')
      .map(([name, code]): [number, string] => [code, name]),
  ];
  const items = entries.sort(([a], [b]) => a - b).map(([code, name]) => `${code} ${name}`);
  // Wrapped by hand: commander does not wrap text added with addHelpText.
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] as string).length + item.length + 2 <= width) lines[last] += `, ${item}`;
    else lines.push(`  ${item}`);
  }
  return lines.join('\n');
}
