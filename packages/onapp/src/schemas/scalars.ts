import { z } from 'zod';

/**
 * Field types that accept every spelling OnApp panels have used for a value, because responses are
 * untrusted and panels differ by version (vendors/onapp.md §1.4–1.5):
 * - numbers arrive typed (`type="integer"`, JSON numbers) or untyped from old panels
 *   (`<backup_size>315552</backup_size>`, `"backup_size":"8"`);
 * - nulls arrive as `nil="true"`, `null`, or `""` (libcloud's fixtures replaced nulls by empty strings);
 * - booleans arrive as `true`/`false` or `1`/`0`.
 *
 * Each is a single transform (no unions), which keeps validating a 1,000-server list cheap. Every field
 * but the id is `.optional()`: in zod 4 a transformed `unknown` is a required key, and panels leave out
 * fields freely (the status document has no `label`, 2.x rows no `associated_object_*`).
 */

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const INVALID: unique symbol = Symbol('invalid');

function toInteger(value: unknown): number | null | undefined | typeof INVALID {
  if (typeof value === 'number') return Number.isInteger(value) ? value : INVALID;
  if (value === null || value === '') return null;
  if (value === undefined) return undefined;
  if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value.trim());
  return INVALID;
}

/** A required integer id (`42` or `"42"`). @public */
export const idField = z.unknown().transform((value, ctx): number => {
  const out = toInteger(value);
  if (typeof out === 'number') return out;
  ctx.addIssue({ code: 'custom', message: 'expected an integer id' });
  return z.NEVER;
});

/** An optional integer that may be null, `""`, or a numeric string. @public */
export const intField = z
  .unknown()
  .transform((value, ctx): number | null | undefined => {
    const out = toInteger(value);
    if (out !== INVALID) return out;
    ctx.addIssue({ code: 'custom', message: 'expected an integer' });
    return z.NEVER;
  })
  .optional();

/** An optional number (prices, sizes) that may be null, `""`, or a numeric string. @public */
export const numberField = z
  .unknown()
  .transform((value, ctx): number | null | undefined => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (value === null || value === '') return null;
    if (value === undefined) return undefined;
    if (typeof value === 'string' && NUMBER.test(value.trim())) return Number(value.trim());
    ctx.addIssue({ code: 'custom', message: 'expected a number' });
    return z.NEVER;
  })
  .optional();

/** An optional boolean: `true`/`false`, `1`/`0`, their string forms; null or `""` → null. @public */
export const flagField = z
  .unknown()
  .transform((value, ctx): boolean | null | undefined => {
    if (typeof value === 'boolean') return value;
    if (value === null || value === '') return null;
    if (value === undefined) return undefined;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    ctx.addIssue({ code: 'custom', message: 'expected a boolean' });
    return z.NEVER;
  })
  .optional();

/** An optional text field; numbers become their text (an untyped identifier `123456`); `""` stays `""`. @public */
export const textField = z
  .unknown()
  .transform((value, ctx): string | null | undefined => {
    if (typeof value === 'string') return value;
    if (value === null || value === undefined) return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    ctx.addIssue({ code: 'custom', message: 'expected text' });
    return z.NEVER;
  })
  .optional();

/**
 * An optional timestamp (`datetime`/`dateTime` in XML, an ISO string in JSON), kept as the vendor's text
 * so `raw` and the typed client show what the panel said; `""` → null. Unparseable text is an issue.
 * @public
 */
export const timestampField = z
  .unknown()
  .transform((value, ctx): string | null | undefined => {
    if (value === null || value === '') return null;
    if (value === undefined) return undefined;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
    ctx.addIssue({ code: 'custom', message: 'expected a timestamp' });
    return z.NEVER;
  })
  .optional();

/** The timestamp as a `Date`, or undefined when absent or unparseable. @public */
export function toDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}
