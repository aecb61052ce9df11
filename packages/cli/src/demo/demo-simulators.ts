import { type ProviderConfig, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { startSimulator } from '../simulators/start-simulator.js';
import type { JobKind } from './release-night.js';

/** What the demo does to one simulator on purpose, so the report can tell planted failures from real ones. @public */
export interface DemoPlan {
  /** How long simulated tasks take: long enough to watch, short enough for a demo. */
  readonly taskDurationMs: number;
  /** Tasks made to fail, by job. */
  readonly failures: Readonly<Partial<Record<JobKind, number>>>;
  /** Throttling responses (with `Retry-After`) injected into the first requests. */
  readonly throttles: number;
  /** What this vendor deploys instead of the git ref (OnApp rebuilds from a template, named by its label). */
  readonly ref?: string | undefined;
}

/**
 * One release night meets what real ones do: backups that fail, deploys that fail, vendors that
 * throttles. One table, so the demo's expectations and what it plants cannot drift apart.
 * @public
 */
export const DEMO_PLANS: Readonly<Record<VendorId, DemoPlan>> = {
  acquia: { taskDurationMs: 3_000, failures: { backup: 1 }, throttles: 2 },
  sitefactory: { taskDurationMs: 3_500, failures: { backup: 1 }, throttles: 0 },
  cloud66: { taskDurationMs: 2_500, failures: { deploy: 1 }, throttles: 3 },
  onapp: { taskDurationMs: 2_500, failures: { deploy: 1 }, throttles: 0 },
};

/** One simulator of the demo and its plan. @public */
export interface DemoSimulator {
  readonly vendor: VendorId;
  readonly simulator: VendorSimulator<ProviderConfig>;
  readonly plan: DemoPlan;
}

/**
 * Starts the four simulators with the {@link DEMO_PLANS} in place. If one fails to start, the ones already
 * running are closed before the error surfaces.
 * @public
 */
export async function startDemoSimulators(seed = 2026): Promise<DemoSimulator[]> {
  const results = await Promise.allSettled(
    VENDOR_IDS.map(async (vendor) => {
      const plan = DEMO_PLANS[vendor];
      const simulator = await startSimulator(vendor, { taskDurationMs: plan.taskDurationMs, seed });
      return { vendor, simulator, plan };
    }),
  );
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map(({ simulator }) => simulator.close()));
    throw failed.reason;
  }
  for (const { simulator, plan } of started) {
    for (const [job, count] of Object.entries(plan.failures)) simulator.failNextTasks(count, job as JobKind);
    if (plan.throttles > 0) simulator.server.inject({ kind: 'throttle', count: plan.throttles });
  }
  return started;
}

/** The plan in words, for the demo's header. @public */
export function describePlan(plan: DemoPlan): string {
  const parts = Object.entries(plan.failures).map(([job, count]) => `${count} failing ${job}${count === 1 ? '' : 's'}`);
  if (plan.throttles > 0) parts.push(`${plan.throttles} throttled responses`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
