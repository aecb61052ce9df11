import type { WorkerContext } from './context.js';
import { runDiscoverJob } from './discover.js';
import type { FleetJobData } from './model.js';
import { runSiteJob } from './site-job.js';

/** A job as the step code sees it, whatever runs it (BullMQ, or the in-process queue). @public */
export interface JobHandle<D> {
  readonly id: string;
  readonly data: D;
  /** Checkpoints the job's data: durable before it resolves (BullMQ: `job.updateData`). */
  update(data: D): Promise<void>;
}

/** What a job run ends with: finished, or to run again after a delay (the next poll), holding no worker. @public */
export type JobStep = { readonly kind: 'done' } | { readonly kind: 'later'; readonly delayMs: number };

/** The finished {@link JobStep}. @internal */
export const DONE: JobStep = { kind: 'done' };

/** Runs one job once (one step of its work): the same code in both modes. @public */
export function processJob(handle: JobHandle<FleetJobData>, context: WorkerContext): Promise<JobStep> {
  const data = handle.data;
  if (data.type === 'discover') return runDiscoverJob(handle as JobHandle<typeof data>, context);
  return runSiteJob(handle as JobHandle<typeof data>, context);
}
