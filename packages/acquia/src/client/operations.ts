import { GENERATED_OPERATIONS } from '../generated/operation-table.js';
import { HAND_TYPED_OPERATIONS } from './hand-typed-operations.js';
import type { AcquiaOperationId, AcquiaOperationInfo, AcquiaOperations } from './operation-types.js';

type TableRow = readonly [AcquiaOperationInfo['method'], string, AcquiaOperationInfo['body']];
const ROWS: Readonly<Record<string, TableRow>> = { ...GENERATED_OPERATIONS, ...HAND_TYPED_OPERATIONS };

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
    Object.entries(ROWS).map(([id, [method, path, body]]) => [id, Object.freeze({ method, path, body })]),
  ) as Record<AcquiaOperationId, AcquiaOperationInfo>,
);

/** Number of operations the spec defines (the hand-typed ones excluded). @public */
export const ACQUIA_SPEC_OPERATION_COUNT = Object.keys(GENERATED_OPERATIONS).length;

const BY_ROUTE = new Map<string, AcquiaOperationId>(
  Object.entries(ACQUIA_OPERATIONS).map(([id, info]) => [`${info.method} ${info.path}`, id as AcquiaOperationId]),
);

/**
 * Resolves `getEnvironment` or `GET /environments/{environmentId}` to the operation, or undefined for a
 * name the API does not have.
 * @internal
 */
export function lookupOperation(key: string): { id: AcquiaOperationId; info: AcquiaOperationInfo } | undefined {
  if (Object.hasOwn(ACQUIA_OPERATIONS, key)) {
    const id = key as AcquiaOperationId;
    return { id, info: ACQUIA_OPERATIONS[id] };
  }
  const space = key.indexOf(' ');
  if (space < 0) return undefined;
  const id = BY_ROUTE.get(`${key.slice(0, space).toUpperCase()} ${key.slice(space + 1).trim()}`);
  return id ? { id, info: ACQUIA_OPERATIONS[id] } : undefined;
}
