import {
  DEFAULT_STATUS_TABLE,
  type ErrorMapping,
  type FieldErrors,
  type HttpErrorKind,
  type StatusTable,
  type VendorErrorDetails,
} from '@omnihost/core';

/**
 * Acquia HTTP status → error kind: the one table. Acquia uses the common meanings (400 validation, 403
 * permission, 404 not found, 409 conflict, 503 `system` when a dependency is down), so the default table
 * applies unchanged; 429 is not in the spec but is documented with `Retry-After` (seed 001). Busy and
 * locked answers are all 409s in the spec ("… while ACL rule updates are in progress", "The database backup
 * has not completed yet"), some with a `validation_failed` slug, so the status decides and they are
 * `ConflictError` (issue 13 audit); the `conflict` slug itself also comes with 400, 403 and 404 and is no
 * evidence on its own.
 * @public
 */
export const ACQUIA_STATUS_TABLE: StatusTable = { ...DEFAULT_STATUS_TABLE };

/**
 * Error slugs that prove a different meaning than the status. Acquia answers an expired bearer token with
 * **403** `{"error":"unauthorized"}` (typhonius/acquia-php-sdk-v2#71), which must refresh the token like a
 * 401; SSO organisations answer `additional_authentication_required` until the token carries
 * `scope=organization:<uuid>` (acquia/cli#1582, #1593).
 * @internal
 */
const SLUG_KINDS: Readonly<Record<string, HttpErrorKind>> = {
  unauthorized: 'authentication',
  additional_authentication_required: 'authentication',
};

/**
 * What an error slug means when it arrives with a **success** status, where no status says it. No 2xx
 * response of the Cloud API v2 spec has an `error` field, so a 2xx body with one is an error body (a proxy
 * or a misbehaving endpoint answering 200); an unknown slug is the vendor failing, a server error, whose
 * outcome for a call that starts work is unknown.
 * @internal
 */
const SUCCESS_STATUS_SLUG_KINDS: Readonly<Record<string, HttpErrorKind>> = {
  ...SLUG_KINDS,
  forbidden: 'permission',
  not_found: 'not-found',
  validation_failed: 'validation',
  bad_request: 'validation',
  conflict: 'conflict',
};

const FEDERATED_HINT =
  ' (the organisation uses federated authentication: set organizationUuid so the token is requested with scope organization:<uuid>)';

/**
 * Reads Acquia's error body `{ error, message }`, where `message` is a string, an object of field
 * messages (schema `validation-error`), or an array (`multiple_errors`, SDK fixture). HTML pages (500s)
 * and anything else yield no details, so the status table decides. Never throws.
 * @public
 */
export function parseAcquiaErrorBody(body: unknown): VendorErrorDetails {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const slug = typeof record.error === 'string' ? record.error.slice(0, 100) : undefined;
  const { message, fieldErrors } = readMessage(record.message);
  const kind = slug ? SLUG_KINDS[slug] : undefined;
  return {
    vendorCode: slug,
    message: slug === 'additional_authentication_required' ? `${message ?? slug}${FEDERATED_HINT}` : message,
    fieldErrors,
    kind,
  };
}

function readMessage(value: unknown): { message?: string; fieldErrors?: FieldErrors } {
  if (typeof value === 'string') return { message: value.slice(0, 500) };
  if (Array.isArray(value)) {
    const lines = value.filter((item): item is string => typeof item === 'string').slice(0, 20);
    return lines.length > 0 ? { message: lines.join('; ').slice(0, 500), fieldErrors: { _: lines } } : {};
  }
  if (value && typeof value === 'object') {
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(value).slice(0, 50)) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter(
        (item): item is string => typeof item === 'string',
      );
      if (list.length > 0) fieldErrors[field] = list;
    }
    const parts = Object.entries(fieldErrors).map(([field, list]) => `${field}: ${list.join(' ')}`);
    return parts.length > 0 ? { message: parts.join('; ').slice(0, 500), fieldErrors } : {};
  }
  return {};
}

/**
 * Reads a 2xx body that is really an error (`{"error":"forbidden","message":"nope"}` with HTTP 200): an
 * error body is an error, never a success. Returns undefined for every real success body. Never throws.
 * @public
 */
export function acquiaSuccessError(body: unknown): (VendorErrorDetails & { kind: HttpErrorKind }) | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const slug = (body as Record<string, unknown>).error;
  if (typeof slug !== 'string' || slug.trim() === '') return undefined;
  const details = parseAcquiaErrorBody(body);
  const kind = Object.hasOwn(SUCCESS_STATUS_SLUG_KINDS, slug)
    ? (SUCCESS_STATUS_SLUG_KINDS[slug] as HttpErrorKind)
    : 'server';
  return { ...details, kind };
}

/** What core's transport uses to turn Acquia failures into typed errors. @public */
export const acquiaErrorMapping: ErrorMapping = {
  statusTable: ACQUIA_STATUS_TABLE,
  parseBody: (body) => parseAcquiaErrorBody(body),
  successError: acquiaSuccessError,
};
