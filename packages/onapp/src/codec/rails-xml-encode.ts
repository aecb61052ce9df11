import { ValidationError } from '@omnihost/core';
import { singular } from './rails-names.js';

/**
 * Writes a request body the way OnApp's Rails panel reads it (vendors/onapp.md §1.6): the body is
 * `{ <root>: value }` (the same wrapper JSON mode sends), objects become nested elements, arrays become
 * `type="array"` elements with singular children (`service_addon_ids` → `service_addon_id`), and scalars
 * carry Rails' type attributes (`integer`, `float`, `boolean`, `datetime`, `nil="true"`), exactly as the
 * panel itself writes them, so a body round-trips through {@link decodeRailsXml}.
 *
 * Throws {@link ValidationError} for what XML cannot carry: a body that is not one wrapper, element
 * names that are not XML names, non-finite numbers, control characters.
 * @public
 */
export function encodeRailsXml(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('an XML request body must be an object with one root key, e.g. { virtual_machine: {...} }');
  }
  const keys = Object.keys(body);
  if (keys.length !== 1) throw invalid(`an XML request body needs exactly one root key (got ${keys.length})`);
  const root = keys[0] as string;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  writeElement(out, root, (body as Record<string, unknown>)[root]);
  return out.join('');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function writeElement(out: string[], name: string, value: unknown): void {
  if (!NAME.test(name)) throw invalid(`${JSON.stringify(name.slice(0, 40))} is not an XML element name`);
  if (value === null || value === undefined) {
    out.push(`<${name} nil="true"/>`);
  } else if (typeof value === 'boolean') {
    out.push(`<${name} type="boolean">${value}</${name}>`);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${name} is not a finite number`);
    out.push(`<${name} type="${Number.isInteger(value) ? 'integer' : 'float'}">${value}</${name}>`);
  } else if (typeof value === 'bigint') {
    out.push(`<${name} type="integer">${value}</${name}>`);
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(`${name} is an invalid date`);
    out.push(`<${name} type="datetime">${railsTimestamp(value)}</${name}>`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`<${name} type="array"/>`);
      return;
    }
    const child = singular(name);
    out.push(`<${name} type="array">`);
    for (const item of value) writeElement(out, child, item);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, child] of Object.entries(value)) writeElement(out, key, child);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeText(String(value), name)}</${name}>`);
  }
}

// XML 1.0 cannot carry these at all, escaped or not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const SPECIAL = /[&<>"'\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A raw CR would be normalised away by an XML parser; the reference keeps it.
  '\r': '&#13;',
};

function escapeText(text: string, name: string): string {
  if (FORBIDDEN.test(text)) throw invalid(`${name} contains a control character XML cannot carry`);
  return text.replace(SPECIAL, (char) => ESCAPES[char] ?? char);
}

function invalid(message: string): ValidationError {
  return new ValidationError(`OnApp XML body: ${message}`, { vendor: 'onapp', fieldErrors: { body: [message] } });
}

/** A timestamp as Rails' `xmlschema` writes it: ISO 8601 without milliseconds. @internal */
export function railsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
