import type { VendorId } from '../vendors/table.js';
import {
  AuthenticationError,
  ConflictError,
  type FieldErrors,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from './error-classes.js';
import type { ErrorContext, OmnihostError } from './omnihost-error.js';

/**
 * What an HTTP failure means, independent of vendor. Each vendor package maps its statuses into these
 * kinds in one table ({@link StatusTable}); this module turns a kind into the error class.
 * @public
 */
export type HttpErrorKind =
  | 'authentication'
  | 'permission'
  | 'not-found'
  | 'validation'
  | 'conflict'
  | 'rate-limit'
  | 'server';

/** HTTP status → error kind: one table per vendor. @public */
export type StatusTable = Readonly<Record<number, HttpErrorKind>>;

/**
 * The mapping every vendor starts from. Vendors spread it and override what their API does differently
 * (Cloud 66 signals throttling with 503, for example).
 * @public
 */
export const DEFAULT_STATUS_TABLE: StatusTable = {
  400: 'validation',
  401: 'authentication',
  403: 'permission',
  404: 'not-found',
  409: 'conflict',
  410: 'not-found',
  422: 'validation',
  423: 'conflict',
  429: 'rate-limit',
  500: 'server',
  502: 'server',
  503: 'server',
  504: 'server',
};

/** Kind for a status: the table first; otherwise any 5xx is `server`, any other 4xx `validation`. @public */
export function kindForStatus(table: StatusTable, status: number): HttpErrorKind {
  return table[status] ?? (status >= 500 ? 'server' : 'validation');
}

/** What a vendor's error body says, as read by the vendor's `parseErrorBody`. @public */
export interface VendorErrorDetails {
  /** The human message, already flattened to one string. */
  message?: string | undefined;
  /** The vendor's code or slug. */
  vendorCode?: string | undefined;
  fieldErrors?: FieldErrors | undefined;
  /** A missing OAuth scope, when the body names it (Cloud 66). */
  requiredScope?: string | undefined;
  /**
   * Overrides the status table when the body proves a different meaning: Acquia answers an expired
   * token with 403 `{"error":"unauthorized"}`, which is an authentication failure, not a permission one.
   */
  kind?: HttpErrorKind | undefined;
}

/** Everything needed to build one typed error for an HTTP failure. @public */
export interface HttpErrorInput extends ErrorContext {
  kind: HttpErrorKind;
  message: string;
  fieldErrors?: FieldErrors | undefined;
  retryAfterMs?: number | undefined;
  requiredScope?: string | undefined;
}

/** Builds the error class for a kind. The one place kinds become classes. @public */
export function createHttpError(input: HttpErrorInput): OmnihostError {
  const { kind, message, ...context } = input;
  switch (kind) {
    case 'authentication':
      return new AuthenticationError(message, context);
    case 'permission':
      return new PermissionError(message, context);
    case 'not-found':
      return new NotFoundError(message, context);
    case 'validation':
      return new ValidationError(message, context);
    case 'conflict':
      return new ConflictError(message, context);
    case 'rate-limit':
      return new RateLimitError(message, context);
    case 'server':
      return new ServerError(message, context);
  }
}

/** Formats the one-line message used for HTTP errors. @internal */
export function formatHttpErrorMessage(parts: {
  vendor: VendorId;
  operation: string;
  method: string;
  path: string;
  status: number;
  detail: string | undefined;
  requestId: string | undefined;
}): string {
  const detail = parts.detail ? `: ${parts.detail}` : '';
  const request = parts.requestId ? ` (request id ${parts.requestId})` : '';
  return `${parts.vendor} ${parts.operation} failed with HTTP ${parts.status} on ${parts.method} ${parts.path}${detail}${request}`;
}
