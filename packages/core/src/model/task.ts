import { z } from 'zod';
import { VENDOR_IDS, type VendorId } from '../vendors/table.js';

/**
 * The one state union every vendor's task codes map into (in one table per vendor package).
 * `unknown` is what an unrecognised vendor code becomes: it is never treated as success.
 * @public
 */
export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

/** Zod schema for {@link TaskState}. @public */
export const taskStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']);

/**
 * A unit of asynchronous work at a vendor: an Acquia notification, a Site Factory WIP task, a Cloud 66
 * async action, an OnApp transaction.
 * @public
 */
export interface Task {
  readonly vendor: VendorId;
  /** The vendor's id, as a string. */
  readonly id: string;
  /** Normalised state. */
  readonly state: TaskState;
  /** What the task does, in the vendor's words (event name, WIP class, action name, transaction action). */
  readonly kind?: string | undefined;
  /** 0–100 when the vendor reports progress. Never used to decide completion. */
  readonly progress?: number | undefined;
  /** Human-readable detail: the failure message, the vendor's description. */
  readonly message?: string | undefined;
  /**
   * Warnings: of a task that succeeded with them (Site Factory status 144), or of a start call about what it did
   * not send (a label or message the vendor cannot keep).
   */
  readonly warnings?: readonly string[] | undefined;
  readonly createdAt?: Date | undefined;
  readonly startedAt?: Date | undefined;
  readonly finishedAt?: Date | undefined;
  /** The vendor's own status, untouched (`in-progress`, `16`, `complete`, ...). */
  readonly rawStatus: string;
  /** The untouched vendor payload. */
  readonly raw: unknown;
}

/** Zod schema for {@link Task}, used by the contract suite to check what mappers produce. @public */
export const taskSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  id: z.string().min(1),
  state: taskStateSchema,
  kind: z.string().optional(),
  progress: z.number().min(0).max(100).optional(),
  message: z.string().optional(),
  warnings: z.array(z.string()).readonly().optional(),
  createdAt: z.date().optional(),
  startedAt: z.date().optional(),
  finishedAt: z.date().optional(),
  rawStatus: z.string(),
  raw: z.unknown(),
});

/** True when the state will not change any more. @public */
export function isTerminalTaskState(state: TaskState): state is 'succeeded' | 'failed' | 'cancelled' {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}
