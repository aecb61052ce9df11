import type { Provider, Site } from '@omnihost/core';
import { type PlanStep, stepName } from '../plan/plan.js';
import { environmentsOf, siteMatcher } from '../plan/select.js';
import type { WorkerContext } from './context.js';
import { advanceRun, enqueueTargets } from './coordinator.js';
import { errorName, isTransient, safeMessage, scrub, transientDelay } from './errors.js';
import { DONE, type JobHandle, type JobStep } from './job.js';
import type { DiscoverJobData, RunRecord, SiteResult, SkipKind, Target } from './model.js';

/**
 * Why a vendor cannot do a step at all (every selected site is then `skipped`, with this reason), or
 * undefined. From the provider's capabilities, so a vendor that gains one needs no change here.
 * @internal
 */
export function unsupportedReason(
  provider: Provider,
  step: PlanStep,
): { readonly kind: SkipKind; readonly message: string } | undefined {
  const vendor = provider.vendor;
  const capabilities = provider.capabilities;
  if (step.action === 'backup') {
    return capabilities.backups.create
      ? undefined
      : {
          kind: 'unsupported',
          message: `${vendor} has no on-demand backups: the site relies on the vendor's backup schedule`,
        };
  }
  if (!capabilities.deploys.deploy || !capabilities.deploys.byRef) {
    return { kind: 'unsupported', message: `${vendor} cannot deploy a ref` };
  }
  if (capabilities.deploys.destructive && !step.allowDestructive) {
    return {
      kind: 'destructive',
      message: `a ${vendor} deploy destroys the site's data (it rebuilds the server); set "allowDestructive": true in the step to do it`,
    };
  }
  return undefined;
}

/**
 * Lists one account's sites for one step, lazily, page by page: each page's selected sites become targets
 * (and, for a step without waves, jobs at once, added in bulk). Sites the vendor cannot serve are recorded as
 * skipped with the reason. Where one deploy updates a whole stack, the stacks are gathered first: one target
 * per stack, skipped when the stack also serves sites the step did not select (unless `allowStackWide`).
 * Running it again adds nothing twice.
 * @internal
 */
export async function runDiscoverJob(handle: JobHandle<DiscoverJobData>, context: WorkerContext): Promise<JobStep> {
  const data = handle.data;
  const run = await context.store.getRun(data.run);
  if (run?.status !== 'running') return DONE;
  const step = run.plan.steps[data.step];
  const account = run.accounts.find((candidate) => candidate.name === data.account);
  if (!step || !account) return DONE;
  const secrets = context.secretsOf(account.name);
  const base = { run: run.id, step: data.step, action: step.action, account: account.name, vendor: account.vendor };
  const skip = (site: Site, kind: SkipKind, message: string): SiteResult => ({
    ...base,
    skip: kind,
    key: `${account.name}/${site.id}`,
    siteId: site.id,
    siteName: site.name,
    outcome: 'skipped',
    target: false,
    message: scrub(message, secrets),
    finishedAt: new Date().toISOString(),
  });

  try {
    const provider = await context.provider(account.name);
    const reason = unsupportedReason(provider, step);
    const selected = siteMatcher(step.select);
    const stackWide = !reason && step.action === 'deploy' && provider.capabilities.deploys.scope === 'stack';
    const environments = environmentsOf(step.select);
    // The vendor filters by stage where it can; a stack deploy must see every site of a stack.
    const environment = !stackWide && environments?.length === 1 ? environments[0] : undefined;
    const stacks = new Map<string, { selected: Site[]; others: Site[] }>();
    for await (const page of provider.sites.list({ environment }).pages()) {
      if (stackWide) {
        for (const site of page) {
          const group = site.group ?? site.id;
          const stack = stacks.get(group) ?? { selected: [], others: [] };
          (selected(site) ? stack.selected : stack.others).push(site);
          stacks.set(group, stack);
        }
        continue;
      }
      const chosen = page.filter(selected);
      if (reason) {
        for (const site of chosen) await context.store.recordResult(skip(site, reason.kind, reason.message));
        continue;
      }
      const targets: Target[] = chosen.map((site) => ({
        key: `${account.name}/${site.id}`,
        account: account.name,
        vendor: account.vendor,
        siteId: site.id,
        siteName: site.name,
      }));
      await addAndEnqueue(context, run, data.step, step, targets);
    }
    if (stackWide) {
      const targets: Target[] = [];
      for (const [group, stack] of stacks) {
        const [first] = stack.selected;
        if (!first) continue;
        if (stack.others.length > 0 && !step.allowStackWide) {
          const others = stack.others.map((site) => site.name).slice(0, 5);
          const more = stack.others.length > 5 ? ` and ${stack.others.length - 5} more` : '';
          const message =
            `${account.vendor} deploys a whole stack, and stack ${group} also serves sites this step did not select ` +
            `(${others.join(', ')}${more}); set "allowStackWide": true in the step to deploy it anyway`;
          for (const site of stack.selected) await context.store.recordResult(skip(site, 'stack-wide', message));
          continue;
        }
        targets.push({
          key: `${account.name}/stack:${group}`,
          account: account.name,
          vendor: account.vendor,
          siteId: first.id,
          siteName:
            stack.selected.length > 1 ? `${first.name} (+${stack.selected.length - 1} on stack ${group})` : first.name,
          covers: stack.selected.map((site) => ({ id: site.id, name: site.name })),
        });
      }
      await addAndEnqueue(context, run, data.step, step, targets);
    }
  } catch (error) {
    const transient = data.transient ?? { count: 0, since: Date.now() };
    if (isTransient(error) && Date.now() - transient.since < context.tuning.transientBudgetMs) {
      const next = { count: transient.count + 1, since: transient.since };
      await handle.update({ ...data, transient: next });
      return { kind: 'later', delayMs: transientDelay(next.count) };
    }
    const message = safeMessage(error, secrets);
    context.log?.(`run ${run.id} step ${data.step + 1}: cannot list the sites of ${account.name}: ${message}`);
    await context.store.recordResult({
      ...base,
      key: account.name,
      siteId: '',
      siteName: `(sites of ${account.name})`,
      outcome: 'failed',
      target: false,
      error: errorName(error),
      message: scrub(`cannot list the sites of ${account.name} for ${stepName(step, data.step)}: ${message}`, secrets),
      finishedAt: new Date().toISOString(),
    });
  }
  await context.store.markDiscovered(run.id, data.step, account.name);
  await advanceRun(context, run.id);
  return DONE;
}

/**
 * Adds a page's targets; a step without waves gets their jobs at once (bulk), so work begins while later
 * pages are still being listed. Waves need every target first: their jobs are added wave by wave.
 */
async function addAndEnqueue(
  context: WorkerContext,
  run: RunRecord,
  step: number,
  planStep: PlanStep,
  targets: readonly Target[],
): Promise<void> {
  if (targets.length === 0) return;
  const before = (await context.store.counts(run.id, step)).targets;
  await context.store.addTargets(run.id, step, targets);
  if (planStep.waves && planStep.waves.length > 1) return;
  const after = (await context.store.counts(run.id, step)).targets;
  // Only the targets this page added, by position; a page listed again (a retried discovery) adds none.
  if (after > before) await enqueueTargets(context, run.id, step, before, after);
}
