import { DEFAULT_WAIT_TIMEOUT_MS, type SiteEnvironment } from '@omnihost/core';
import { InvalidArgumentError, Option } from 'commander';

/**
 * A commander argument parser for a number: a value that is not one is a usage error (exit 2) that says so
 * in words, never zod's "expected number, received NaN" (issue 14). `rule` checks the number and says what
 * is wrong with it.
 */
function numberParser(expected: string, rule: (value: number) => boolean): (value: string) => number {
  return (text) => {
    const trimmed = text.trim();
    // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
    const value = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isFinite(value) || !rule(value)) throw new InvalidArgumentError(`Expected ${expected}.`);
    return value;
  };
}

/** A whole number ≥ 1. @internal */
export const positiveInteger = numberParser(
  'a whole number, 1 or more',
  (value) => Number.isInteger(value) && value >= 1,
);

/** A TCP port (0 = any free port). @internal */
export const portNumber = numberParser(
  'a port number from 0 to 65535 (0: any free port)',
  (value) => Number.isInteger(value) && value >= 0 && value <= 65_535,
);

/** Seconds, as a positive number (fractions allowed). @internal */
export const seconds = numberParser('a number of seconds above 0, such as 90 or 0.5', (value) => value > 0);

/** A probability in [0, 1]. @internal */
export const probability = numberParser('a number from 0 to 1, such as 0.25', (value) => value >= 0 && value <= 1);

/** Any number: core's schema checks its range, naming the variable and the flag. @internal */
export const anyNumber = numberParser('a number', () => true);

/** Milliseconds, a whole number ≥ 1 (`--request-timeout-ms`). @internal */
export const milliseconds = numberParser(
  'a whole number of milliseconds, 1 or more',
  (value) => Number.isInteger(value) && value >= 1,
);

/** The `--environment` filter of `sites list`. @internal */
export const environmentOption = (): Option =>
  new Option('-e, --environment <environment>', 'only sites of this environment').choices([
    'prod',
    'staging',
    'dev',
    'other',
  ] satisfies SiteEnvironment[]);

/**
 * `--limit`: how many items a list prints (lists are lazy, so this also bounds the API calls). Without a
 * default, a list prints everything; with one (`deploys list`: the 20 latest), the help says so. Either way a
 * list cut by the limit says so on stderr.
 * @internal
 */
export const limitOption = (fallback?: number): Option => {
  const description = fallback === undefined ? 'print at most this many (default: all)' : 'print at most this many';
  const option = new Option('-n, --limit <count>', description).argParser(positiveInteger);
  return fallback === undefined ? option : option.default(fallback);
};

/** `--wait`: wait for a long-running operation to finish. @internal */
export const waitOption = (): Option => new Option('-w, --wait', 'wait for the task to finish (spinner on a terminal)');

/**
 * `--wait-timeout`: how long `--wait` (or `tasks wait`) waits for the task before giving up with
 * TimeoutError. Named apart from `--request-timeout-ms` (one HTTP request) so the two cannot be confused.
 * @internal
 */
export const waitTimeoutOption = (): Option =>
  new Option('--wait-timeout <seconds>', 'give up waiting for the task after this long')
    .argParser(seconds)
    .default(DEFAULT_WAIT_TIMEOUT_MS / 1000, `${DEFAULT_WAIT_TIMEOUT_MS / 60_000} minutes`);

/** `--timeout`, the old spelling of `--wait-timeout`: still accepted, no longer shown. @internal */
export const legacyTimeoutOption = (): Option => new Option('--timeout <seconds>').argParser(seconds).hideHelp();

/**
 * The wait deadline in ms, from `--wait-timeout` or its old spelling `--timeout`: whole milliseconds, at
 * least one, so that a message can never say "within 0 ms" of a deadline the user set above zero.
 * @internal
 */
export function waitDeadlineMs(flags: { waitTimeout: number; timeout?: number | undefined }): number {
  return Math.max(1, Math.round((flags.timeout ?? flags.waitTimeout) * 1000));
}

/**
 * `--idempotency-key`: names a start (`backups create|restore|delete`, `deploy`) so that, when its answer is
 * lost, `omnihost operations reconcile` finds the work by it, and a retry after a crash can say it is the same
 * start (issue 15). Passed as core's `idempotencyKey`, whose form core checks (ValidationError, exit 7);
 * generated when not given.
 * @internal
 */
export const idempotencyKeyOption = (): Option =>
  new Option(
    '--idempotency-key <key>',
    'name this start (1-100 of A-Z a-z 0-9 . _ : -) so a lost answer is found by it (default: generated)',
  );
