import {
  DEFAULT_STATUS_TABLE,
  type ErrorMapping,
  type FieldErrors,
  kindForStatus,
  type StatusTable,
  type VendorErrorDetails,
} from '@omnihost/core';

/**
 * HTTP status → error kind for OnApp: the one table (docs.onapp.com "HTTP response codes", mirrored in
 * vendors/onapp.md §1.3). OnApp's documented codes already match core's defaults: 401 bad credentials
 * (node-onapp `failCodes`), 403 refused by permission or policy, 404 missing resource (also an action on
 * a server that "isn't online"), 422 invalid parameters or state, 500 an HTML page, 503 overload. They
 * are restated here so this file is the single answer to "what does OnApp's 422 mean?".
 * @public
 */
export const ONAPP_STATUS_TABLE: StatusTable = {
  ...DEFAULT_STATUS_TABLE,
  401: 'authentication',
  403: 'permission',
  404: 'not-found',
  422: 'validation',
  500: 'server',
  503: 'server',
};

/**
 * Busy or locked: the panel refused because a transaction is already working on the target, not because
 * the request is wrong. OnApp answers these with the status it uses for any state refusal, 422 ("cannot
 * be processed", vendors/onapp.md §1.3), so only the message tells them apart; a 422 (or other
 * validation status) whose message matches a row is a `ConflictError`, which callers retry later, as on
 * every vendor (issue 13, "busy/locked"). A record with `locked: true` is one "a transaction is operating
 * on" (§2.1); a 409 or 423 is a conflict by the status table already.
 * @internal
 */
export const ONAPP_BUSY_MESSAGES: readonly RegExp[] = [
  /\bis (?:currently )?locked\b/i, // "Virtual server is locked", "Backup is locked: it is being taken"
  /\bis (?:currently )?busy\b/i, // "VM is busy"
  /\b(?:already|still) (?:running|in progress)\b/i, // "a transaction is already running"
  /\bpending transactions?\b/i, // "has pending transactions"
];

/** Messages kept per error: enough to read, bounded for a hostile body. */
const MAX_MESSAGES = 20;
const MAX_MESSAGE_LENGTH = 300;

/**
 * Reads OnApp error bodies, already decoded and unwrapped by the codec, in every shape seen
 * (vendors/onapp.md §1.8):
 * - `{"error":"Resource not found"}` (a string; 2.x panels' 404 on GET and POST);
 * - `{"errors":["Network interfaces is invalid"]}` (an array; current panels' 404s, 422s);
 * - `{"errors":{"base":["…"],"label":["…"]}}` (an object of field arrays, newer panels; the JSON codec
 *   unwraps it to the inner object);
 * - XML `<errors><error>…</error>…</errors>` (decoded to `{ error: "…" | ["…", …] }`), and the
 *   `<hash><error>…</error></hash>` of a 2.x panel.
 *
 * `base` and `error` messages are not tied to a field and go under `_`. HTML pages arrive as text and
 * yield nothing here: the transport summarises them. With the HTTP `status`, a refusal whose status means
 * validation and whose message says busy or locked ({@link ONAPP_BUSY_MESSAGES}) gets `kind: 'conflict'`.
 * Never throws.
 * @public
 */
export function parseOnAppErrorBody(body: unknown, status?: number): VendorErrorDetails {
  const fields: Record<string, string[]> = {};
  collect(body, '_', fields, 0);
  const entries = Object.entries(fields);
  if (entries.length === 0) return {};
  const messages = entries.flatMap(([field, list]) => (field === '_' ? list : list.map((text) => `${field} ${text}`)));
  const details: VendorErrorDetails = {
    message: messages.slice(0, MAX_MESSAGES).join('; '),
    fieldErrors: fields as FieldErrors,
  };
  const busy =
    status !== undefined &&
    kindForStatus(ONAPP_STATUS_TABLE, status) === 'validation' &&
    messages.some((message) => ONAPP_BUSY_MESSAGES.some((pattern) => pattern.test(message)));
  return busy ? { ...details, kind: 'conflict' } : details;
}

function collect(value: unknown, field: string, into: Record<string, string[]>, depth: number): void {
  if (depth > 3 || value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'string' && depth === 0) return; // raw text (an HTML page): the transport summarises it
    const text = String(value).trim().slice(0, MAX_MESSAGE_LENGTH);
    if (!text) return;
    const list = into[field] ?? [];
    if (list.length < MAX_MESSAGES) list.push(text);
    into[field] = list;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_MESSAGES)) collect(item, field, into, depth + 1);
    return;
  }
  if (typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value).slice(0, MAX_MESSAGES)) {
    const general = key === 'error' || key === 'errors' || key === 'base' || key === 'message';
    collect(child, general ? field : key, into, depth + 1);
  }
}

/** OnApp's error mapping for core's transport: {@link ONAPP_STATUS_TABLE} and {@link parseOnAppErrorBody}. @public */
export const onAppErrorMapping: ErrorMapping = {
  statusTable: ONAPP_STATUS_TABLE,
  parseBody: (body, response) => parseOnAppErrorBody(body, response.status),
};
