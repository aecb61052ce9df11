import { AbortError, NetworkError, ResponseValidationError, TimeoutError } from '../errors/error-classes.js';
import { isOmnihostError, type OmnihostError } from '../errors/omnihost-error.js';
import {
  createHttpError,
  formatHttpErrorMessage,
  kindForStatus,
  type VendorErrorDetails,
} from '../errors/status-table.js';
import { scrubAndCut, scrubDeep, scrubSecrets } from '../util/redact.js';
import type { VendorId } from '../vendors/table.js';
import { isAxiosError } from './load-axios.js';
import { parseRetryAfter } from './retry-after.js';
import type { Codec, ErrorMapping } from './types.js';

/** What the classifier knows about the call. @internal */
export interface CallContext {
  vendor: VendorId;
  operation: string;
  method: string;
  path: string;
  codec: Codec;
  errorMapping: ErrorMapping;
  secrets: readonly string[];
  requestIdHeaders: readonly string[];
  timeoutMs: number;
}

/** Lower-cased, string-valued copy of response headers. @internal */
export function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  const source =
    typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? ((headers as { toJSON(): Record<string, unknown> }).toJSON() as Record<string, unknown>)
      : (headers as Record<string, unknown>);
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * The vendor's request id, from the first header that carries one: scrubbed (a hostile or broken server can
 * echo a credential in any header), then cut to 200 characters.
 * @internal
 */
export function requestIdFrom(
  headers: Record<string, string>,
  names: readonly string[],
  secrets: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = headers[name];
    if (value) return scrubAndCut(value.slice(0, 64 * 1024), secrets, 200);
  }
  return undefined;
}

/**
 * Turns anything a call can fail with into one typed omnihost error. Axios errors are never rethrown:
 * they carry the request config, headers included, so only safe fields are copied out of them.
 * @internal
 */
export function classifyError(error: unknown, call: CallContext): OmnihostError {
  if (isOmnihostError(error)) return error;
  const where = { vendor: call.vendor, operation: call.operation, method: call.method, path: call.path };
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new NetworkError(`${call.vendor} ${call.operation}: ${scrubSecrets(message, call.secrets)}`, where);
  }
  // Our own refusals thrown inside axios (the redirect guard) come back wrapped, twice; unwrap them.
  const own = ownCause(error);
  if (own) return own;
  if (error.code === 'ERR_CANCELED') return new AbortError(`${call.vendor} ${call.operation} was aborted`, where);
  if (/maxContentLength|maxBodyLength/.test(error.message)) {
    return new ResponseValidationError(`${call.vendor} ${call.operation}: response exceeds the size cap`, {
      ...where,
      reason: 'too-large',
    });
  }
  const response = error.response;
  if (response && (response.status < 200 || response.status >= 300)) {
    return classifyResponse(response.status, response.headers, response.data, call);
  }
  if (response) {
    // A success status whose body broke off (the connection cut, a Content-Length longer than what came) or
    // did not decompress: the transport failed, not the request. A NetworkError, so a GET is retried and a
    // wait rides it out; never the ValidationError its 2xx status would map to.
    const networkCode = typeof error.code === 'string' ? error.code : 'ERR_BAD_RESPONSE';
    return new NetworkError(
      `${call.vendor} ${call.operation}: the HTTP ${response.status} response broke off or did not decode (${networkCode})`,
      {
        ...where,
        networkCode,
        requestId: requestIdFrom(plainHeaders(response.headers), call.requestIdHeaders, call.secrets),
      },
    );
  }
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
    return new TimeoutError(`${call.vendor} ${call.operation} timed out after ${call.timeoutMs} ms`, {
      ...where,
      phase: 'request',
      timeoutMs: call.timeoutMs,
    });
  }
  const networkCode = typeof error.code === 'string' ? error.code : undefined;
  const detail = scrubSecrets(error.message, call.secrets);
  return new NetworkError(`${call.vendor} ${call.operation} failed before a response: ${detail}`, {
    ...where,
    networkCode,
    cause: sanitizedCause(networkCode, detail),
  });
}

/** Builds the typed error for a non-2xx response. @internal */
export function classifyResponse(status: number, rawHeaders: unknown, data: unknown, call: CallContext): OmnihostError {
  const headers = plainHeaders(rawHeaders);
  const requestId = requestIdFrom(headers, call.requestIdHeaders, call.secrets);
  // The body is scrubbed before the vendor's reader sees it: readers cut long text, and a secret cut in half
  // would no longer be recognised afterwards. Scrub first, then cut.
  const body = scrubDeep(decodeErrorBody(data, headers['content-type'], call.codec), call.secrets);
  let details: ReturnType<ErrorMapping['parseBody']> = {};
  try {
    details = call.errorMapping.parseBody(body, { status, headers });
  } catch {
    details = {};
  }
  return errorFromDetails(status, headers, body, details, call, requestId);
}

/** Builds the typed error from what the vendor's body said, scrubbing every known secret. @internal */
export function errorFromDetails(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  details: VendorErrorDetails,
  call: CallContext,
  requestId: string | undefined,
): OmnihostError {
  const kind = details.kind ?? kindForStatus(call.errorMapping.statusTable, status);
  const secrets = call.secrets;
  // Every piece of vendor text is scrubbed before it is cut: a secret cut in half would survive the scrub.
  const detail =
    details.message !== undefined
      ? scrubSecrets(details.message, secrets)
      : typeof body === 'string'
        ? htmlSummary(scrubSecrets(body.slice(0, MAX_ERROR_TEXT), secrets))
        : undefined;
  const message = formatHttpErrorMessage({ ...call, status, detail, requestId });
  const fieldErrors = details.fieldErrors
    ? Object.fromEntries(
        Object.entries(details.fieldErrors).map(([field, messages]) => [
          scrubAndCut(field, secrets, 200),
          messages.map((text) => scrubSecrets(text, secrets)),
        ]),
      )
    : undefined;
  return createHttpError({
    kind,
    message: scrubSecrets(message, secrets),
    vendor: call.vendor,
    operation: call.operation,
    method: call.method,
    path: call.path,
    status,
    vendorCode: details.vendorCode === undefined ? undefined : scrubAndCut(details.vendorCode, secrets, 100),
    requestId,
    fieldErrors,
    requiredScope: details.requiredScope === undefined ? undefined : scrubAndCut(details.requiredScope, secrets, 200),
    retryAfterMs: parseRetryAfter(headers['retry-after']),
  });
}

function decodeErrorBody(data: unknown, contentType: string | undefined, codec: Codec): unknown {
  if (typeof data !== 'string') return data;
  if (data.trim() === '') return undefined;
  try {
    return codec.decode(data, contentType);
  } catch {
    // Only the start of an undecodable page is ever read (its title, a short excerpt).
    return data.slice(0, MAX_ERROR_TEXT);
  }
}

/** The most of an undecodable error body kept (scrubbing a 32 MiB page would cost more than it tells). */
const MAX_ERROR_TEXT = 64 * 1024;

/** For HTML error pages: the `<title>`, or nothing (never the whole page). */
function htmlSummary(text: string): string | undefined {
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return `${title} (HTML error page)`;
  return /^\s*</.test(text) ? 'HTML error page' : text.slice(0, 200).trim() || undefined;
}

function sanitizedCause(code: string | undefined, message: string): Error {
  const cause = new Error(message);
  cause.name = code ?? 'NetworkError';
  return cause;
}

function ownCause(error: { cause?: unknown }): OmnihostError | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && cause; depth += 1) {
    if (isOmnihostError(cause)) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
