import { DEFAULT_WAIT_TIMEOUT_MS, type SiteEnvironment } from '@omnihost/core';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';

/** A commander argument parser from a zod schema: a bad value is a usage error (exit 2) saying why. */
function parserFor<T>(schema: z.ZodType<T>): (value: string) => T {
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new InvalidArgumentError(result.error.issues.map((issue) => issue.message).join('; '));
  };
}

/** A whole number ≥ 1. @internal */
export const positiveInteger = parserFor(
  z.coerce.number().int('must be a whole number').positive('must be at least 1'),
);

/** A TCP port (0 = any free port). @internal */
export const portNumber = parserFor(z.coerce.number().int().min(0).max(65_535, 'must be a port number (0–65535)'));

/** Seconds, as a positive number (fractions allowed). @internal */
export const seconds = parserFor(z.coerce.number().positive('must be a positive number of seconds'));

/** A probability in [0, 1]. @internal */
export const probability = parserFor(z.coerce.number().min(0).max(1, 'must be between 0 and 1'));

/** The `--environment` filter of `sites list`. @internal */
export const environmentOption = (): Option =>
  new Option('-e, --environment <environment>', 'only sites of this environment').choices([
    'prod',
    'staging',
    'dev',
    'other',
  ] satisfies SiteEnvironment[]);

/** `--limit`: how many items a list prints (lists are lazy, so this also bounds the API calls). @internal */
export const limitOption = (fallback: number): Option =>
  new Option('-n, --limit <count>', 'print at most this many').argParser(positiveInteger).default(fallback);

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

/** The wait deadline in ms, from `--wait-timeout` or its old spelling `--timeout`. @internal */
export function waitDeadlineMs(flags: { waitTimeout: number; timeout?: number | undefined }): number {
  return (flags.timeout ?? flags.waitTimeout) * 1000;
}
