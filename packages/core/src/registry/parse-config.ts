import type { z } from 'zod';
import { ConfigurationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendor.js';

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
    return issue.code === 'invalid_type' && issue.input === undefined
      ? `${name} is required`
      : `${name}: ${issue.message}`;
  });
  const who = vendor ? `${vendor} ` : '';
  throw new ConfigurationError(`Invalid ${who}configuration: ${problems.join('; ')}`, { vendor, problems });
}
