import { lenientBoolean, lenientNumber, lenientOptional, lenientString, registerStrictTwin } from '@omnihost/core';
import { type ZodType, z } from 'zod';

/**
 * Building blocks of every Site Factory response schema (the generated ones and the hand-written ones).
 *
 * Site Factory sends the same kind of value in different JSON types: WIP task rows, users and update
 * lists carry numbers as strings (`"status":"16"`, `"uid":"31"`), other payloads use integers, and the
 * backup list's `count` has been seen as `"407"` (vendors/sitefactory.md §1, §6). So a field typed as a
 * number accepts a numeric string and a field typed as a string accepts a number; anything else fails.
 */

/** A number, or a string holding one (`"16"` → 16): core's {@link lenientNumber}. @public */
export const num = lenientNumber;

/** A string, or a number sent where the spec says string (`16` → `"16"`): core's {@link lenientString}. @public */
export const str = lenientString;

/** A boolean, or the PHP-style `0`/`1`/`"0"`/`"1"`/`"true"`/`"false"` some payloads use. @public */
export const bool = lenientBoolean;

/** An optional field; `null` counts as absent (the type stays `T | undefined`). @public */
export const opt = lenientOptional;

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
export const idValue = registerStrictTwin(
  z.union([
    z.number().int().nonnegative(),
    z.string().trim().regex(/^\d+$/, 'expected a numeric id').transform(Number),
  ]),
  z.number().int().nonnegative(),
);

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
