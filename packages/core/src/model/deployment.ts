import { z } from 'zod';
import { VENDOR_IDS, type VendorId } from '../vendors/table.js';
import { type TaskState, taskStateSchema } from './task.js';

/**
 * What a deploy touches. Acquia switches one environment (`site`); Site Factory updates the code of a
 * whole stack, every site on it (`stack`); Cloud 66 redeploys a stack, which is the site (`site`); OnApp
 * rebuilds one server (`site`).
 * @public
 */
export type DeployScope = 'site' | 'stack';

/**
 * A code release: an Acquia code switch or promotion, a Site Factory code update, a Cloud 66 deployment,
 * an OnApp rebuild.
 * @public
 */
export interface Deployment {
  readonly vendor: VendorId;
  readonly id: string;
  readonly siteId: string;
  /** The ref that was asked for: a branch or tag (`tags/2.4.0`), or for OnApp the template. */
  readonly ref?: string | undefined;
  /** The commit the ref resolved to, where the vendor says (Cloud 66's `git_hash`). */
  readonly commit?: string | undefined;
  readonly state: TaskState;
  readonly scope: DeployScope;
  /** For stack-wide deploys: every site the deploy touched, when the vendor says. */
  readonly affectedSiteIds?: readonly string[] | undefined;
  /** True when the vendor queued the deploy behind running work (Cloud 66 `queued: true`). */
  readonly queued?: boolean | undefined;
  /** The note kept with the deploy (`DeployInput.message`), where the vendor keeps one. */
  readonly message?: string | undefined;
  readonly startedAt?: Date | undefined;
  readonly finishedAt?: Date | undefined;
  readonly rawStatus: string;
  readonly raw: unknown;
}

/** Zod schema for {@link Deployment}, used by the contract suite. @public */
export const deploymentSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  id: z.string().min(1),
  siteId: z.string().min(1),
  ref: z.string().optional(),
  commit: z.string().optional(),
  state: taskStateSchema,
  scope: z.enum(['site', 'stack']),
  affectedSiteIds: z.array(z.string()).readonly().optional(),
  queued: z.boolean().optional(),
  message: z.string().optional(),
  startedAt: z.date().optional(),
  finishedAt: z.date().optional(),
  rawStatus: z.string(),
  raw: z.unknown(),
});
