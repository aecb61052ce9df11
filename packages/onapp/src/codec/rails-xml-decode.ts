import { ResponseValidationError } from '@omnihost/core';
import type { EntityDecoderOptions, XMLParser } from 'fast-xml-parser';
import { fastXmlParser } from './load-fast-xml-parser.js';
import { DEFAULT_MAX_XML_CHARS, MAX_XML_DEPTH } from './xml-limits.js';

/** Options of {@link decodeRailsXml}. @public */
export interface RailsXmlDecodeOptions {
  /** Largest document accepted, in characters. Default {@link DEFAULT_MAX_XML_CHARS}. */
  maxChars?: number | undefined;
}

const TEXT = '#text';
const TYPE = '@_type';
const NIL = '@_nil';
const AT = 64; // '@': fast-xml-parser prefixes attribute keys with '@_'.

/**
 * Names that would reach `Object.prototype` if used as keys. fast-xml-parser refuses them by throwing;
 * OnApp never sends them, so a document that does is hostile or broken, but one bad element should not
 * cost the whole list: it is renamed to an inert `#name` key that no schema reads.
 */
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const inert = (name: string): string => (UNSAFE_NAMES.has(name) ? `#${name}` : name);

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };
const REFERENCE = /&(?:(amp|apos|gt|lt|quot)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/g;

/**
 * Decodes XML's five predefined entities and numeric character references, and nothing else: entities
 * declared by a document are ignored (and DOCTYPEs are refused before parsing anyway).
 */
const entityDecoder: EntityDecoderOptions = {
  decode(text) {
    if (text.indexOf('&') === -1) return text;
    return text.replace(
      REFERENCE,
      (whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
        if (name) return PREDEFINED[name] ?? whole;
        const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
        const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        return valid ? String.fromCodePoint(code) : whole;
      },
    );
  },
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

/**
 * One parser for every document (fast-xml-parser builds fresh state per `parse` call, so sharing it is
 * safe). Choices, each forced by OnApp's Rails `to_xml` output (vendors/onapp.md §1.4):
 * - attributes are kept: `type` and `nil` carry the typing;
 * - values stay strings (`parseTagValue: false`): only `type="integer"` makes a number, so an untyped
 *   `<identifier>123456</identifier>` stays the string it is;
 * - entities: only XML's five predefined ones and numeric character references are decoded (our
 *   `entityDecoder`); DOCTYPEs are refused before parsing (see `rejectMarkupDeclarations`), so no custom
 *   entity can exist and nothing can expand.
 */
let shared: XMLParser | undefined;
const parser = (): XMLParser =>
  (shared ??= new (fastXmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    entityDecoder,
    maxNestedTags: MAX_XML_DEPTH,
    transformTagName: inert,
    transformAttributeName: inert,
  }));

/**
 * Decodes a Rails-style OnApp XML document into plain values, unwrapped from its root element:
 *
 * - `<virtual_machine>…</virtual_machine>` → the object;
 * - `<virtual_machines type="array">…</virtual_machines>` → an array (empty ones too);
 * - `type="integer|float|decimal|boolean"` → numbers and booleans; `datetime`/`dateTime`/`date`/`symbol`
 *   → their text (JSON mode delivers the same strings); `nil="true"` → `null`; untyped → string;
 *   nested elements → objects.
 *
 * Untyped numbers from old panels (`<backup_size>315552</backup_size>`) stay strings here: whether a
 * field is numeric is the schema's business (it coerces them), not the document's.
 *
 * Cost: one bounded scan for markup declarations, one fast-xml-parser pass, then one linear walk that
 * replaces typed leaves in place, so no object is allocated for a node that already has the right shape.
 *
 * Throws {@link ResponseValidationError} (reason `parse` or `too-large`) for anything that is not one
 * complete document: DOCTYPE/ENTITY declarations (a "billion laughs" fails here, before any expansion),
 * a truncated body, several roots, an HTML page.
 * @public
 */
export function decodeRailsXml(text: string, options: RailsXmlDecodeOptions = {}): unknown {
  return decodeRailsXmlDocument(text, options).value;
}

/** A decoded document with the name of its root element. @public */
export interface RailsXmlDocument {
  /** The root element's name (`virtual_machine`, `transactions`, `errors`, ...). */
  readonly root: string;
  /** The root's value, decoded as {@link decodeRailsXml} does. */
  readonly value: unknown;
}

/**
 * {@link decodeRailsXml}, keeping the root element's name: a reader of request bodies needs it to tell
 * `<virtual_machine>` from `<backup>`, as Rails' params parser does. Same limits and errors. (The
 * simulator reads requests with its own reader, `testing/request-xml.ts`, not with this decoder.)
 * @public
 */
export function decodeRailsXmlDocument(text: string, options: RailsXmlDecodeOptions = {}): RailsXmlDocument {
  const maxChars = options.maxChars ?? DEFAULT_MAX_XML_CHARS;
  if (text.length > maxChars) {
    throw new ResponseValidationError(`XML document of ${text.length} characters exceeds the cap of ${maxChars}`, {
      reason: 'too-large',
    });
  }
  rejectMarkupDeclarations(text);
  assertWellFormed(text);
  let tree: Record<string, unknown>;
  try {
    tree = parser().parse(text) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
    throw parseError(`XML does not parse (${detail})`);
  }
  let root: string | undefined;
  let roots = 0;
  for (const key in tree) {
    root = key;
    roots += 1;
  }
  if (root === undefined || roots !== 1) {
    throw parseError(roots === 0 ? 'XML has no root element' : `XML has ${roots} root elements`);
  }
  if (root.toLowerCase() === 'html') throw parseError('Expected XML but the response is an HTML page');
  const value = tree[root];
  // The document's own name for the root: `#__proto__` in the tree was `__proto__` on the wire.
  const wireRoot = root.startsWith('#') ? root.slice(1) : root;
  assertComplete(text, wireRoot, value);
  return { root, value: coerce(value) };
}

function parseError(message: string): ResponseValidationError {
  return new ResponseValidationError(message, { reason: 'parse' });
}

/**
 * fast-xml-parser builds a tree from mis-nested markup without complaint (`<a><b>1</a>` reads as if `b`
 * were closed), which would silently misread a mangled body. Its validator (one more linear pass, about a
 * quarter of the parse time on a 4 MB list) rejects that, repeated attributes and stray `&`. It is marked
 * deprecated in favour of a separate package; it is the same code, already installed.
 */
function assertWellFormed(text: string): void {
  const result = fastXmlParser().XMLValidator.validate(text);
  if (result === true) return;
  const { msg, line, col } = result.err;
  const where = Number.isInteger(line) ? ` at line ${line}${Number.isInteger(col) ? `, column ${col}` : ''}` : '';
  throw parseError(`XML is not well-formed${where} (${String(msg).slice(0, 120)})`);
}

/**
 * OnApp never sends a DOCTYPE, so none is accepted: no internal subset, no custom or external entity,
 * nothing to expand. Comments and CDATA sections (the only other `<!` constructs) are skipped. Linear:
 * each `indexOf` resumes where the previous one stopped.
 */
function rejectMarkupDeclarations(text: string): void {
  let at = text.indexOf('<!');
  while (at !== -1) {
    let close: number;
    if (text.startsWith('<!--', at)) close = text.indexOf('-->', at + 4) + 3;
    else if (text.startsWith('<![CDATA[', at)) close = text.indexOf(']]>', at + 9) + 3;
    else throw parseError('XML with a DOCTYPE or ENTITY declaration is refused (OnApp never sends one)');
    if (close < 3) throw parseError('XML has an unterminated comment or CDATA section');
    at = text.indexOf('<!', close);
  }
}

/**
 * fast-xml-parser accepts a document cut short (`<a><b>1</b>` parses as if closed). A truncated list
 * would silently lose servers, so the document must end with its root's closing tag, or be one
 * self-closing root without children. Reads only the end of the text.
 */
function assertComplete(text: string, root: string, value: unknown): void {
  let end = skipSpaceBackwards(text, text.length);
  while (end >= 3 && text.startsWith('-->', end - 3)) {
    const open = text.lastIndexOf('<!--', end - 3);
    if (open < 0) break;
    end = skipSpaceBackwards(text, open);
  }
  const truncated = () => parseError('XML document is incomplete (it does not end with its root element)');
  if (text.charCodeAt(end - 1) !== 62 /* > */) throw truncated();
  if (text.charCodeAt(end - 2) === 47 /* / */) {
    if (hasChildElements(value)) throw truncated();
    return;
  }
  const nameEnd = skipSpaceBackwards(text, end - 1);
  const nameStart = nameEnd - root.length;
  if (
    nameStart < 2 ||
    text.charCodeAt(nameStart - 1) !== 47 ||
    text.charCodeAt(nameStart - 2) !== 60 ||
    !text.startsWith(root, nameStart)
  ) {
    throw truncated();
  }
}

function skipSpaceBackwards(text: string, from: number): number {
  let end = from;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end -= 1;
  return end;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function hasChildElements(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (key.charCodeAt(0) !== AT && key !== TEXT) return true;
  return false;
}

/** Turns one fast-xml-parser node into its Rails value. Objects are reused and updated in place. */
function coerce(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const element = node as Record<string, unknown>;
  if (element[NIL] === 'true') return null;
  const type = element[TYPE];
  if (type === 'array') return collectItems(element);
  if (typeof type === 'string' && type !== 'hash') return scalar(type, element[TEXT]);
  return hash(element);
}

/** `type="array"`: every child element, in order per name. One child name (the normal case) reuses its array. */
function collectItems(element: Record<string, unknown>): unknown[] {
  let items: unknown[] | undefined;
  for (const key in element) {
    if (key.charCodeAt(0) === AT || key === TEXT) continue;
    const child = element[key];
    if (Array.isArray(child)) {
      for (let index = 0; index < child.length; index += 1) child[index] = coerce(child[index]);
      if (items === undefined) items = child;
      else for (const item of child) items.push(item);
    } else {
      items ??= [];
      items.push(coerce(child));
    }
  }
  return items ?? [];
}

/** A hash: children are coerced in place; attributes and stray text are dropped (rare, so a copy is fine). */
function hash(element: Record<string, unknown>): unknown {
  let hasChildren = false;
  let hasExtras = false;
  for (const key in element) {
    if (key.charCodeAt(0) === AT || key === TEXT) {
      hasExtras = true;
      continue;
    }
    hasChildren = true;
    const child = element[key];
    if (Array.isArray(child)) {
      for (let index = 0; index < child.length; index += 1) child[index] = coerce(child[index]);
    } else if (typeof child === 'object' && child !== null) {
      element[key] = coerce(child);
    }
  }
  if (!hasExtras) return element;
  // `<note lang="en">text</note>`: an untyped value that happens to carry attributes.
  if (!hasChildren) return typeof element[TEXT] === 'string' ? element[TEXT] : '';
  const copy: Record<string, unknown> = {};
  for (const key in element) if (key.charCodeAt(0) !== AT && key !== TEXT) copy[key] = element[key];
  return copy;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A typed leaf. A value that does not match its type (`<id type="integer">abc</id>`) stays the text it
 * is, so the schema of a field that matters reports it, and a field nobody reads does not fail the list.
 * An empty typed element without `nil` is Rails' empty value: `null`.
 */
function scalar(type: string, text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return null;
  switch (type) {
    case 'integer':
      return INTEGER.test(text) ? Number(text) : text;
    case 'float':
    case 'decimal':
    case 'double':
      return DECIMAL.test(text) ? Number(text) : text;
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return text;
    default:
      // datetime, dateTime, date, symbol, string, yaml (2.x transaction params), base64Binary, ...
      return text;
  }
}
