import { createRequire } from 'node:module';

/** The fast-xml-parser module. */
export type FastXmlParser = typeof import('fast-xml-parser');

let loaded: FastXmlParser | undefined;

/**
 * fast-xml-parser, loaded on first use rather than at import: it costs ~40 ms of cold import, which a
 * program that speaks JSON to the panel, or only reads configs and capabilities, never needs (`npm run
 * bench import`: @omnihost/onapp 120 ms → under 100). Loaded synchronously (its CommonJS build) because
 * codecs decode synchronously.
 * @internal
 */
export function fastXmlParser(): FastXmlParser {
  loaded ??= createRequire(import.meta.url)('fast-xml-parser') as FastXmlParser;
  return loaded;
}
