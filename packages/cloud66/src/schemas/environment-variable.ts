import { z } from 'zod';
import { boolLike, intLike, keepRaw, optionalText } from './common.js';

/** A value as Cloud 66 stores it: text, but tolerate numbers and booleans. */
const value = z.union([z.string(), z.number(), z.boolean()]).nullish();

/**
 * An environment variable (GET /stacks/{uid}/environments[/{id}]; admin scope). Password variables come
 * back in plain text (`is_password: true`): never log them. In the examples `history[].key` is a number,
 * not the variable's key, so it is read loosely.
 * @public
 */
export const environmentVariableSchema = keepRaw(
  z.looseObject({
    id: intLike,
    key: z.string().min(1),
    value,
    readonly: boolLike.nullish(),
    is_password: boolLike.nullish(),
    is_generated: boolLike.nullish(),
    created_at: optionalText,
    updated_at: optionalText,
    created_at_iso: optionalText,
    updated_at_iso: optionalText,
    history: z
      .array(
        z.looseObject({
          key: z.union([z.string(), z.number()]).nullish(),
          value,
          created_at: optionalText,
          updated_at: optionalText,
        }),
      )
      .nullish(),
  }),
);

/** A Cloud 66 environment variable. @public */
export type Cloud66EnvironmentVariable = z.output<typeof environmentVariableSchema>;
