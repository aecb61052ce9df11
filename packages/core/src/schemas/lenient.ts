import { type ZodType, z } from 'zod';
import { registerStrictTwin, strictTwinOf } from './strict-twin.js';

/**
 * Scalars for reading vendor JSON tolerantly. Vendors send one field in several JSON types (Site
 * Factory's `"status":"16"` next to `"status":16`, Cloud 66's `"true"`, PHP's `[]` for an empty map), so
 * each of these accepts the type the field should have and the spellings vendors actually use, and
 * rejects anything else.
 *
 * Each is registered with a strict twin (`z.number()` for {@link lenientNumber}, ...). A response schema
 * built from them is first tried in its strict form, which zod compiles to a fast path, and read with the
 * coercions only when that fails: see {@link strictTwinOf}. The coercions are unions with transforms,
 * which keep zod on its slow, interpreted path for every field of every row.
 */

/** A number, or a string holding one (`"16"` → 16). @public */
export const lenientNumber: ZodType<number> = registerStrictTwin(
  z.union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}(\.\d+)?$/, 'expected a number')
      .transform(Number),
  ]),
  z.number(),
);

/** An integer, or a string of digits (`"191"` → 191). @public */
export const lenientInteger: ZodType<number> = registerStrictTwin(
  z.union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}$/, 'expected an integer')
      .transform(Number),
  ]),
  z.number().int(),
);

/** A string, or a number where the vendor sometimes sends one (`16` → `"16"`). @public */
export const lenientString: ZodType<string> = registerStrictTwin(
  z.union([z.string(), z.number().transform(String)]),
  z.string(),
);

/** A boolean, or the spellings PHP and Ruby APIs use: `0`/`1`, `"0"`/`"1"`, `"true"`/`"false"`. @public */
export const lenientBoolean: ZodType<boolean> = registerStrictTwin(
  z.union([
    z.boolean(),
    z.literal([0, 1, '0', '1']).transform((value) => value === 1 || value === '1'),
    z.literal(['true', 'false']).transform((value) => value === 'true'),
  ]),
  z.boolean(),
);

/**
 * An optional field where `null` means absent: the output is `T | undefined`, never `null`.
 * @public
 */
export function lenientOptional<T extends ZodType>(schema: T): ZodType<z.output<T> | undefined> {
  const lenient = z.union([schema, z.null().transform(() => undefined)]).optional();
  return registerStrictTwin(lenient, () => strictTwinOf(schema).optional()) as ZodType<z.output<T> | undefined>;
}
