import {
  DEFAULT_STATUS_TABLE,
  type ErrorMapping,
  type HttpErrorKind,
  type StatusTable,
  type VendorErrorDetails,
} from '@omnihost/core';
import { CLOUD66_SCOPES } from '../constants.js';

/**
 * HTTP status → error kind for Cloud 66: the one table. Differences from core's default, from the docs'
 * "Standard HTTP response statuses" table (https://developers.cloud66.com, vendor notes §4):
 * - 402 `trial_expired`: the account may not do this until it pays, so a permission problem;
 * - 408 `time_out`: the server timed out, a server problem;
 * - 409 `conflict` (a busy stack, a deployment that is not running) and 423 are `ConflictError`, from the
 *   default table; the `conflict` id says the same under any status;
 * - 503 stays a server error here. Cloud 66 signals throttling with a 503, not a 429, but so do its load
 *   balancers and outages: only the throttling answer itself (`{"error":"throttled"}`, or
 *   `X-RateLimit-Remaining: 0`, vendor notes §4) proves the call did not run, and only that is read as a
 *   rate limit by {@link parseCloud66ErrorBody}, which core then retries for any method. A plain, empty or
 *   HTML 503 may come after the call ran: it is not retried for a POST, and its outcome is unknown.
 * @public
 */
export const CLOUD66_STATUS_TABLE: StatusTable = {
  ...DEFAULT_STATUS_TABLE,
  402: 'permission',
  408: 'server',
};

/**
 * Error ids whose meaning beats the status they came with. `conflict` is the docs' id for a busy or locked
 * resource ("resource conflict (e.g. the stack is busy)", vendor notes §4): `ConflictError` whatever the
 * status, as the README promises for busy or locked on every vendor (issue 13).
 */
const KIND_BY_ERROR_ID: Readonly<Record<string, HttpErrorKind>> = {
  throttled: 'rate-limit',
  conflict: 'conflict',
  trial_expired: 'permission',
  // "Resource not implemented in this API version": permanent, so retrying cannot help.
  not_implemented: 'validation',
};

const MAX_TEXT = 500;

/**
 * Reads Cloud 66's error body `{ error, error_description, details }`. The Go client prefers a non-empty
 * `details` over `error_description` for the message and uses `error` as the id (cloud66-oss/cloud66
 * `cloud66.go` `errorResp`); we do the same. Never throws, whatever the body is.
 *
 * For 403 it names the missing scope when the response says which one: from the RFC 6750
 * `WWW-Authenticate: Bearer ... scope="..."` attribute, a `scope` field, or a known scope named in the text.
 * @public
 */
export function parseCloud66ErrorBody(
  body: unknown,
  response: { status: number; headers: Readonly<Record<string, string>> },
): VendorErrorDetails {
  const record = isRecord(body) ? body : {};
  const errorId = text(record.error);
  const description = text(record.error_description) ?? text(record.message);
  const details = text(record.details) ?? joinedStrings(record.details);
  const message = details ?? description ?? errorId;
  const result: VendorErrorDetails = { message, vendorCode: errorId };
  const kind = kindFromBody(errorId, response);
  if (kind) result.kind = kind;
  if (response.status === 403 || kind === 'permission') {
    result.requiredScope = requiredScopeFrom(response.headers['www-authenticate'], record, [details, description]);
  }
  return result;
}

function kindFromBody(
  errorId: string | undefined,
  response: { status: number; headers: Readonly<Record<string, string>> },
): HttpErrorKind | undefined {
  const byId = errorId ? KIND_BY_ERROR_ID[errorId] : undefined;
  if (byId) return byId;
  if (response.status !== 503) return undefined;
  // The vendor notes (§4) tell a throttled 503 from an outage by the body and by X-RateLimit-Remaining: 0.
  // Anything else (another error id, an HTML page, an empty body) is an outage, not throttling.
  return response.headers['x-ratelimit-remaining']?.trim() === '0' ? 'rate-limit' : undefined;
}

function requiredScopeFrom(
  wwwAuthenticate: string | undefined,
  record: Record<string, unknown>,
  texts: readonly (string | undefined)[],
): string | undefined {
  const fromHeader = wwwAuthenticate ? /\bscope="([^"]{1,100})"/i.exec(wwwAuthenticate)?.[1] : undefined;
  if (fromHeader) return fromHeader.trim().split(/\s+/).join(' ');
  const fromField = text(record.scope) ?? text(record.required_scope);
  if (fromField) return fromField.slice(0, 100);
  for (const candidate of texts) {
    if (!candidate || !/scope/i.test(candidate)) continue;
    const named = CLOUD66_SCOPES.find((scope) => new RegExp(`\\b${scope}\\b`, 'i').test(candidate));
    if (named) return named;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_TEXT) : undefined;
}

function joinedStrings(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  return parts.length > 0 ? parts.join('; ').slice(0, MAX_TEXT) : undefined;
}

/** The error mapping handed to core's transport. @public */
export const cloud66ErrorMapping: ErrorMapping = {
  statusTable: CLOUD66_STATUS_TABLE,
  parseBody: parseCloud66ErrorBody,
};
