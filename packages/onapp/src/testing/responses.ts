/**
 * The simulator's HTTP answers in OnApp's wire formats: records rendered the way Rails' `to_xml` (in each
 * panel's XML style) and `to_json` write them, the three error shapes, and the HTML pages a panel and its
 * proxy serve. The records themselves are built in `wire.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { SimResponse } from '@omnihost/core/testing';
import type { OnAppFormat } from '../codec/onapp-codecs.js';
import { singular } from '../codec/rails-names.js';
import { railsTime, WireScalar, type WireValue, type XmlStyle } from './wire.js';

const XML_TEXT = /[&<>]/g;
const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function escapeXml(text: string): string {
  return text.replace(XML_TEXT, (char) => XML_ESCAPES[char] ?? char);
}

function isRecord(value: WireValue): value is { readonly [field: string]: WireValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !(value instanceof WireScalar) &&
    !Array.isArray(value)
  );
}

/** Renders `value` as the element `name`, indented like Builder (two spaces per level). */
function xmlElement(out: string[], name: string, value: WireValue, depth: number, style: XmlStyle): void {
  const pad = '  '.repeat(depth);
  if (value === null) {
    out.push(style === 'legacy' ? `${pad}<${name} nil="true"></${name}>\n` : `${pad}<${name} nil="true"/>\n`);
  } else if (typeof value === 'boolean') {
    out.push(`${pad}<${name} type="boolean">${value}</${name}>\n`);
  } else if (typeof value === 'number') {
    const type = Number.isInteger(value) ? 'integer' : 'float';
    out.push(`${pad}<${name} type="${type}">${value}</${name}>\n`);
  } else if (value instanceof Date) {
    const type = style === 'newest' ? 'dateTime' : 'datetime';
    out.push(`${pad}<${name} type="${type}">${railsTime(value)}</${name}>\n`);
  } else if (value instanceof WireScalar) {
    const text = escapeXml(String(value.value));
    const typed = value.type === 'untyped' ? '' : ` type="${value.type}"`;
    out.push(`${pad}<${name}${typed}>${text}</${name}>\n`);
  } else if (typeof value === 'string') {
    out.push(`${pad}<${name}>${escapeXml(value)}</${name}>\n`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${pad}<${name} type="array"/>\n`);
      return;
    }
    out.push(`${pad}<${name} type="array">\n`);
    const child = singular(name);
    for (const item of value) xmlElement(out, child, item, depth + 1, style);
    out.push(`${pad}</${name}>\n`);
  } else if (isRecord(value)) {
    out.push(`${pad}<${name}>\n`);
    for (const [key, field] of Object.entries(value)) xmlElement(out, key, field, depth + 1, style);
    out.push(`${pad}</${name}>\n`);
  }
}

/** A whole XML document with `root` as its root element. @internal */
export function toXml(root: string, value: WireValue, style: XmlStyle): string {
  const out: string[] = style === 'legacy' ? [] : ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  xmlElement(out, root, value, 0, style);
  return out.join('');
}

/**
 * The JSON Rails writes for the same value: records inside arrays are wrapped in their singular name
 * (`"ip_addresses":[{"ip_address":{…}}]`), scalars are not (`"preferred_hvs":[5,4]`).
 */
function jsonValue(value: WireValue, arrayName: string | undefined): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) return railsTime(value);
  if (value instanceof WireScalar) {
    if (value.type === 'float') return Number(value.value);
    return String(value.value);
  }
  if (Array.isArray(value)) {
    const child = arrayName ? singular(arrayName) : undefined;
    return value.map((item) => {
      const inner = jsonValue(item, undefined);
      return child && isRecord(item) ? { [child]: inner } : inner;
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as { readonly [field: string]: WireValue })) {
    out[key] = jsonValue(field, key);
  }
  return out;
}

/** A whole JSON document: `{"root": value}`, or for a list `[{"item": {…}}, …]`. @internal */
export function toJson(root: string, value: WireValue): string {
  if (Array.isArray(value)) return JSON.stringify(jsonValue(value, root));
  return JSON.stringify({ [root]: jsonValue(value, undefined) });
}

/** `Content-Type` of each format, as the panel sends it. @internal */
export const CONTENT_TYPES: Readonly<Record<OnAppFormat, string>> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** How one response is written: the request's format and the panel's XML style. @internal */
export interface WireFormat {
  readonly format: OnAppFormat;
  readonly style: XmlStyle;
}

/**
 * A document response. `root` is the XML root (plural for lists, which JSON writes as a bare array of
 * wrapped records).
 * @internal
 */
export function document(wire: WireFormat, status: number, root: string, value: WireValue): SimResponse {
  return {
    status,
    headers: { 'Content-Type': CONTENT_TYPES[wire.format], 'X-Request-Id': randomUUID() },
    body: wire.format === 'xml' ? toXml(root, value, wire.style) : toJson(root, value),
  };
}

/** 204 No Content: "returned on DELETE and PUT requests" (docs.onapp.com, HTTP response codes). @internal */
export function noContent(): SimResponse {
  return { status: 204, headers: { 'X-Request-Id': randomUUID() } };
}

/**
 * The three error shapes OnApp panels send (vendors/onapp.md §1.8), in the request's format:
 * - `string`: `{"error":"Resource not found"}` (404 on GET/POST, squall cassettes) — XML: Rails'
 *   `Hash#to_xml`, `<hash><error>…</error></hash>`;
 * - `list`: `{"errors":["…"]}` (422, and 404 on DELETE) — XML: `<errors><error>…</error></errors>`;
 * - `fields`: `{"errors":{"label":["…"]}}` (newer panels, the Go SDK's `Errors map[string][]string`) —
 *   XML: `<errors><label type="array"><label>…</label></label></errors>`.
 * The XML forms are inferred from Rails' serialisers (the notes found no captured XML error document).
 * @internal
 */
export type ErrorBody =
  | { readonly shape: 'string'; readonly message: string }
  | { readonly shape: 'list'; readonly messages: readonly string[] }
  | { readonly shape: 'fields'; readonly fields: Readonly<Record<string, readonly string[]>> };

/** An error response in the request's format. @internal */
export function errorResponse(wire: WireFormat, status: number, error: ErrorBody): SimResponse {
  const headers = { 'Content-Type': CONTENT_TYPES[wire.format], 'X-Request-Id': randomUUID() };
  if (wire.format === 'json') {
    const json =
      error.shape === 'string'
        ? { error: error.message }
        : { errors: error.shape === 'list' ? error.messages : error.fields };
    return { status, headers, body: JSON.stringify(json) };
  }
  const out: string[] = wire.style === 'legacy' ? [] : ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  if (error.shape === 'string') {
    out.push(`<hash>\n  <error>${escapeXml(error.message)}</error>\n</hash>\n`);
  } else if (error.shape === 'list') {
    out.push('<errors>\n');
    for (const message of error.messages) out.push(`  <error>${escapeXml(message)}</error>\n`);
    out.push('</errors>\n');
  } else {
    const fields: Record<string, WireValue> = {};
    for (const [field, messages] of Object.entries(error.fields)) fields[field] = [...messages];
    xmlElement(out, 'errors', fields, 0, wire.style);
  }
  return { status, headers, body: out.join('') };
}

/**
 * The page Passenger/Rails serves for a 500: recorded verbatim in the squall cassettes
 * (virtual_machine_console_0_POST_500), `text/html`, whatever format was asked for.
 * @internal
 */
export function htmlServerError(status: number): SimResponse {
  const body =
    status === 500
      ? "<html><body><h1>500 Internal Server Error</h1>If you are the administrator of this website, then please read this web application's log file and/or the web server's log file to find out what went wrong.</body></html>"
      : `<html>\n<head><title>${status} ${REASONS[status] ?? 'Error'}</title></head>\n<body>\n<center><h1>${status} ${REASONS[status] ?? 'Error'}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
  return { status, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body };
}

const REASONS: Readonly<Record<number, string>> = {
  404: 'Not Found',
  406: 'Not Acceptable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Rails' public/404.html, served for a path no route knows (a typo, a missing `.xml` suffix). @internal */
export function htmlNotFound(): SimResponse {
  return {
    status: 404,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    body: "<!DOCTYPE html>\n<html>\n<head>\n  <title>The page you were looking for doesn't exist (404)</title>\n</head>\n<body>\n  <h1>The page you were looking for doesn't exist.</h1>\n</body>\n</html>\n",
  };
}

/**
 * A proxy's throttling page (a self-hosted panel has no documented API limit; what throttles it is the
 * operator's nginx `limit_req`, configured to answer 429). The server adds `Retry-After`.
 * @internal
 */
export function htmlThrottled(): SimResponse {
  return htmlServerError(429);
}

/**
 * What Rails' `request_http_basic_authentication` answers: 401, `WWW-Authenticate: Basic`, and a
 * plain-text body (node-onapp treats 401 as "Invalid login or password.").
 * @internal
 */
export function basicAuthChallenge(): SimResponse {
  return {
    status: 401,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Basic realm="Application"' },
    body: 'HTTP Basic: Access denied.\n',
  };
}
