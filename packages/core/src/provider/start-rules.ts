import { UnsupportedOperationError, ValidationError } from '../errors/error-classes.js';
import type { Task } from '../model/task.js';
import type { Logger } from '../util/logger.js';
import type { VendorId } from '../vendors/table.js';
import type { Operation } from '../wait/operation.js';

/**
 * The rules every call that starts work applies to what it was asked, the same way on every vendor (issue 13):
 * which backup components can be honoured, and what happens to a label or a deploy message the vendor cannot
 * keep.
 */

/**
 * The `components` of a backup call, checked against the parts this vendor can choose (`allowed`:
 * `capabilities.backups.components` for create, `restoreComponents` for restore). A call never does more than
 * it was asked, so what cannot be honoured is refused before anything is sent, never ignored:
 * - none given: `undefined`, the whole backup;
 * - the vendor chooses no parts at all (`allowed` is empty): `UnsupportedOperationError`;
 * - an empty list, or a name the vendor does not know: `ValidationError` naming the parts it knows.
 * @public
 */
export function checkComponents(
  vendor: VendorId,
  requested: readonly string[] | undefined,
  allowed: readonly string[],
  operation: 'backups.create' | 'backups.restore',
  wholeReason = 'a backup is taken and restored whole',
): string[] | undefined {
  if (requested === undefined) return undefined;
  if (allowed.length === 0) throw new UnsupportedOperationError(vendor, `${operation} with components`, wholeReason);
  const list = Array.isArray(requested) ? [...new Set(requested)] : [];
  const unknown = list.filter((part) => typeof part !== 'string' || !allowed.includes(part));
  if (list.length === 0 || unknown.length > 0) {
    const problem = list.length === 0 ? 'an empty list names no part' : `unknown: ${unknown.map(String).join(', ')}`;
    throw new ValidationError(`${vendor} ${operation}: components must be some of ${allowed.join(', ')} (${problem})`, {
      vendor,
      operation,
      fieldErrors: { components: [problem] },
    });
  }
  return list;
}

/**
 * Says that an option the vendor cannot keep (a backup `label`, a deploy `message`) was not sent: `logger` gets a
 * `warn`, and the returned text goes into the started task's `warnings` (see {@link withWarnings}). A warning,
 * not a refusal: a vendor-neutral script passes a label on every vendor (`capabilities.backups.labels`,
 * `capabilities.deploys.message` say where it is kept).
 * @public
 */
export function notKept(
  vendor: VendorId,
  logger: Logger | undefined,
  operation: string,
  field: 'label' | 'message',
  reason: string,
  outcome = 'it was not sent',
): string {
  const warning = `${field} not kept: ${reason}; ${outcome}`;
  logger?.warn?.(`omnihost: ${vendor} ${operation}: ${warning}`, { vendor, operation, field });
  return warning;
}

/** The operation with `warnings` added to its started task (the operation itself is unchanged). @public */
export function withWarnings<O extends Operation<unknown>>(operation: O, warnings: readonly string[]): O {
  if (warnings.length === 0) return operation;
  const task: Task = { ...operation.task, warnings: [...(operation.task.warnings ?? []), ...warnings] };
  return { ...operation, task };
}
