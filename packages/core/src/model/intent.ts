import { z } from 'zod';
import { VENDOR_IDS, type VendorId } from '../vendors/table.js';
import type { Task } from './task.js';

/** The calls that start work at a vendor, and can lose their answer after the work began. @public */
export type StartKind = 'backups.create' | 'backups.restore' | 'backups.delete' | 'deploys.deploy';

/** Every {@link StartKind}. @public */
export const START_KINDS: readonly StartKind[] = [
  'backups.create',
  'backups.restore',
  'backups.delete',
  'deploys.deploy',
];

/**
 * What a start call meant to do, recorded before it was sent: enough to find the work again from the vendor's
 * own records when the answer is lost (`provider.operations.reconcile(intent)`), and never a secret. JSON as is.
 * @public
 */
export interface StartIntent {
  readonly vendor: VendorId;
  readonly kind: StartKind;
  /** The idempotency key: `options.idempotencyKey`, or generated. Sent with the request where the vendor keeps it. */
  readonly key: string;
  /** When the call began (client clock, ISO 8601 with milliseconds). */
  readonly startedAt: string;
  readonly siteId: string;
  /** Restore and delete: the backup. */
  readonly backupId?: string | undefined;
  /** Restore: onto another site. */
  readonly targetSiteId?: string | undefined;
  /** Deploy: the ref asked for, or the site whose code is promoted. */
  readonly ref?: string | undefined;
  readonly fromSiteId?: string | undefined;
  readonly components?: readonly string[] | undefined;
  readonly label?: string | undefined;
  /**
   * What the vendor package noted before sending, to order the vendor's records without comparing clocks
   * (OnApp: the server's newest transaction id).
   */
  readonly marks?: Readonly<Record<string, string | number>> | undefined;
}

/** Zod schema of a {@link StartIntent} (an intent read back from a file, a queue or another process). @public */
export const startIntentSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  kind: z.enum(['backups.create', 'backups.restore', 'backups.delete', 'deploys.deploy']),
  key: z.string().min(1).max(200),
  startedAt: z.iso.datetime({ offset: true }),
  siteId: z.string().min(1),
  backupId: z.string().min(1).optional(),
  targetSiteId: z.string().min(1).optional(),
  ref: z.string().min(1).optional(),
  fromSiteId: z.string().min(1).optional(),
  components: z.array(z.string()).readonly().optional(),
  label: z.string().optional(),
  marks: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/**
 * An operation as data: what a process needs to finish another's wait (`provider.operations.resume(json)`).
 * `details` holds what a vendor needs beyond the task to build the result (Acquia: the database name).
 * @public
 */
export interface OperationJSON {
  readonly vendor: VendorId;
  readonly kind: StartKind;
  readonly siteId: string;
  readonly taskId: string;
  readonly key: string;
  readonly startedAt: string;
  readonly details?: Readonly<Record<string, string | number | boolean>> | undefined;
}

/** Zod schema of an {@link OperationJSON}. @public */
export const operationJsonSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  kind: z.enum(['backups.create', 'backups.restore', 'backups.delete', 'deploys.deploy']),
  siteId: z.string().min(1),
  taskId: z.string().min(1),
  key: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** How sure a vendor's reconcile is, per start call: by the key it sent, or by target, action and time. @public */
export type ReconcileMatch = 'exact' | 'heuristic';

/**
 * The operation a reconcile found: the started task, a way to wait for its result, and its JSON. (An
 * `Operation` of core's waiter; declared here so errors can return it.)
 * @public
 */
export interface ReconciledOperation {
  readonly task: Task;
  wait(options?: object): Promise<unknown>;
  toJSON(): OperationJSON;
}
