import type { ZodType } from 'zod';
import { ValidationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';
import { fillPathTemplate, type PathParams } from './encode-path.js';
import type { Codec, HttpMethod, HttpRequest, QueryValue } from './types.js';

/**
 * One operation of a vendor API, as the generated operation table holds it (`scripts/` generates the
 * tables from Acquia's official OpenAPI specs).
 * @public
 */
export interface OperationRow {
  readonly method: HttpMethod;
  /** Path template with `{name}` placeholders. */
  readonly path: string;
  /** How a success body is read: `json` (default), or `text` for files and HTML. */
  readonly body?: 'json' | 'text' | undefined;
  /** The spec's maximum for a `limit` query parameter, checked before sending. */
  readonly maxLimit?: number | null | undefined;
}

/** How a list in the query is sent: repeated keys (`?a=1&a=2`) or comma-joined (`?a=1,2`). @public */
export type QueryListStyle = 'repeat' | 'comma';

/** Untyped input of one call (each vendor's typed client narrows it per operation). @public */
export interface OperationInput {
  readonly path?: PathParams | undefined;
  readonly query?: unknown;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Extra request headers (never `Authorization`: the transport owns it). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs?: number | undefined;
}

/** Options of {@link createOperationTable}. @public */
export interface OperationTableOptions<Id extends string> {
  readonly vendor: VendorId;
  readonly rows: Readonly<Record<Id, OperationRow>>;
  /** Default `repeat`; Site Factory joins lists with commas (`site_owner=1,2`). */
  readonly queryLists?: QueryListStyle | undefined;
  /** The codec for operations whose body is `text`. */
  readonly textCodec?: Codec | undefined;
}

/** What one call is named and validated with. @public */
export interface OperationCallSpec<T> {
  /** Validates the decoded body; a mismatch is a `ResponseValidationError`. */
  readonly schema?: ZodType<T> | undefined;
  /** Named in errors and logs instead of the operationId (`backups.create`). */
  readonly name?: string | undefined;
}

/**
 * The runtime of a generated operation table, shared by the vendors with an OpenAPI spec: finds an
 * operation by id or by route, and turns a call into the transport's {@link HttpRequest}.
 * @public
 */
export interface OperationTable<Id extends string> {
  readonly rows: Readonly<Record<Id, OperationRow>>;
  /** The operation named by an operationId, or by `METHOD /path/{template}` as the docs write it. */
  lookup(key: string): { readonly id: Id; readonly row: OperationRow } | undefined;
  /**
   * The request for one call: the path template filled (every value one encoded segment), the query
   * checked (primitives and lists only; `limit` within the row's maximum). GET and OPTIONS are replayable
   * by the transport's default, like any request.
   * @throws ValidationError for an unknown operation, a missing path parameter or an unusable query value,
   * before anything is sent.
   */
  request<T>(key: string, input: OperationInput, spec?: OperationCallSpec<T>): HttpRequest<T>;
}

/**
 * Builds the runtime of a generated operation table.
 * @public
 */
export function createOperationTable<Id extends string>(options: OperationTableOptions<Id>): OperationTable<Id> {
  const { vendor, rows } = options;
  const byRoute = new Map<string, Id>();
  for (const [id, row] of Object.entries(rows) as [Id, OperationRow][]) byRoute.set(`${row.method} ${row.path}`, id);

  function lookup(key: string): { id: Id; row: OperationRow } | undefined {
    if (Object.hasOwn(rows, key)) return { id: key as Id, row: rows[key as Id] };
    const space = key.indexOf(' ');
    if (space < 0) return undefined;
    const id = byRoute.get(`${key.slice(0, space).toUpperCase()} ${key.slice(space + 1).trim()}`);
    return id === undefined ? undefined : { id, row: rows[id] };
  }

  return {
    rows,
    lookup,
    request<T>(key: string, input: OperationInput, spec: OperationCallSpec<T> = {}): HttpRequest<T> {
      const found = lookup(key);
      if (!found) {
        throw new ValidationError(`${vendor}: unknown operation ${JSON.stringify(String(key).slice(0, 120))}`, {
          vendor,
          fieldErrors: { operation: ['not an operationId or "METHOD /path" of the API'] },
        });
      }
      const { id, row } = found;
      const operation = spec.name ?? id;
      return {
        operation,
        method: row.method,
        path: fillPathTemplate(row.path, input.path, { vendor, operation }),
        query: checkQuery(input.query, row, { vendor, operation, lists: options.queryLists ?? 'repeat' }),
        body: input.body,
        schema: spec.schema,
        signal: input.signal,
        headers: input.headers,
        timeoutMs: input.timeoutMs,
        codec: row.body === 'text' ? options.textCodec : undefined,
      };
    },
  };
}

function checkQuery(
  values: unknown,
  row: OperationRow,
  context: { vendor: VendorId; operation: string; lists: QueryListStyle },
): Record<string, QueryValue> | undefined {
  if (values === undefined || values === null) return undefined;
  const invalid = (field: string, problem: string) =>
    new ValidationError(`${context.vendor} ${context.operation}: ${field} ${problem}`, {
      vendor: context.vendor,
      operation: context.operation,
      fieldErrors: { [field]: [problem] },
    });
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw invalid('query', 'must be an object of strings, numbers and booleans');
  }
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') query[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      query[name] = context.lists === 'comma' ? value.map(String).join(',') : (value as (string | number)[]);
    } else throw invalid(name, 'must be a string, number, boolean or a list of strings and numbers');
  }
  const limit = query.limit;
  if (limit !== undefined && typeof row.maxLimit === 'number') {
    const size = Number(limit);
    // The API answers an out-of-range limit with 400; say so before spending a request.
    if (!Number.isInteger(size) || size < 1 || size > row.maxLimit) {
      throw invalid('limit', `must be an integer from 1 to ${row.maxLimit}`);
    }
  }
  return query;
}
