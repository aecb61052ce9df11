import { safeParseFast } from '@omnihost/core';
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
  const items = z.array(item);
  const count = opt(num);
  // One dispatch on the shape instead of a union: a union tries the bare-array branch first and builds an
  // issue for every wrapped page. The items are parsed with safeParseFast, which keeps zod's fast path.
  return z.unknown().transform((value, context): ListPage<T> => {
    const report = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]) => {
      for (const issue of issues) {
        context.addIssue({ code: 'custom', message: issue.message, path: [...prefix, ...issue.path] });
      }
      return z.NEVER;
    };
    if (Array.isArray(value)) {
      const parsed = safeParseFast(items, value);
      return parsed.success ? { items: parsed.data, count: undefined } : report(parsed.error.issues, []);
    }
    if (value === null || typeof value !== 'object') {
      context.addIssue({ code: 'custom', message: `expected a list or an object with ${keys.join(' or ')}` });
      return z.NEVER;
    }
    const record = value as Record<string, unknown>;
    const total = safeParseFast(count, record.count);
    if (!total.success) return report(total.error.issues, ['count']);
    const key = keys.find((candidate) => Array.isArray(record[candidate]));
    if (key === undefined) {
      // A zero count, or the list key present as `null`, is an empty page.
      if (total.data === 0 || keys.some((candidate) => record[candidate] === null)) {
        return { items: [], count: total.data };
      }
      context.addIssue({ code: 'custom', message: `expected an array under ${keys.join(' or ')}` });
      return z.NEVER;
    }
    const parsed = safeParseFast(items, record[key]);
    return parsed.success ? { items: parsed.data, count: total.data } : report(parsed.error.issues, [key]);
  });
}
