import { ResponseValidationError } from '../errors/error-classes.js';
import type { Codec } from './types.js';

/**
 * The default codec. Malformed input (an HTML error page, a truncated body) becomes a typed
 * {@link ResponseValidationError} with a short, printable excerpt, never a raw `SyntaxError`.
 * @public
 */
export const jsonCodec: Codec = {
  name: 'json',
  accept: 'application/json',
  contentType: 'application/json',
  encode: (body) => JSON.stringify(body),
  decode(text, contentType) {
    try {
      return JSON.parse(text);
    } catch {
      const looksHtml = /^\s*</.test(text) || (contentType ?? '').includes('html');
      throw new ResponseValidationError(
        looksHtml
          ? 'Expected JSON but the response is an HTML page'
          : `Expected JSON but the response does not parse (${describeExcerpt(text)})`,
        { reason: 'parse' },
      );
    }
  },
};

/** A short, single-line description of a body for error messages. @internal */
export function describeExcerpt(text: string): string {
  const excerpt = text.slice(0, 60).replace(/\s+/g, ' ');
  return `${text.length} bytes, starting ${JSON.stringify(excerpt)}`;
}
