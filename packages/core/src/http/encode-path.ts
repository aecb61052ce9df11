import { ValidationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';

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

/** Path parameter values for {@link fillPathTemplate}. @public */
export type PathParams = Readonly<Record<string, string | number | undefined>>;

/**
 * Fills a `{name}` path template (`/environments/{environmentId}/databases/{databaseName}`), every value
 * encoded as one segment by {@link encodePathSegment}, so `/`, `?` and `..` in an id cannot change the
 * path. A missing value is a `ValidationError` naming the parameter, before anything is sent.
 * @public
 */
export function fillPathTemplate(
  template: string,
  params: PathParams | undefined,
  context: { vendor?: VendorId | undefined; operation?: string | undefined } = {},
): string {
  const parts = template.split(/\{([^}]+)\}/);
  let out = '';
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      out += part;
      return;
    }
    const value = params?.[part];
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
      const who = [context.vendor, context.operation].filter(Boolean).join(' ');
      throw new ValidationError(`${who ? `${who}: ` : ''}path parameter ${part} is required`, {
        vendor: context.vendor,
        operation: context.operation,
        fieldErrors: { [part]: ['is required (a string or a number)'] },
      });
    }
    out += encodePathSegment(value);
  });
  return out;
}
