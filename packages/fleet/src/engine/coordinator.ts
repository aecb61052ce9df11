import { ValidationError } from '@omnihost/core';
import type { Account } from '../accounts/accounts.js';
import {
  accountsOfStep,
  type FailureBudget,
  overBudget,
  type Plan,
  type PlanStep,
  stepName,
  waveEnds,
} from '../plan/plan.js';
import type { FleetContext } from './context.js';
import { discoverJobId, newRunId, siteJobId, startKey } from './ids.js';
import type { FleetJob, RunRecord, StepCounts } from './model.js';

/** Options of {@link startRun}. @public */
export interface StartRunOptions {
  readonly plan: Plan;
  /** The accounts the plan may use (names and vendors are stored; settings and secrets are not). */
  readonly accounts: readonly Pick<Account, 'name' | 'vendor'>[];
  readonly mode: RunRecord['mode'];
  readonly runId?: string | undefined;
}

/**
 * Starts a run: records it and adds the discovery jobs of its first step (one per account). The rest is done by
 * the jobs: each finished job moves the run on ({@link advanceRun}).
 * @throws ValidationError when the plan selects no account.
 * @public
 */
export async function startRun(context: FleetContext, options: StartRunOptions): Promise<RunRecord> {
  options.plan.steps.forEach((step, index) => {
    if (accountsOfStep(step, options.accounts).length === 0) {
      throw new ValidationError(`steps[${index}] selects no account`, {
        fieldErrors: { [`steps[${index}].select.accounts`]: ['selects no account of the accounts file'] },
      });
    }
  });
  const now = new Date().toISOString();
  const run: RunRecord = {
    id: options.runId ?? newRunId(),
    plan: options.plan,
    accounts: options.accounts.map(({ name, vendor }) => ({ name, vendor })),
    status: 'running',
    step: 0,
    wave: -1,
    mode: options.mode,
    createdAt: now,
    updatedAt: now,
  };
  await context.store.createRun(run);
  await enqueueDiscovery(context, run, 0);
  return run;
}

/** The discovery jobs of a step: one per account it selects. */
async function enqueueDiscovery(context: FleetContext, run: RunRecord, step: number): Promise<void> {
  const planStep = run.plan.steps[step] as PlanStep;
  const jobs: FleetJob[] = accountsOfStep(planStep, run.accounts).map((account) => ({
    id: discoverJobId(run.id, step, account),
    data: { type: 'discover', run: run.id, step, account },
  }));
  await context.enqueue(jobs);
}

/** The site jobs of targets `[from, to)` of a step. */
export async function enqueueTargets(
  context: FleetContext,
  run: string,
  step: number,
  from: number,
  to: number,
): Promise<void> {
  const chunk = 500;
  for (let start = from; start < to; start += chunk) {
    const targets = await context.store.targetSlice(run, step, start, Math.min(to, start + chunk));
    await context.enqueue(
      targets.map((target) => ({
        id: siteJobId(run, step, target),
        data: { type: 'site', run, step, target, phase: 'pending', key: startKey(run, step, target) },
      })),
    );
  }
}

/** Whether a step's figures may let the run move on: discovery done, and a wave's last site finished. */
export function atWaveBoundary(run: Pick<RunRecord, 'plan' | 'accounts'>, step: number, counts: StepCounts): boolean {
  const planStep = run.plan.steps[step];
  if (!planStep) return false;
  if (counts.discovered < accountsOfStep(planStep, run.accounts).length) return false;
  return counts.done >= counts.targets || waveEnds(counts.targets, planStep.waves).includes(counts.done);
}

/**
 * Moves a run on as far as its figures allow: the first wave once a step's sites are all discovered, the next
 * wave once one is finished and within its failure budget, the next step once a step is finished for every
 * site. Any number of workers may call it at once, any number of times: every job it adds has a derived id,
 * and the run's position only moves from where it was read (compare and set).
 * @public
 */
export async function advanceRun(context: FleetContext, runId: string): Promise<void> {
  for (let moves = 0; moves < 1_000; moves += 1) {
    const run = await context.store.getRun(runId);
    if (run?.status !== 'running') return;
    const steps = run.plan.steps;
    if (run.step >= steps.length) {
      await context.store.setStatus(run.id, 'completed', undefined, ['running']);
      return;
    }
    const planStep = steps[run.step] as PlanStep;
    const counts = await context.store.counts(run.id, run.step);
    if (counts.discovered < accountsOfStep(planStep, run.accounts).length) return;
    const ends = waveEnds(counts.targets, planStep.waves);
    const here = { step: run.step, wave: run.wave };

    if (run.wave === -1) {
      if (counts.targets === 0 && counts.skipped === 0 && counts.failed === 0) {
        const reason = `step ${run.step + 1} (${stepName(planStep, run.step)}): no site matched the selection ${JSON.stringify(planStep.select ?? {})}`;
        context.log?.(`run ${run.id}: ${reason}`);
        await context.store.setStatus(run.id, 'failed', reason, ['running']);
        return;
      }
      // Steps without waves were added page by page during discovery; adding them again adds nothing.
      await enqueueTargets(context, run.id, run.step, 0, ends[0] ?? 0);
      await context.store.movePointer(run.id, here, { step: run.step, wave: 0 });
      continue;
    }

    const end = ends[run.wave] ?? counts.targets;
    if (counts.done < end) return;
    const lastWave = run.wave + 1 >= ends.length;
    const lastStep = run.step + 1 >= steps.length;
    const baseline = run.baselines?.[String(run.step)] ?? { failed: 0, reached: 0 };
    const failed = counts.failed + counts.unknown - baseline.failed;
    const reached = end - baseline.reached;
    if (overBudget(planStep.maxFailures, failed, reached) && !(lastWave && lastStep)) {
      const reason =
        `step ${run.step + 1} (${stepName(planStep, run.step)}), wave ${run.wave + 1} of ${ends.length}: ` +
        `${failed} of ${reached} sites failed, over the budget of ${describeBudget(planStep.maxFailures)}`;
      context.log?.(`run ${run.id} stopped: ${reason}`);
      await context.store.setStatus(run.id, 'stopped', reason, ['running']);
      return;
    }
    if (!lastWave) {
      await enqueueTargets(context, run.id, run.step, end, ends[run.wave + 1] ?? counts.targets);
      await context.store.movePointer(run.id, here, { step: run.step, wave: run.wave + 1 });
      continue;
    }
    if (lastStep) {
      await context.store.movePointer(run.id, here, { step: steps.length, wave: 0 });
      continue;
    }
    await enqueueDiscovery(context, run, run.step + 1);
    await context.store.movePointer(run.id, here, { step: run.step + 1, wave: -1 });
  }
}

function describeBudget(budget: FailureBudget | undefined): string {
  if (!budget) return 'none';
  return 'count' in budget ? `${budget.count}` : `${budget.percent}%`;
}

/**
 * Resumes a run the failure budget stopped: the failures so far are accepted (the budget counts from here)
 * and the run goes on with the next wave. A running run is nudged on (after every worker was gone, say).
 * @throws ValidationError for an unknown run, or one that is finished.
 * @public
 */
export async function resumeRun(context: FleetContext, runId: string): Promise<RunRecord> {
  const run = await context.store.getRun(runId);
  if (!run) throw new ValidationError(`no run ${runId}`, { fieldErrors: { run: ['unknown run'] } });
  if (run.status !== 'stopped' && run.status !== 'running') {
    throw new ValidationError(`run ${runId} is ${run.status}: only a stopped or running run can be resumed`, {
      fieldErrors: { run: [`is ${run.status}`] },
    });
  }
  if (run.status === 'stopped' && run.step < run.plan.steps.length) {
    const counts = await context.store.counts(run.id, run.step);
    await context.store.setBaseline(run.id, run.step, { failed: counts.failed + counts.unknown, reached: counts.done });
    await context.store.setStatus(run.id, 'running', undefined, ['stopped']);
  } else if (run.wave === -1 && run.step < run.plan.steps.length) {
    // A run whose discovery jobs were lost (a queue emptied by hand): adding them again adds nothing otherwise.
    await enqueueDiscovery(context, run, run.step);
  }
  await advanceRun(context, run.id);
  return (await context.store.getRun(run.id)) as RunRecord;
}

/**
 * Cancels a run: no site not yet started is started (its result is `cancelled`); tasks already running at
 * the vendor are still watched to their end, so the report says what they did.
 * @throws ValidationError for an unknown run.
 * @public
 */
export async function cancelRun(context: FleetContext, runId: string, reason = 'cancelled'): Promise<RunRecord> {
  const run = await context.store.getRun(runId);
  if (!run) throw new ValidationError(`no run ${runId}`, { fieldErrors: { run: ['unknown run'] } });
  await context.store.setStatus(run.id, 'cancelled', reason, ['running', 'stopped']);
  return (await context.store.getRun(run.id)) as RunRecord;
}
