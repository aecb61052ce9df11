/**
 * Default cap on an XML document, in characters. The transport already caps bytes on the wire
 * (`maxResponseBytes`); this cap also protects callers who decode documents themselves (fixtures, files).
 * @public
 */
export const DEFAULT_MAX_XML_CHARS = 32 * 1024 * 1024;

/**
 * Deepest element nesting accepted. OnApp documents nest about five levels (list → server →
 * ip_addresses → ip_address → field); fast-xml-parser's own guard throws past this depth, which bounds the
 * recursion of both its tree builder and our coercion walk.
 * @internal
 */
export const MAX_XML_DEPTH = 64;
