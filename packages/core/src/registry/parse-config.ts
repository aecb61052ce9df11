import type { z } from 'zod';
import { ConfigurationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';

/**
 * Validates a config with a zod schema, turning failures into {@link ConfigurationError} with one line
 * per problem. Messages name fields, never values: a config holds secrets.
 * @public
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  config: unknown,
  vendor?: VendorId,
  fieldName: (path: string) => string = (path) => path,
): z.output<S> {
  const result = schema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const name = path ? fieldName(path) : 'config';
    // zod leaves `issue.input` out of its issues, so whether the field was given is read from the config:
    // OMNIHOST_TIMEOUT_MS=abc is invalid, not missing.
    return issue.code === 'invalid_type' && valueAt(config, issue.path) === undefined
      ? `${name} is required`
      : `${name}: ${issue.message}`;
  });
  const who = vendor ? `${vendor} ` : '';
  throw new ConfigurationError(`Invalid ${who}configuration: ${problems.join('; ')}`, { vendor, problems });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
