import { z } from 'zod';

const arrays = new WeakMap<z.ZodType, z.ZodType>();

/**
 * `z.array(item)`, one per item schema: the clients ask for it on every call, and core compiles a schema
 * only once it sees it again.
 * @internal
 */
export function arrayOf<T extends z.ZodType>(item: T): z.ZodArray<T> {
  let array = arrays.get(item);
  if (!array) {
    array = z.array(item);
    arrays.set(item, array);
  }
  return array as z.ZodArray<T>;
}

/**
 * A list document: `type="array"` in XML, an array of wrapped records in JSON (both decode to an array).
 * The status document of one server is sometimes a bare object instead (vendors/onapp.md §2.2), so a
 * single record is accepted as a one-element list.
 * @public
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), item.transform((value) => [value])]);
}

/** `GET /version`: `{"version":"6.1.0"}` / `<hash><version>6.1.0</version></hash>`. @public */
export const versionSchema = z.looseObject({
  version: z.unknown().transform((value) => (value === null || value === undefined ? '' : String(value))),
});
