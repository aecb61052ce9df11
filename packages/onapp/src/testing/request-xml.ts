import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The simulated panel's own reader of XML request bodies, written on fast-xml-parser directly and
 * sharing nothing with the adapter's decoder (`codec/rails-xml-decode.ts`): when the adapter writes a
 * body and the simulator reads it, a decoder bug cannot cancel out in the round trip (issue 11).
 *
 * It reads the way a Rails panel's XML params parser does (ActiveSupport `Hash.from_xml`, whose
 * `typecast_xml_value` rules are followed below), for the values the simulator reads:
 * - `type="integer"` is Ruby's `to_i` (`"12abc"` → 12, `"abc"` → 0); `float`/`double`/`decimal` `to_f`;
 *   `boolean` is true for `1`/`true` only; `string`, `date`, `datetime`/`dateTime` and unknown types keep
 *   their text;
 * - `type="array"` lists the children named like its first child (none: `[]`), whatever their name;
 * - `nil="true"`, an element with no text (`<note></note>`, `<note/>`) and an empty typed element are
 *   `null`, an empty `type="string"` is `""`; text is kept as sent, blanks included;
 * - nested elements are hashes (attributes other than `type`/`nil` become keys, as in Rails), repeated
 *   siblings an array;
 * - `type="symbol"` and `type="yaml"` are refused, as Rails refuses them in request parameters.
 *
 * Refused with {@link UnreadableRequestXml} (the route answers 400): not well-formed, not exactly one root
 * element, larger than {@link MAX_REQUEST_XML_CHARS}, nested deeper than {@link MAX_REQUEST_XML_DEPTH}, a
 * DOCTYPE or ENTITY declaration (no client of a panel sends one; refusing it means nothing can expand), an
 * invalid character reference, and element names fast-xml-parser refuses (`__proto__`, `constructor`).
 * Only XML's five predefined entities and numeric character references are decoded.
 * @internal
 */
export function readRequestXml(text: string): RequestXml {
  if (text.length > MAX_REQUEST_XML_CHARS) {
    throw new UnreadableRequestXml(`is larger than ${MAX_REQUEST_XML_CHARS} characters`);
  }
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw new UnreadableRequestXml('declares a DOCTYPE or ENTITY');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new UnreadableRequestXml(`is not well-formed (${valid.err.msg})`);
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UnreadableRequestXml) throw error;
    throw new UnreadableRequestXml(`does not parse (${error instanceof Error ? error.message : 'unreadable'})`);
  }
  const roots = Object.keys(tree).filter((key) => key !== TEXT);
  const root = roots[0];
  if (root === undefined || roots.length !== 1 || Array.isArray(tree[root])) {
    throw new UnreadableRequestXml('does not have exactly one root element');
  }
  return { root, value: typecast(tree[root]) };
}

/** A request body as the simulator read it: the root element's name and its Rails value. @internal */
export interface RequestXml {
  /** `virtual_machine`, `backup`, …: routes read only the root they expect, as Rails' `params[:root]`. */
  readonly root: string;
  readonly value: unknown;
}

/** A body a Rails panel would refuse to read (the route answers 400 with the message). @internal */
export class UnreadableRequestXml extends Error {
  constructor(reason: string) {
    super(`the XML body ${reason}`);
    this.name = 'UnreadableRequestXml';
  }
}

/** Largest request body read, in characters: a request carries one record's attributes. @internal */
export const MAX_REQUEST_XML_CHARS = 1024 * 1024;

/** Deepest element nesting read (OnApp's deepest request attribute sits about four levels down). @internal */
export const MAX_REQUEST_XML_DEPTH = 32;

const TEXT = '#text';
const ATTRIBUTE = '@_';
const DISALLOWED_TYPES = new Set(['symbol', 'yaml']);

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };
const REFERENCE = /&(?:(amp|apos|gt|lt|quot)|#(\d+)|#[xX]([0-9A-Fa-f]+));/g;

/** A character XML 1.0 allows (its `Char` production): what a character reference may name. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * XML's predefined entities and numeric character references (`&#13;` is how a CR survives the trip);
 * any other `&name;` stays as written, a reference to a character XML forbids is refused.
 */
const entityDecoder: EntityDecoderOptions = {
  decode(text) {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (_whole, name: string | undefined, decimal: string | undefined, hex?: string) => {
      if (name) return PREDEFINED[name] as string;
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
      if (!isXmlChar(code)) throw new UnreadableRequestXml('refers to a character XML does not allow');
      return String.fromCodePoint(code);
    });
  },
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

/** Text as sent (`trimValues: false`: Rails keeps blanks), values as strings, attributes kept. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder,
  maxNestedTags: MAX_REQUEST_XML_DEPTH,
});

/** One fast-xml-parser node → its Rails value (`typecast_xml_value`). */
function typecast(node: unknown): unknown {
  // Siblings of one name (fast-xml-parser makes an array only for two or more).
  if (Array.isArray(node)) return node.map(typecast);
  // A leaf without attributes: its text, or nil when it has none.
  if (typeof node === 'string') return node === '' ? null : node;
  if (typeof node !== 'object' || node === null) return null;
  const element = node as Record<string, unknown>;
  const attributes: [string, string][] = [];
  const children: string[] = [];
  for (const key of Object.keys(element)) {
    if (key.startsWith(ATTRIBUTE)) attributes.push([key.slice(ATTRIBUTE.length), String(element[key])]);
    else if (key !== TEXT) children.push(key);
  }
  const type = attributes.find(([name]) => name === 'type')?.[1];
  const nil = attributes.find(([name]) => name === 'nil')?.[1];
  if (type !== undefined && DISALLOWED_TYPES.has(type)) {
    throw new UnreadableRequestXml(`uses type="${type}", which request parameters may not`);
  }
  if (type === 'array') {
    const first = children[0];
    if (first === undefined) return [];
    const entries = element[first];
    return Array.isArray(entries) ? entries.map(typecast) : [typecast(entries)];
  }
  // Rails keeps an element's text when it has no child elements, or when the text is not blank.
  const raw = typeof element[TEXT] === 'string' ? (element[TEXT] as string) : undefined;
  const content = raw !== undefined && (children.length === 0 ? raw !== '' : raw.trim() !== '') ? raw : undefined;
  const size = attributes.length + children.length + (content === undefined ? 0 : 1);
  if (content !== undefined && (size === 1 || content.trim() !== '')) return scalar(type, content);
  if (type === 'string' && nil !== 'true') return '';
  if (size === 0 || nil === 'true') return null;
  if (type !== undefined && size === 1) return null;
  const hash: Record<string, unknown> = {};
  for (const [name, value] of attributes) hash[name] = value;
  for (const name of children) hash[name] = typecast(element[name]);
  if (content !== undefined) hash.__content__ = content;
  return hash;
}

/** A typed text, as ActiveSupport's `XmlMini::PARSING` reads it. */
function scalar(type: string | undefined, text: string): unknown {
  switch (type) {
    case 'integer':
      return rubyToI(text);
    case 'float':
    case 'double':
    case 'decimal':
      return rubyToF(text);
    case 'boolean':
      return text.trim() === '1' || text.trim() === 'true';
    default:
      return text;
  }
}

/** Ruby's `String#to_i`: the leading integer (underscores between digits allowed), else 0. */
function rubyToI(text: string): number {
  const match = /^\s*([+-]?\d+(?:_\d+)*)/.exec(text);
  return match ? Number((match[1] as string).replaceAll('_', '')) : 0;
}

/** Ruby's `String#to_f`: the leading decimal number, else 0. */
function rubyToF(text: string): number {
  const match = /^\s*([+-]?(?:\d+(?:_\d+)*)?(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?)/.exec(text);
  const value = Number((match?.[1] ?? '').replaceAll('_', ''));
  return match?.[1] && Number.isFinite(value) ? value : 0;
}
