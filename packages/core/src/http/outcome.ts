import type { CallOutcome, OmnihostError } from '../errors/omnihost-error.js';
import { isNeverSent } from './retry-policy.js';

/** Errors that are the vendor refusing the request as it was: nothing was done. */
const REFUSED = new Set([
  'AuthenticationError',
  'PermissionError',
  'NotFoundError',
  'ValidationError',
  'ConflictError',
  'RateLimitError',
  'UnsupportedOperationError',
  'ConfigurationError',
]);

/**
 * The one rule of what a failed call that starts work proves, for every vendor:
 * - `not-started` when the request never left (aborted while queued in the rate limiter or while the token
 *   was fetched, a refused connection, a failed URL check), or when the vendor refused it: a 4xx, or
 *   throttling, which proves it was not processed;
 * - `unknown` otherwise: a timeout, a reset or an abort after the request was sent, any 5xx (a gateway's
 *   page proves nothing about the backend), or a 2xx whose body could not be read.
 * @internal
 */
export function outcomeOf(error: OmnihostError, sent: boolean): CallOutcome {
  if (!sent) return 'not-started';
  if (REFUSED.has(error.name)) return 'not-started';
  if (error.name === 'NetworkError' && isNeverSent(error)) return 'not-started';
  return 'unknown';
}
