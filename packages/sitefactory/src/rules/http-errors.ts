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
 * 400 validation, 401 authentication, 403 permission, 404 not found, 409/423 conflict, 422 validation, 5xx
 * server. The busy messages and the message prefixes below refine a status when the body proves a
 * different meaning (a busy factory answers 400 or 403, never 409).
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

/**
 * Messages that say the factory is busy, locked or in a state that forbids the call: `ConflictError`
 * (CLI exit 8), whatever the status and prefix they came with, because the README promises `ConflictError`
 * for busy or locked on every vendor and a script that retries on conflict must see one (issue 13: "A code
 * update is already in progress" was a 400 `ValidationError`, exit 7). Site Factory has no error codes, so
 * the message decides, as for the prefixes. What it covers (vendors/sitefactory.md §3.5, §7):
 * - work already running: a code update in progress, a site already being deleted;
 * - a resource not ready: a backup that has not completed yet (Acquia answers the same with 409);
 * - services a running update (or an administrator) disables: "Forbidden: Site creation is disabled.";
 * - an update in the wrong state: nothing in progress to pause, already started, already ended.
 * Checked only on error answers, and on 200s that carry one of the error prefixes.
 * @public
 */
export const SITE_FACTORY_BUSY_MESSAGES: readonly { readonly pattern: RegExp; readonly code: string }[] = [
  { pattern: /\balready in progress\b/i, code: 'in-progress' },
  { pattern: /\b(?:is|are) already being\b/i, code: 'in-progress' },
  { pattern: /\b(?:is|are|has) not (?:yet )?(?:complete|completed|finished)(?: yet)?\b/i, code: 'not-ready' },
  { pattern: /^Forbidden:.*\b(?:is|are) (?:currently |temporarily )?disabled\b/i, code: 'disabled' },
  { pattern: /\bno (?:site |code )?update in progress\b/i, code: 'wrong-state' },
  { pattern: /\bhas already (?:started|ended|finished|completed)\b/i, code: 'wrong-state' },
];

/** The busy/locked row a message matches, if any. @public */
export function busyMessage(message: string): { kind: 'conflict'; code: string } | undefined {
  const row = SITE_FACTORY_BUSY_MESSAGES.find((candidate) => candidate.pattern.test(message.trim()));
  return row ? { kind: 'conflict', code: row.code } : undefined;
}

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
    const known = response.status < 500 ? (busyMessage(text) ?? classifyMessage(text)) : classifyMessage(text);
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
    const prefixed = text ? classifyMessage(text) : undefined;
    if (!text || !prefixed) return undefined;
    const known = busyMessage(text) ?? prefixed;
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
