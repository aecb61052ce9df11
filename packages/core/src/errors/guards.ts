import type {
  AuthenticationError,
  NotFoundError,
  OmnihostErrorName,
  PermissionError,
  RateLimitError,
  TaskFailedError,
  TimeoutError,
  UnsupportedOperationError,
  ValidationError,
} from './error-classes.js';
import { isOmnihostError, type OmnihostError } from './omnihost-error.js';

/**
 * True when `value` is an omnihost error of the named class, from any copy of the package.
 * @public
 */
export function isOmnihostErrorNamed(value: unknown, name: OmnihostErrorName): value is OmnihostError {
  return isOmnihostError(value) && value.name === name;
}

/** Cross-copy guard for {@link AuthenticationError}. @public */
export const isAuthenticationError = (value: unknown): value is AuthenticationError =>
  isOmnihostErrorNamed(value, 'AuthenticationError');
/** Cross-copy guard for {@link PermissionError}. @public */
export const isPermissionError = (value: unknown): value is PermissionError =>
  isOmnihostErrorNamed(value, 'PermissionError');
/** Cross-copy guard for {@link NotFoundError}. @public */
export const isNotFoundError = (value: unknown): value is NotFoundError => isOmnihostErrorNamed(value, 'NotFoundError');
/** Cross-copy guard for {@link ValidationError}. @public */
export const isValidationError = (value: unknown): value is ValidationError =>
  isOmnihostErrorNamed(value, 'ValidationError');
/** Cross-copy guard for {@link RateLimitError}. @public */
export const isRateLimitError = (value: unknown): value is RateLimitError =>
  isOmnihostErrorNamed(value, 'RateLimitError');
/** Cross-copy guard for {@link TimeoutError}. @public */
export const isTimeoutError = (value: unknown): value is TimeoutError => isOmnihostErrorNamed(value, 'TimeoutError');
/** Cross-copy guard for {@link TaskFailedError}. @public */
export const isTaskFailedError = (value: unknown): value is TaskFailedError =>
  isOmnihostErrorNamed(value, 'TaskFailedError');
/** Cross-copy guard for {@link UnsupportedOperationError}. @public */
export const isUnsupportedOperationError = (value: unknown): value is UnsupportedOperationError =>
  isOmnihostErrorNamed(value, 'UnsupportedOperationError');
