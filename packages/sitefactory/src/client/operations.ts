import { createOperationTable, type OperationTable } from '@omnihost/core';
import type { ZodType } from 'zod';
import type { operations } from '../generated/acsf-api.js';
import { GENERATED_OPERATIONS } from '../generated/acsf-operations.js';
import { LIST_ITEM_SCHEMAS, RESPONSE_SCHEMAS } from '../generated/acsf-schemas.js';
import { EXTRA_OPERATIONS, EXTRA_RESPONSE_SCHEMAS, type ExtraOperations } from './extra-operations.js';

/**
 * Every operation the typed client can call: the official spec's, with the hand-typed ones added (and
 * replacing the spec's entry where the spec is incomplete, as for `change_time`'s missing body).
 * @public
 */
export interface SiteFactoryOperations extends Omit<operations, keyof ExtraOperations>, ExtraOperations {}

/** operationId of any operation the client can call. @public */
export type SiteFactoryOperationId = keyof SiteFactoryOperations & string;

/** What the client knows about one operation at run time. @public */
export interface OperationInfo {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path template with `{name}` placeholders. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly hasBody: boolean;
  /** The spec's maximum for `limit`, for paged lists. */
  readonly maxLimit: number | null;
  /** The array holding a paged list's items (`sites`), `''` for a bare array, `null` for non-lists. */
  readonly listKey: string | null;
}

/** The operation table: one row per operation, the one place paths and page-size maxima live. @public */
export const SITE_FACTORY_OPERATIONS: Readonly<Record<SiteFactoryOperationId, OperationInfo>> = {
  ...GENERATED_OPERATIONS,
  ...EXTRA_OPERATIONS,
};

/**
 * The table's runtime, core's (the one the Acquia client uses too): finds a row, fills its `{name}` path
 * template (every value one encoded segment), checks the query (`limit` within the row's maximum, so a
 * factory's 400 is not spent on it) and builds the request. Lists in the query are comma-separated, not
 * repeated keys: `site_owner=1,2`, `role_ids=3,4` (seed 002).
 * @internal
 */
export const SITE_FACTORY_OPERATION_TABLE: OperationTable<SiteFactoryOperationId> = createOperationTable({
  vendor: 'sitefactory',
  rows: SITE_FACTORY_OPERATIONS,
  queryLists: 'comma',
});

/** Number of operations in the official spec. @public */
export const SPEC_OPERATION_COUNT = Object.keys(GENERATED_OPERATIONS).length;

/** The 200-response schema of an operation. @internal */
export function responseSchemaOf(operationId: SiteFactoryOperationId): ZodType {
  const extra = (EXTRA_RESPONSE_SCHEMAS as Partial<Record<string, () => ZodType>>)[operationId];
  if (extra) return extra();
  return (RESPONSE_SCHEMAS as Record<string, () => ZodType>)[operationId]?.() as ZodType;
}

/** The item schema of a paged list operation. @internal */
export function listItemSchemaOf(operationId: SiteFactoryOperationId): ZodType | undefined {
  return (LIST_ITEM_SCHEMAS as Partial<Record<string, () => ZodType>>)[operationId]?.();
}
