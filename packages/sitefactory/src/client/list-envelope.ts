import { type ZodType, z } from 'zod';
import { num, opt } from './coerce.js';

/** One page of a list, whatever shape it arrived in. @public */
export interface ListPage<T> {
  readonly items: readonly T[];
  /** The total, when the response carries one (`count`, sometimes a string). */
  readonly count: number | undefined;
}

/**
 * A list response in either of the shapes Site Factory uses: `{"count": 111, "sites": [...]}` or a bare
 * JSON array (`GET /api/v1/tasks`, `/tasks/{id}/logs`; acquia/cli PR #1010). `keys` are the properties that
 * may hold the items: the spec's list key, and the resource name as a fallback for bare-array endpoints
 * that a factory may one day wrap.
 * @public
 */
export function listEnvelope<T>(item: ZodType<T>, keys: readonly string[]): ZodType<ListPage<T>> {
  const bare = z.array(item).transform((items): ListPage<T> => ({ items, count: undefined }));
  const wrapped = z.looseObject({ count: opt(num) }).transform((value, context): ListPage<T> => {
    const record = value as Record<string, unknown>;
    const key = keys.find((candidate) => Array.isArray(record[candidate]));
    if (key === undefined) {
      // A zero count, or the list key present as `null`, is an empty page.
      if (value.count === 0 || keys.some((candidate) => record[candidate] === null)) {
        return { items: [], count: value.count };
      }
      context.addIssue({ code: 'custom', message: `expected an array under ${keys.join(' or ')}` });
      return z.NEVER;
    }
    const parsed = z.array(item).safeParse(record[key]);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        context.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
      return z.NEVER;
    }
    return { items: parsed.data, count: value.count };
  });
  return z.union([bare, wrapped]);
}
