import { type Codec, describeExcerpt, ResponseValidationError } from '@omnihost/core';
import { ONAPP_MEDIA_TYPES } from '../constants.js';
import { singular } from './rails-names.js';
import { decodeRailsXml } from './rails-xml-decode.js';
import { encodeRailsXml } from './rails-xml-encode.js';
import { DEFAULT_MAX_XML_CHARS } from './xml-limits.js';

/** The two wire formats every OnApp call speaks, picked by the `.xml` / `.json` path suffix. @public */
export type OnAppFormat = 'xml' | 'json';

/** Options of {@link createOnAppCodec}. @public */
export interface OnAppCodecOptions {
  /** Largest XML document decoded, in characters. Default 32 Mi. */
  maxChars?: number | undefined;
}

/**
 * The codec core's transport uses for OnApp. Both formats decode to the same plain values, with
 * Rails' root wrapper removed, so every schema and mapper is written once:
 *
 * - XML: see {@link decodeRailsXml} (root element dropped, typed scalars, `type="array"` lists);
 * - JSON: `{"virtual_machine":{…}}` → the object; `[{"transaction":{…}}, …]` → the objects
 *   (see {@link unwrapRailsJson}).
 *
 * The response's `Content-Type` wins over the requested format when they disagree (a proxy's JSON error
 * in XML mode); an HTML page (OnApp's 500, a gateway's error) is refused as a typed parse error, so the
 * transport reports its title instead of parsing markup.
 * @public
 */
export function createOnAppCodec(format: OnAppFormat, options: OnAppCodecOptions = {}): Codec {
  const maxChars = options.maxChars ?? DEFAULT_MAX_XML_CHARS;
  const mediaType = ONAPP_MEDIA_TYPES[format];
  return {
    name: `onapp-${format}`,
    accept: mediaType,
    contentType: mediaType,
    encode: (body) => (format === 'xml' ? encodeRailsXml(body) : JSON.stringify(body)),
    decode(text, contentType) {
      const type = (contentType ?? '').toLowerCase();
      if (type.includes('html') || /^\s*<(?:!doctype\s+html|html[\s>])/i.test(text)) {
        throw new ResponseValidationError('Expected an OnApp document but the response is an HTML page', {
          reason: 'parse',
        });
      }
      const asJson = type.includes('json') || (!type.includes('xml') && format === 'json');
      return asJson ? decodeRailsJson(text) : decodeRailsXml(text, { maxChars });
    },
  };
}

/** Parses a JSON body and removes Rails' root wrappers. @public */
export function decodeRailsJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ResponseValidationError(`Expected JSON but the response does not parse (${describeExcerpt(text)})`, {
      reason: 'parse',
    });
  }
  return unwrapRailsJson(value);
}

/**
 * Removes the wrappers Rails puts around each record (vendors/onapp.md §1.5), so JSON decodes to what
 * the XML decoder produces:
 * - a top-level object with exactly one key whose value is an object is that object
 *   (`{"virtual_machine":{…}}`);
 * - a top-level array has each such wrapped element replaced (`[{"transaction":{…}}, …]`);
 * - nested arrays of records are unwrapped when the wrapper is the singular of the array's name
 *   (`"ip_addresses":[{"ip_address":{…}}]`), as in XML `<ip_addresses type="array"><ip_address>`.
 *
 * Anything else (`{"errors":[…]}`, `{"version":"6.1"}`, `{}`) is returned as is. Works in place; the
 * walk is bounded in depth so a hostile, deeply nested body is a typed error, not a stack overflow.
 * @public
 */
export function unwrapRailsJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = unwrapOne(value[index], undefined);
    unwrapNested(value, 0);
    return value;
  }
  const root = unwrapOne(value, undefined);
  unwrapNested(root, 0);
  return root;
}

/** `{"key":{…}}` → `{…}` when `key` is the expected wrapper name (any name at the top level). */
function unwrapOne(value: unknown, expected: string | undefined): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  let only: string | undefined;
  for (const key in value) {
    if (only !== undefined) return value;
    only = key;
  }
  if (only === undefined || (expected !== undefined && only !== expected)) return value;
  const inner = (value as Record<string, unknown>)[only];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : value;
}

const MAX_JSON_DEPTH = 64;

function unwrapNested(value: unknown, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_JSON_DEPTH) {
    throw new ResponseValidationError(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`, { reason: 'parse' });
  }
  if (Array.isArray(value)) {
    for (const item of value) unwrapNested(item, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (Array.isArray(child)) {
      const wrapper = singular(key);
      for (let index = 0; index < child.length; index += 1) child[index] = unwrapOne(child[index], wrapper);
    }
    unwrapNested(child, depth + 1);
  }
}
