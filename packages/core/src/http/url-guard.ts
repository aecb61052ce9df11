import { ConfigurationError, ValidationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';

/** Hosts for which plain HTTP cannot leak anything off the machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Parses and checks a configured base URL: absolute, http(s), and https unless plain http was allowed
 * explicitly. Credentials in clear text over a network are refused even on loopback unless allowed, so a
 * misconfigured production URL fails loudly rather than leaking a password.
 * @internal
 */
export function parseBaseUrl(value: string, vendor: VendorId, allowInsecureHttp: boolean, what = 'baseUrl'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${vendor}: ${what} is not an absolute URL`, {
      vendor,
      problems: [`${what} must be an absolute http(s) URL`],
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${vendor}: ${what} must use https`, {
      vendor,
      problems: [`${what} protocol ${url.protocol} is not supported`],
    });
  }
  if (url.protocol === 'http:' && !allowInsecureHttp) {
    const hint = LOOPBACK.has(url.hostname) ? ' (set allowInsecureHttp: true for a local simulator)' : '';
    throw new ConfigurationError(`${vendor}: refusing to send credentials over plain http to ${url.host}${hint}`, {
      vendor,
      problems: [`${what} uses http:// but allowInsecureHttp is not set`],
    });
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`${vendor}: ${what} must not embed credentials`, {
      vendor,
      problems: [`${what} contains user info`],
    });
  }
  return url;
}

/**
 * Resolves `path` under `base` and proves the result stays on the base's origin and under its path.
 * This is what makes hostile ids harmless even if a caller forgot {@link encodePath}, and what stops an
 * absolute link from a response sending our credentials to another host.
 * @internal
 */
export function resolveUnderBase(base: URL, path: string, context: { vendor: VendorId; operation: string }): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    const target = safeUrl(path);
    if (!target || target.origin !== base.origin) {
      throw new ValidationError(`${context.vendor} ${context.operation}: refusing to send a request to another host`, {
        ...context,
        fieldErrors: { path: ['absolute URL outside the configured base URL'] },
      });
    }
    path = target.pathname.slice(basePath(base).length) + target.search;
  }
  const [rawPath = '', rawQuery] = splitOnce(path, '?');
  const prefix = basePath(base);
  // Check before assigning: the URL setter would silently collapse `..` and hide the escape.
  if (rawPath.split('/').some(isDotSegment)) throw escapes(context);
  const url = new URL(base.href);
  url.pathname = prefix + (rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
  url.search = rawQuery ?? '';
  url.hash = '';
  if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) throw escapes(context);
  return url;
}

function escapes(context: { vendor: VendorId; operation: string }): ValidationError {
  return new ValidationError(`${context.vendor} ${context.operation}: request path escapes the base URL`, {
    ...context,
    fieldErrors: { path: ['path must stay under the configured base URL'] },
  });
}

function basePath(base: URL): string {
  return base.pathname.replace(/\/+$/, '');
}

function isDotSegment(segment: string): boolean {
  const decoded = segment.toLowerCase().replaceAll('%2e', '.');
  return decoded === '.' || decoded === '..';
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index < 0 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
