import { createOperationTable, type OperationTable } from '@omnihost/core';
import { GENERATED_OPERATIONS } from '../generated/operation-table.js';
import { acquiaTextCodec } from '../transport.js';
import { HAND_TYPED_OPERATIONS } from './hand-typed-operations.js';
import type { AcquiaOperationId, AcquiaOperationInfo, AcquiaOperations } from './operation-types.js';

// Compile-time proof that the runtime table and the types name the same operations, both ways.
type MissingAtRuntime = Exclude<
  keyof AcquiaOperations,
  keyof typeof GENERATED_OPERATIONS | keyof typeof HAND_TYPED_OPERATIONS
>;
type MissingInTypes = Exclude<
  keyof typeof GENERATED_OPERATIONS | keyof typeof HAND_TYPED_OPERATIONS,
  keyof AcquiaOperations
>;
const tablesAgree: [MissingAtRuntime, MissingInTypes] extends [never, never] ? true : false = true;
void tablesAgree;

/** Every callable operation: method, path template and body kind, by operationId. @public */
export const ACQUIA_OPERATIONS: Readonly<Record<AcquiaOperationId, AcquiaOperationInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries({ ...GENERATED_OPERATIONS, ...HAND_TYPED_OPERATIONS }).map(([id, row]) => [
      id,
      Object.freeze({ method: row.method, path: row.path, body: row.body }),
    ]),
  ) as Record<AcquiaOperationId, AcquiaOperationInfo>,
);

/** Number of operations the spec defines (the hand-typed ones excluded). @public */
export const ACQUIA_SPEC_OPERATION_COUNT = Object.keys(GENERATED_OPERATIONS).length;

/**
 * The runtime of {@link ACQUIA_OPERATIONS}, core's operation table: finds an operation by operationId or by
 * `METHOD /path/{template}`, fills the path template (every value one encoded segment), checks the query,
 * and reads `text` rows (files, HTML) with the text codec.
 * @internal
 */
export const acquiaOperationTable: OperationTable<AcquiaOperationId> = createOperationTable({
  vendor: 'acquia',
  rows: ACQUIA_OPERATIONS,
  textCodec: acquiaTextCodec,
});
