import type { Task } from '../model/task.js';
import type { VendorId } from '../vendors/table.js';
import { type ErrorContext, OmnihostError, type OmnihostErrorJSON } from './omnihost-error.js';

/** The credentials were missing, wrong, expired or revoked (HTTP 401, a failed token request). @public */
export class AuthenticationError extends OmnihostError {
  static override readonly errorName = 'AuthenticationError';
}

/** The credentials are valid but not allowed to do this (HTTP 403, a missing scope or role). @public */
export class PermissionError extends OmnihostError {
  static override readonly errorName = 'PermissionError';
  /** The scope or role the vendor said is missing, when it said so. */
  readonly requiredScope: string | undefined;
  constructor(message: string, context: ErrorContext & { requiredScope?: string | undefined } = {}) {
    super(message, context);
    this.requiredScope = context.requiredScope;
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), ...(this.requiredScope ? { requiredScope: this.requiredScope } : {}) };
  }
}

/** The resource does not exist, or the credentials cannot see it (HTTP 404). @public */
export class NotFoundError extends OmnihostError {
  static override readonly errorName = 'NotFoundError';
}

/** Field name → messages, as the vendor reported them. `_` holds messages not tied to a field. @public */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** The request was rejected as invalid (HTTP 400/422), or failed a check before it was sent. @public */
export class ValidationError extends OmnihostError {
  static override readonly errorName = 'ValidationError';
  readonly fieldErrors: FieldErrors;
  constructor(message: string, context: ErrorContext & { fieldErrors?: FieldErrors | undefined } = {}) {
    super(message, context);
    this.fieldErrors = context.fieldErrors ?? {};
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

/** The resource is busy or in a state that forbids this (HTTP 409, a locked server). @public */
export class ConflictError extends OmnihostError {
  static override readonly errorName = 'ConflictError';
}

/** The vendor throttled the call (HTTP 429, or Cloud 66's 503) and retries did not get through. @public */
export class RateLimitError extends OmnihostError {
  static override readonly errorName = 'RateLimitError';
  /** How long the vendor asked us to wait, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, context: ErrorContext & { retryAfterMs?: number | undefined } = {}) {
    super(message, context);
    this.retryAfterMs = context.retryAfterMs;
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** The vendor failed (HTTP 5xx), including HTML error pages. @public */
export class ServerError extends OmnihostError {
  static override readonly errorName = 'ServerError';
  /** From `Retry-After` on a 503, when present. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, context: ErrorContext & { retryAfterMs?: number | undefined } = {}) {
    super(message, context);
    this.retryAfterMs = context.retryAfterMs;
  }
}

/** No HTTP response: connection refused or reset, DNS failure, TLS failure. @public */
export class NetworkError extends OmnihostError {
  static override readonly errorName = 'NetworkError';
  /** The system error code (`ECONNRESET`, `ECONNREFUSED`, ...). */
  readonly networkCode: string | undefined;
  constructor(message: string, context: ErrorContext & { networkCode?: string | undefined } = {}) {
    super(message, context);
    this.networkCode = context.networkCode;
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), networkCode: this.networkCode };
  }
}

/** A request took longer than its timeout, or a wait passed its deadline. @public */
export class TimeoutError extends OmnihostError {
  static override readonly errorName = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  /** `request`: one HTTP exchange timed out; `wait`: a task did not finish before the deadline. */
  readonly phase: 'request' | 'wait';
  /** For `wait` timeouts: the last state seen. */
  readonly task: Task | undefined;
  constructor(
    message: string,
    context: ErrorContext & { timeoutMs?: number | undefined; phase: 'request' | 'wait'; task?: Task | undefined },
  ) {
    super(message, context);
    this.timeoutMs = context.timeoutMs;
    this.phase = context.phase;
    this.task = context.task;
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), phase: this.phase, timeoutMs: this.timeoutMs, taskId: this.task?.id };
  }
}

/** The caller's `AbortSignal` fired. @public */
export class AbortError extends OmnihostError {
  static override readonly errorName = 'AbortError';
}

/** One problem found while validating a vendor response. @public */
export interface ResponseIssue {
  /** Where in the document, e.g. `['_embedded', 'items', 3, 'id']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The vendor answered with something we did not expect: a shape that fails validation, a body that does
 * not parse (truncated JSON, HTML instead of JSON, an XML bomb), or one over the size cap. Never retried.
 * @public
 */
export class ResponseValidationError extends OmnihostError {
  static override readonly errorName = 'ResponseValidationError';
  readonly issues: readonly ResponseIssue[];
  readonly reason: 'schema' | 'parse' | 'too-large' | 'unexpected';
  constructor(
    message: string,
    context: ErrorContext & { issues?: readonly ResponseIssue[]; reason: ResponseValidationError['reason'] },
  ) {
    super(message, context);
    this.issues = context.issues ?? [];
    this.reason = context.reason;
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), reason: this.reason, issues: this.issues };
  }
}

/** The vendor cannot do what was asked (Cloud 66 has no one-off backups, for example). @public */
export class UnsupportedOperationError extends OmnihostError {
  static override readonly errorName = 'UnsupportedOperationError';
  constructor(vendor: VendorId, operation: string, reason?: string) {
    super(`${vendor} does not support ${operation}${reason ? `: ${reason}` : ''}`, { vendor, operation });
  }
}

/** A task ended `failed` or `cancelled`. `task` holds the vendor's final state and message. @public */
export class TaskFailedError extends OmnihostError {
  static override readonly errorName = 'TaskFailedError';
  readonly task: Task;
  constructor(task: Task, context: ErrorContext = {}) {
    const detail = task.message ? `: ${task.message}` : '';
    super(`${task.vendor} task ${task.id} ${task.state} (${task.rawStatus})${detail}`, {
      vendor: task.vendor,
      ...context,
    });
    this.task = task;
  }
  override toJSON(): OmnihostErrorJSON {
    return {
      ...super.toJSON(),
      task: { id: this.task.id, state: this.task.state, rawStatus: this.task.rawStatus, message: this.task.message },
    };
  }
}

/** The configuration is invalid or incomplete, or a vendor package is not installed. @public */
export class ConfigurationError extends OmnihostError {
  static override readonly errorName = 'ConfigurationError';
  /** One line per problem (`OMNIHOST_CLIENT_ID is required`). */
  readonly problems: readonly string[];
  constructor(message: string, context: ErrorContext & { problems?: readonly string[] } = {}) {
    super(message, context);
    this.problems = context.problems ?? [];
  }
  override toJSON(): OmnihostErrorJSON {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/** Every concrete error class, by name (used by the guards and by the CLI's exit-code table). @public */
export const ERROR_CLASSES = {
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ValidationError,
  ConflictError,
  RateLimitError,
  ServerError,
  NetworkError,
  TimeoutError,
  AbortError,
  ResponseValidationError,
  UnsupportedOperationError,
  TaskFailedError,
  ConfigurationError,
} as const;

/** Name of a concrete omnihost error class. @public */
export type OmnihostErrorName = keyof typeof ERROR_CLASSES;
