import { safeParseFast } from '@omnihost/core';
import { z } from 'zod';

/** A validated payload and the untouched one it came from. @public */
export interface Validated<T> {
  /** Parsed: unknown fields kept, numeric strings coerced. */
  readonly value: T;
  /** Exactly what the vendor sent (what models expose as `raw`). */
  readonly raw: unknown;
}

const wrappers = new WeakMap<z.ZodType, z.ZodType>();

/**
 * Wraps a schema so validation also hands back the untouched payload: models carry `raw` as the vendor
 * sent it, not the coerced copy. Issues keep their paths (never their input values, which may be secret).
 * @public
 */
export function withRaw<T extends z.ZodType>(schema: T): z.ZodType<Validated<z.output<T>>> {
  // One wrapper per schema: services wrap per call, and core compiles a schema it sees again.
  const known = wrappers.get(schema);
  if (known) return known as z.ZodType<Validated<z.output<T>>>;
  const wrapper = z.unknown().transform((input, ctx) => {
    const result = safeParseFast(schema, input);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { value: result.data as z.output<T>, raw: input };
  });
  wrappers.set(schema, wrapper);
  return wrapper;
}

/** The untouched item `index` of a HAL collection payload (`_embedded.items[index]`). @internal */
export function rawItem(raw: unknown, index: number): unknown {
  const items = (raw as { _embedded?: { items?: unknown } } | null)?._embedded?.items;
  return Array.isArray(items) ? items[index] : undefined;
}
