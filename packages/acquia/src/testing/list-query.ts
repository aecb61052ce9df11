/**
 * Acquia's collection query parameters, as the simulator applies them: `limit`, `offset`, `sort`
 * (`field1,-field2`) and `filter` (`field=value`, `!=`, `>`, `<`, `>=`, `<=`, contains `=@`, not-contains
 * `!@`, `*` wildcards; `,` is OR and `;` is AND), per the spec's parameter descriptions (vendor notes §3).
 */

/** How a list exposes a field to sort and filter on. */
export type FieldReader<T> = (item: T) => string | number | boolean | null | undefined;

/** The fields of a list that `sort` and `filter` may name. */
export type ListFields<T> = Readonly<Record<string, FieldReader<T>>>;

/** Parsed `limit`/`offset`. */
export interface PageWindow {
  offset: number;
  /** Undefined: everything from `offset` (capped at {@link MAX_SIM_PAGE_SIZE}). */
  limit: number | undefined;
}

/** A problem with the query, answered as `400 validation_failed` keyed by the parameter. */
export class ListQueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The most items one page returns. Acquia documents no maximum; the simulator assumes 1000 so a
 * `limit=1e9` on a million-site fleet cannot build a giant page.
 */
export const MAX_SIM_PAGE_SIZE = 1000;

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new ListQueryError(name, `The ${name} must be a non-negative integer.`);
  return Number(text);
}

/** Reads `limit`/`offset`. */
export function pageWindow(query: URLSearchParams): PageWindow {
  const limit = integerParam(query, 'limit');
  return {
    offset: integerParam(query, 'offset') ?? 0,
    limit: limit === undefined ? undefined : Math.min(limit, MAX_SIM_PAGE_SIZE),
  };
}

/** Applies `filter` then `sort` (stable), validating field names against `fields`. */
export function filterAndSort<T>(items: readonly T[], query: URLSearchParams, fields: ListFields<T>): T[] {
  let out = [...items];
  const filter = query.get('filter');
  if (filter) out = out.filter(compileFilter(filter, fields));
  const sort = query.get('sort');
  if (sort) out = sortBy(out, sort, fields);
  return out;
}

/** True when the query asks for server-side filtering or sorting (the lazy fast path cannot be used). */
export function hasFilterOrSort(query: URLSearchParams): boolean {
  return Boolean(query.get('filter') || query.get('sort'));
}

function sortBy<T>(items: T[], sort: string, fields: ListFields<T>): T[] {
  const keys = sort.split(',').map((part) => {
    const descending = part.startsWith('-');
    const name = part.replace(/^[-+]/, '').trim();
    const read = fields[name];
    if (!read) throw new ListQueryError('sort', `The field "${name}" is not sortable.`);
    return { read, direction: descending ? -1 : 1 };
  });
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => {
      for (const { read, direction } of keys) {
        const order = compare(read(a.item), read(b.item));
        if (order !== 0) return order * direction;
      }
      return a.position - b.position;
    })
    .map(({ item }) => item);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

const CLAUSE = /^([A-Za-z_.-]+)(!=|>=|<=|=@|!@|=|>|<)(.*)$/;

function compileFilter<T>(filter: string, fields: ListFields<T>): (item: T) => boolean {
  const conjunction = filter.split(';').map((group) =>
    group.split(',').map((clause) => {
      const match = CLAUSE.exec(clause.trim());
      if (!match) throw new ListQueryError('filter', `The filter "${clause}" is not valid.`);
      const [, name = '', operator = '=', expected = ''] = match;
      const read = fields[name];
      if (!read) throw new ListQueryError('filter', `The field "${name}" is not filterable.`);
      return (item: T) => test(read(item), operator, expected);
    }),
  );
  return (item) => conjunction.every((anyOf) => anyOf.some((clause) => clause(item)));
}

function test(actual: unknown, operator: string, expected: string): boolean {
  const text = actual === undefined || actual === null ? '' : String(actual);
  const pattern = wildcard(expected);
  switch (operator) {
    case '=':
      return pattern.test(text);
    case '!=':
      return !pattern.test(text);
    case '=@':
      return containsPattern(expected).test(text);
    case '!@':
      return !containsPattern(expected).test(text);
    default: {
      const order = compare(
        typeof actual === 'number' ? actual : text,
        typeof actual === 'number' ? Number(expected) : expected,
      );
      if (operator === '>') return order > 0;
      if (operator === '<') return order < 0;
      if (operator === '>=') return order >= 0;
      return order <= 0;
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function wildcard(expected: string): RegExp {
  return new RegExp(`^${escapeRegExp(expected).replaceAll('*', '.*')}$`, 'i');
}

function containsPattern(expected: string): RegExp {
  return new RegExp(escapeRegExp(expected.replace(/^\*|\*$/g, '')).replaceAll('*', '.*'), 'i');
}
