import { lenientBoolean, lenientInteger, lenientNumber, safeParseFast } from '@omnihost/core';
import { z } from 'zod';

/** An integer, also when it arrives as a numeric string (the Go model types some ids as ints, examples as strings). @public */
export const intLike = lenientInteger;

/** A number, also when it arrives as a numeric string. @public */
export const numberLike = lenientNumber;

/**
 * A boolean, also as `"true"`/`"false"` or `1`/`0`: the docs' old Ruby example compares
 * `finished_success == 'true'` (a string); current docs and the Go client use a JSON boolean.
 * @public
 */
export const boolLike = lenientBoolean;

/** An id that may be a number or a string, always read as a string (`resource_id`: string in examples, integer in the model). @public */
export const idString = z.union([z.string().min(1), z.number().int()]).transform(String);

/** Text that may be missing or null. @public */
export const optionalText = z.string().nullish();

/** `{ code, meaning }` pairs (deployment `outcome`, `triggered_via`, `deploy_type`). @public */
export const codeMeaningSchema = z.looseObject({
  code: intLike.nullish(),
  meaning: z.string().nullish(),
});

/**
 * The untouched vendor payload behind each parsed object. Parsing copies objects (and coerces numeric
 * strings), yet models must carry the payload exactly as the vendor sent it in `raw`.
 */
const untouched = new WeakMap<object, unknown>();

/**
 * Wraps an item schema so the untouched input stays reachable from the parsed object
 * ({@link untouchedPayload}). Issues keep their paths.
 * @internal
 */
export function keepRaw<T extends z.ZodType<object>>(schema: T) {
  return z.unknown().transform((input, ctx): z.output<T> => {
    const result = safeParseFast(schema, input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input });
      }
      return z.NEVER;
    }
    untouched.set(result.data, input);
    return result.data;
  });
}

/**
 * The payload a parsed object was read from, exactly as the vendor sent it (or the object itself when it
 * was not parsed by this package).
 * @public
 */
export function untouchedPayload(value: object): unknown {
  return untouched.has(value) ? untouched.get(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A single object in Cloud 66's `{ "response": … }` envelope. The 2023+ docs show `GET
 * /stacks/{id}/actions/{id}` without the envelope while the 2020 docs and the Go client wrap it (vendor
 * notes §2), so a body without `response` is read as the object itself.
 * @public
 */
export function enveloped<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (isRecord(value) && 'response' in value ? value.response : value), item);
}

/**
 * Pagination block. The docs' Pagination model names the back link `prev`, every real payload and the
 * Go/cx mocks say `previous`: both are accepted; paging only follows `next` (vendor notes §2).
 * @public
 */
export const paginationSchema = z.looseObject({
  previous: intLike.nullish(),
  prev: intLike.nullish(),
  next: intLike.nullish(),
  current: intLike.nullish(),
  per_page: intLike.nullish(),
  /** Total items across all pages ([DOCS-NEW]); the top-level `count` is unreliable (vendor notes §2). */
  count: intLike.nullish(),
  pages: intLike.nullish(),
});

/** A page of a Cloud 66 list. @public */
export type Pagination = z.output<typeof paginationSchema>;

/**
 * A list page: `{ response: [...], count, pagination }`. A bare array (no envelope) is read as a single,
 * last page.
 * @public
 */
export function listPage<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? { response: value } : value),
    z.looseObject({
      response: z.array(item),
      count: intLike.nullish(),
      pagination: paginationSchema.nullish(),
    }),
  );
}

/** `{ ok, message }`: what POSTs that start no async action return. @public */
export const genericResponseSchema = z.looseObject({
  ok: boolLike.nullish(),
  message: z.string().nullish(),
});

/** A generic Cloud 66 answer. @public */
export type Cloud66GenericResponse = z.output<typeof genericResponseSchema>;
