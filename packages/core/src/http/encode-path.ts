import { ValidationError } from '../errors/error-classes.js';

/**
 * Encodes one path segment. Ids come from users and from vendor responses, so they are untrusted: `/`,
 * `?`, `#` and `%` are percent-encoded, and `.`/`..` are refused outright because URL parsers collapse
 * them (even as `%2e%2e`, per the WHATWG URL standard), which would change the request path.
 * @public
 */
export function encodePathSegment(value: string | number): string {
  const text = String(value);
  if (text.length === 0)
    throw new ValidationError('An id in the request path is empty', { fieldErrors: { id: ['must not be empty'] } });
  if (text === '.' || text === '..') {
    throw new ValidationError(`An id in the request path is not allowed: ${JSON.stringify(text)}`, {
      fieldErrors: { id: ['must not be a dot segment'] },
    });
  }
  return encodeURIComponent(text);
}

/**
 * Tagged template that encodes every interpolated value as one path segment:
 * `` encodePath`/stacks/${uid}/deployments.json` ``.
 * @public
 */
export function encodePath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += encodePathSegment(value) + (strings[index + 1] ?? '');
  });
  return out;
}
