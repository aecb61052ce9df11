import { type ZodType, z } from 'zod';

/**
 * Building blocks of every Site Factory response schema (the generated ones and the hand-written ones).
 *
 * Site Factory sends the same kind of value in different JSON types: WIP task rows, users and update
 * lists carry numbers as strings (`"status":"16"`, `"uid":"31"`), other payloads use integers, and the
 * backup list's `count` has been seen as `"407"` (vendors/sitefactory.md §1, §6). So a field typed as a
 * number accepts a numeric string and a field typed as a string accepts a number; anything else fails.
 */

/** A number, or a string holding one (`"16"` → 16). @public */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
    .transform(Number),
]);

/** A string, or a number sent where the spec says string (`16` → `"16"`). @public */
export const str = z.union([z.string(), z.number().transform(String)]);

/** A boolean, or the PHP-style `0`/`1`/`"0"`/`"1"`/`"true"`/`"false"` some payloads use. @public */
export const bool = z.union([
  z.boolean(),
  z.literal([0, 1, '0', '1']).transform((value) => value === 1 || value === '1'),
  z.literal(['true', 'false']).transform((value) => value === 'true'),
]);

/** An optional field; `null` counts as absent (the type stays `T | undefined`). @public */
export function opt<T extends ZodType>(schema: T) {
  return z.union([schema, z.null().transform(() => undefined)]).optional();
}

/** Builds a value on first use and keeps it: the generated schemas cost nothing until a call needs them. @public */
export function memo<T>(factory: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = factory();
      built = true;
    }
    return value as T;
  };
}

/** A positive integer id: a number, or a string of digits (`"191"`), as Site Factory sends ids. @public */
export const idValue = z.union([
  z.number().int().nonnegative(),
  z.string().trim().regex(/^\d+$/, 'expected a numeric id').transform(Number),
]);

/**
 * A map keyed by id (`{"1": "stack1"}`). PHP encodes an empty map as `[]`, so an empty array is accepted
 * as an empty map (acquia/cli PR #1010 met the same array/object confusion).
 * @public
 */
export function dict<T extends ZodType>(value: T) {
  return z.union([
    z.record(z.string(), value),
    z
      .array(z.unknown())
      .max(0)
      .transform((): Record<string, z.output<T>> => ({})),
  ]);
}
