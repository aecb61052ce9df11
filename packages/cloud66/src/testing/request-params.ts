import type { SimRequest } from '@omnihost/core/testing';
import { badRequest } from './responses.js';

/** Request parameters, from JSON (what the Go client sends) or form fields (the docs' curl examples). */
export type Params = Readonly<Record<string, unknown>>;

/** Reads the request body both ways the API accepts; an unparseable JSON body is a 400. */
export function paramsOf(request: SimRequest): Params {
  const text = request.bodyText.trim();
  if (text === '') return {};
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('json') || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Params;
    } catch {
      // fall through to the error below
    }
    return badRequest('the request body is not a JSON object');
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** A parameter as text (numbers are accepted and turned into text, as Rails params are). */
export function textParam(params: Params, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A list parameter: a JSON array, or a comma-separated string (the docs' form of `services`). */
export function listParam(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (Array.isArray(value)) return value.map(String).filter((item) => item !== '');
  const text = textParam(params, name);
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

/** A boolean parameter: `true`/`false`, `1`/`0`. */
export function boolParam(params: Params, name: string): boolean | undefined {
  const text = textParam(params, name)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return badRequest(`${name} must be true or false`);
}

/** The first of several parameter names that is present (for names the docs and the Go client disagree on). */
export function firstTextParam(params: Params, ...names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = textParam(params, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The 1-based page a request asks for; anything unreadable is page 1 (as a Rails `to_i` would make it). */
export function requestedPage(query: URLSearchParams): number {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}
