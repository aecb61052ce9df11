import {
  DEFAULT_STATUS_TABLE,
  type ErrorMapping,
  type HttpErrorKind,
  type StatusTable,
  type VendorErrorDetails,
} from '@omnihost/core';

/**
 * HTTP status → error kind for Site Factory. The spec declares only 200 and 400; the rest is what
 * factories answer in practice (vendors/sitefactory.md §7), which the core defaults already cover:
 * 400 validation, 401 authentication, 403 permission, 404 not found, 422 validation, 5xx server.
 * The message prefixes below refine a status when the body proves a different meaning.
 * @public
 */
export const SITE_FACTORY_STATUS_TABLE: StatusTable = { ...DEFAULT_STATUS_TABLE };

/**
 * Message prefix → error kind and a stable vendor code. Site Factory has no error codes, only these message
 * prefixes, which acquia/sf-sdk-ruby (`SFRest::Connection#access_check`) turns into its error classes. A
 * 403 "Access denied" is what a factory answers to a wrong user name or API key (swichers/acsf-client treats
 * it as invalid credentials), so it is an authentication failure; "Forbidden: …" is a valid user whose role
 * may not do this. The misspelling "Unprocessible" is real.
 * @public
 */
export const SITE_FACTORY_MESSAGE_PREFIXES: readonly {
  readonly prefix: RegExp;
  readonly kind: HttpErrorKind;
  readonly code: string;
}[] = [
  { prefix: /^Access denied/i, kind: 'authentication', code: 'access-denied' },
  { prefix: /^Forbidden:/, kind: 'permission', code: 'forbidden' },
  { prefix: /^Bad Request:/, kind: 'validation', code: 'bad-request' },
  { prefix: /^Unprocess[ia]ble Entity:/, kind: 'validation', code: 'unprocessable-entity' },
];

/** Vendor code of a 404 whose body is not JSON: the route does not exist on this factory (version drift). @public */
export const UNKNOWN_ROUTE_CODE = 'unknown-route';

/** The prefix row a message matches, if any. @public */
export function classifyMessage(message: string): { kind: HttpErrorKind; code: string } | undefined {
  const row = SITE_FACTORY_MESSAGE_PREFIXES.find((candidate) => candidate.prefix.test(message.trimStart()));
  return row ? { kind: row.kind, code: row.code } : undefined;
}

/**
 * Reads Site Factory error bodies: `{"message": "...", "time": "...", "error": 400}` (newer factories add
 * `time` and `error`, acquia/cli #1814), bare `{"message": "..."}`, and the HTML page of an unknown route.
 * @public
 */
export const siteFactoryErrorMapping: ErrorMapping = {
  statusTable: SITE_FACTORY_STATUS_TABLE,
  parseBody(body, response): VendorErrorDetails {
    if (typeof body === 'string') {
      return response.status === 404
        ? { message: 'no such route on this factory', vendorCode: UNKNOWN_ROUTE_CODE }
        : {};
    }
    const text = messageOf(body);
    if (!text) return {};
    const known = classifyMessage(text);
    return {
      message: text,
      vendorCode: known?.code,
      kind: known?.kind,
      fieldErrors: known?.kind === 'validation' ? { _: [text] } : undefined,
    };
  },
  /**
   * Some failures arrive as HTTP 200 with an error message; acquia/sf-sdk-ruby checks the message
   * prefixes whatever the status (vendors/sitefactory.md §7). Such a body becomes the typed error it is,
   * not an unexpected shape.
   */
  successError(body) {
    const text = messageOf(body);
    const known = text ? classifyMessage(text) : undefined;
    if (!text || !known) return undefined;
    return {
      kind: known.kind,
      message: text,
      vendorCode: known.code,
      fieldErrors: known.kind === 'validation' ? { _: [text] } : undefined,
    };
  },
};

/** The `message` of a JSON error body, at most 500 characters; `undefined` when there is none. */
function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' && message.length > 0 ? message.slice(0, 500) : undefined;
}
