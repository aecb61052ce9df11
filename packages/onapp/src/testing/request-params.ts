import type { SimRequest } from '@omnihost/core/testing';
import { type RequestXml, readRequestXml, UnreadableRequestXml } from './request-xml.js';

/** A request body or query that Rails would refuse to parse (answered 400). @internal */
export class UnreadableParams extends Error {}

/**
 * The attributes sent under `root` (`virtual_machine`, `backup`), read the ways a Rails panel reads them
 * (vendors/onapp.md §1.5–1.6):
 * - an XML body `<root>…</root>` (typed or untyped children), read by the simulator's own
 *   {@link readRequestXml}, never by the adapter's decoder;
 * - a JSON body `{"root":{…}}`;
 * - form parameters in the query string, `root[field]=value` (what squall sent, and it worked).
 * A body under another root counts as no attributes, as in Rails (`params[:virtual_machine]` is nil).
 * @internal
 */
export function paramsFor(request: SimRequest, root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix = `${root}[`;
  for (const [key, value] of request.query) {
    if (key.startsWith(prefix) && key.endsWith(']')) out[key.slice(prefix.length, -1)] = value;
  }
  const text = request.bodyText.trim();
  if (!text) return out;
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  const looksXml = type.includes('xml') || (!type.includes('json') && text.startsWith('<'));
  let body: unknown;
  if (looksXml) {
    let document: RequestXml;
    try {
      document = readRequestXml(text);
    } catch (error) {
      if (error instanceof UnreadableRequestXml) throw new UnreadableParams(error.message);
      throw error;
    }
    body = document.root === root ? document.value : undefined;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UnreadableParams('the JSON body does not parse');
    }
    body =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.hasOwn(parsed, root)
        ? (parsed as Record<string, unknown>)[root]
        : undefined;
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) out[key] = value;
  }
  return out;
}

/** An integer attribute (`"1"`, `1`), or undefined when absent or not an integer. @internal */
export function intParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d{1,12}\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A flag attribute: `1`/`0`, `true`/`false` (both are used in the docs), or undefined. @internal */
export function flagParam(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/** A text attribute; null for `nil`/absent. @internal */
export function textParam(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
