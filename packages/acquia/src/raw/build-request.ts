import { encodePath, type QueryValue, ValidationError } from '@omnihost/core';

/**
 * Fills a path template (`/environments/{environmentId}/databases/{databaseName}`) through core's
 * `encodePath`, so every value is one encoded segment and `.`/`..` are refused. A missing value is a
 * `ValidationError` naming the parameter, before anything is sent.
 * @internal
 */
export function buildPath(template: string, values: unknown, operation: string): string {
  const parts = template.split(/\{([^}]+)\}/);
  const strings: string[] = [];
  const substitutions: (string | number)[] = [];
  const source = values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      strings.push(part);
      return;
    }
    const value = source[part];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ValidationError(`acquia ${operation}: path parameter "${part}" is required`, {
        vendor: 'acquia',
        operation,
        fieldErrors: { [part]: ['is required (string or number)'] },
      });
    }
    substitutions.push(value);
  });
  return encodePath(Object.assign(strings, { raw: strings }), ...substitutions);
}

/**
 * Checks a query object: primitives (and arrays of them) only. Anything else is a `ValidationError`
 * rather than a silently stringified `[object Object]`.
 * @internal
 */
export function buildQuery(values: unknown, operation: string): Record<string, QueryValue> | undefined {
  if (values === undefined || values === null) return undefined;
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ValidationError(`acquia ${operation}: query must be an object`, {
      vendor: 'acquia',
      operation,
      fieldErrors: { query: ['must be an object of strings, numbers and booleans'] },
    });
  }
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      query[name] = value;
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      query[name] = value as (string | number)[];
    } else {
      throw new ValidationError(`acquia ${operation}: query parameter "${name}" has an unsupported type`, {
        vendor: 'acquia',
        operation,
        fieldErrors: { [name]: ['must be a string, number, boolean or an array of strings and numbers'] },
      });
    }
  }
  return query;
}
