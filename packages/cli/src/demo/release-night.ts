import { setMaxListeners } from 'node:events';
import {
  isOmnihostError,
  isOmnihostErrorNamed,
  isTaskFailedError,
  type Operation,
  type Provider,
  type Site,
  type Task,
  type VendorId,
} from '@omnihost/core';

/** What a release night does to a site: back it up, or deploy to it. @public */
export type JobKind = 'backup' | 'deploy';

/** Something worth showing while the release runs. @public */
export type ReleaseEvent =
  | { type: 'sites'; vendor: VendorId; total: number; prod: number; staging: number }
  | { type: 'started'; vendor: VendorId; job: JobKind; site: string; taskId: string }
  | { type: 'progress'; vendor: VendorId; job: JobKind; site: string; task: Task }
  | { type: 'finished'; vendor: VendorId; job: JobKind; site: string; ok: boolean; detail: string }
  | { type: 'unsupported'; vendor: VendorId; job: JobKind; detail: string }
  | { type: 'skipped'; vendor: VendorId; job: JobKind; detail: string }
  | { type: 'error'; vendor: VendorId; detail: string };

/** A job that did not succeed, as a person needs to see it: which site, what, and the vendor's words. @public */
export interface ReleaseFailure {
  /** `list` when the sites could not even be listed. */
  readonly job: JobKind | 'list';
  /** The site's name (empty for `list`). */
  readonly site: string;
  readonly siteId: string;
  /** The error class (`TaskFailedError`, `TimeoutError`, ...). */
  readonly error: string;
  readonly taskId: string | undefined;
  /** The vendor's own status of the failed task (`failed`, `32`, ...), when a task failed. */
  readonly rawStatus: string | undefined;
  /** The vendor's message for the failed task, or the error's message. */
  readonly message: string;
}

/** What a release night did on one vendor, measured. @public */
export interface ReleaseReport {
  readonly vendor: VendorId;
  readonly sites: number;
  readonly prodSites: number;
  readonly stagingSites: number;
  /** Backups of production sites: succeeded, failed; `unsupported` counts sites the vendor cannot back up on demand. */
  readonly backups: { readonly succeeded: number; readonly failed: number; readonly unsupported: number };
  /**
   * Deploys started (one per stack where a deploy covers a stack), the staging sites they covered, and the
   * staging sites left alone because their stack also serves production (see `skipped`).
   */
  readonly deploys: {
    readonly succeeded: number;
    readonly failed: number;
    readonly sitesCovered: number;
    readonly sitesSkipped: number;
  };
  readonly tasks: { readonly succeeded: number; readonly failed: number };
  readonly failures: readonly ReleaseFailure[];
  /** HTTP requests sent, retries included (from the provider's transport counters). */
  readonly apiCalls: number;
  /** Throttling responses absorbed by waiting and retrying. */
  readonly throttled: number;
  readonly retries: number;
  readonly elapsedMs: number;
  /** What the vendor could not do, in a sentence each. */
  readonly unsupported: readonly string[];
  /** What was not done on purpose, and why, in a sentence each. */
  readonly skipped: readonly string[];
}

/** Options of {@link runReleaseNight}. @public */
export interface ReleaseNightOptions {
  /**
   * What to deploy to staging: a git ref, or (where `capabilities.deploys.kind` is `template-rebuild`,
   * OnApp) the template to rebuild from. A function picks per provider.
   */
  readonly ref: string | ((provider: Provider) => string);
  /** Label for the backups. Default `release-night`. */
  readonly label?: string | undefined;
  readonly onEvent?: ((event: ReleaseEvent) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Deadline of each wait. Default 10 minutes. */
  readonly timeoutMs?: number | undefined;
  /** The most sites to list. Default 10,000. */
  readonly siteLimit?: number | undefined;
  /**
   * Deploy to a stack even when it also serves production sites, which the deploy would update too.
   * Default false: "deploy to staging" must not reach production.
   */
  readonly deployStacksServingProduction?: boolean | undefined;
  /**
   * Deploy where a deploy destroys data (`capabilities.deploys.destructive`: an OnApp deploy rebuilds the
   * server and wipes its disks). Default false: such sites are skipped, and the report says why (issue 13:
   * code must ask before doing it; the demo's simulated servers may be wiped).
   */
  readonly allowDestructiveDeploys?: boolean | undefined;
}

/**
 * The vendor-neutral release night: list sites, back up every production site (or say why the vendor
 * cannot), deploy a ref to the staging sites, and wait on every task at once. Written against
 * `@omnihost/core` types only, so the same function runs for every vendor; the concurrent waits share the
 * provider's rate-limit budget, which is what keeps them within the vendor's limit.
 *
 * Where a deploy covers a whole stack (`capabilities.deploys.scope === 'stack'`, Site Factory), one deploy
 * per stack is started, not one per site: deploying the same stack twice would do the work twice.
 *
 * It never throws for a vendor failure — those are the report's `failures` — only for an abort.
 * @public
 */
export async function runReleaseNight(provider: Provider, options: ReleaseNightOptions): Promise<ReleaseReport> {
  const started = performance.now();
  const before = provider.stats();
  const vendor = provider.vendor;
  const emit = options.onEvent ?? (() => undefined);
  const signal = ownSignal(options.signal);
  const failures: ReleaseFailure[] = [];
  const unsupported: string[] = [];
  const skipped: string[] = [];
  const backups = { succeeded: 0, failed: 0, unsupported: 0 };
  const deploys = { succeeded: 0, failed: 0, sitesCovered: 0, sitesSkipped: 0 };

  let sites: Site[] = [];
  try {
    sites = await listSites(provider, options.siteLimit ?? 10_000, signal);
  } catch (error) {
    rethrowAbort(error);
    const failure = describeFailure('list', undefined, undefined, error);
    failures.push(failure);
    emit({ type: 'error', vendor, detail: `could not list sites: ${failure.message}` });
  }
  const prod = sites.filter((site) => site.environment === 'prod');
  const staging = sites.filter((site) => site.environment === 'staging');
  if (sites.length > 0)
    emit({ type: 'sites', vendor, total: sites.length, prod: prod.length, staging: staging.length });

  /** Starts one job, waits for it, and records the outcome. */
  async function track(job: JobKind, site: Site, start: () => Promise<Operation<unknown>>): Promise<boolean> {
    let taskId: string | undefined;
    try {
      const operation = await start();
      taskId = operation.task.id;
      emit({ type: 'started', vendor, job, site: site.name, taskId });
      await operation.wait({
        timeoutMs: options.timeoutMs ?? 10 * 60_000,
        signal,
        onProgress: (task) => emit({ type: 'progress', vendor, job, site: site.name, task }),
      });
      emit({ type: 'finished', vendor, job, site: site.name, ok: true, detail: `task ${taskId}` });
      return true;
    } catch (error) {
      rethrowAbort(error);
      const failure = describeFailure(job, site, taskId, error);
      failures.push(failure);
      emit({ type: 'finished', vendor, job, site: site.name, ok: false, detail: failure.message });
      return false;
    }
  }

  const jobs: Promise<void>[] = [];
  if (provider.capabilities.backups.create) {
    const label = options.label ?? 'release-night';
    for (const site of prod) {
      const job = track('backup', site, () => provider.backups.create(site.id, { label, signal }));
      jobs.push(job.then((ok) => void (ok ? backups.succeeded++ : backups.failed++)));
    }
  } else if (prod.length > 0) {
    backups.unsupported = prod.length;
    const detail = `${vendor} has no on-demand backups: its ${prod.length} production site(s) rely on the vendor's backup schedule`;
    unsupported.push(detail);
    emit({ type: 'unsupported', vendor, job: 'backup', detail });
  }

  if (
    provider.capabilities.deploys.byRef &&
    provider.capabilities.deploys.destructive &&
    !options.allowDestructiveDeploys
  ) {
    if (staging.length > 0) {
      deploys.sitesSkipped += staging.length;
      const detail =
        `${vendor} deploys rebuild the server and wipe its disks (capabilities.deploys.destructive): ` +
        `${staging.length} staging site(s) left as they are (allowDestructiveDeploys)`;
      skipped.push(detail);
      emit({ type: 'skipped', vendor, job: 'deploy', detail });
    }
  } else if (provider.capabilities.deploys.byRef) {
    const ref = typeof options.ref === 'function' ? options.ref(provider) : options.ref;
    const plan = planDeploys(provider, sites, options.deployStacksServingProduction === true);
    for (const stack of plan.skipped) {
      deploys.sitesSkipped += stack.staging.length;
      const names = (list: readonly Site[]) => list.map((site) => site.name).join(', ');
      const detail =
        `${vendor} deploys a whole stack, and stack ${stack.key} also serves production (${names(stack.production)}): ` +
        `${ref} was not deployed to ${names(stack.staging)}`;
      skipped.push(detail);
      emit({ type: 'skipped', vendor, job: 'deploy', detail });
    }
    for (const group of plan.targets) {
      const [target] = group;
      if (!target) continue;
      const job = track('deploy', target, () => provider.deploys.deploy(target.id, { ref, signal }));
      jobs.push(
        job.then((ok) => {
          if (!ok) return void deploys.failed++;
          deploys.succeeded += 1;
          deploys.sitesCovered += group.length;
        }),
      );
    }
  } else if (staging.length > 0) {
    const detail = `${vendor} cannot deploy a ref; ${staging.length} staging site(s) left as they are`;
    unsupported.push(detail);
    emit({ type: 'unsupported', vendor, job: 'deploy', detail });
  }
  await Promise.all(jobs);

  const after = provider.stats();
  return {
    vendor,
    sites: sites.length,
    prodSites: prod.length,
    stagingSites: staging.length,
    backups,
    deploys,
    tasks: { succeeded: backups.succeeded + deploys.succeeded, failed: backups.failed + deploys.failed },
    failures,
    apiCalls: after.requests - before.requests,
    throttled: after.throttled - before.throttled,
    retries: after.retries - before.retries,
    elapsedMs: Math.round(performance.now() - started),
    unsupported,
    skipped,
  };
}

async function listSites(provider: Provider, limit: number, signal: AbortSignal | undefined): Promise<Site[]> {
  const sites: Site[] = [];
  for await (const site of provider.sites.list({ signal })) {
    sites.push(site);
    if (sites.length >= limit) break;
  }
  return sites;
}

/** A stack whose deploy would also reach production. */
interface SkippedStack {
  readonly key: string;
  readonly staging: readonly Site[];
  readonly production: readonly Site[];
}

/**
 * Staging sites grouped by what one deploy covers: each site alone, or each stack once. A stack deploy
 * updates every site on the stack (Site Factory code updates), so a stack that also serves production is
 * skipped unless the caller allows it.
 */
function planDeploys(
  provider: Provider,
  sites: readonly Site[],
  allowProduction: boolean,
): { targets: Site[][]; skipped: SkippedStack[] } {
  const staging = sites.filter((site) => site.environment === 'staging');
  if (provider.capabilities.deploys.scope === 'site') return { targets: staging.map((site) => [site]), skipped: [] };
  const stacks = new Map<string, Site[]>();
  for (const site of staging) {
    const key = site.group ?? site.id;
    stacks.set(key, [...(stacks.get(key) ?? []), site]);
  }
  const targets: Site[][] = [];
  const skipped: SkippedStack[] = [];
  for (const [key, group] of stacks) {
    const production = sites.filter((site) => site.environment === 'prod' && (site.group ?? site.id) === key);
    if (production.length > 0 && !allowProduction) skipped.push({ key, staging: group, production });
    else targets.push(group);
  }
  return { targets, skipped };
}

/**
 * A signal of our own that follows the caller's: every concurrent wait listens on it, more than Node's
 * default of 10 listeners, and raising the limit on the caller's own signal would be a side effect.
 */
function ownSignal(outer: AbortSignal | undefined): AbortSignal | undefined {
  if (!outer) return undefined;
  const signal = AbortSignal.any([outer]);
  setMaxListeners(0, signal);
  return signal;
}

function rethrowAbort(error: unknown): void {
  if (isOmnihostErrorNamed(error, 'AbortError')) throw error;
}

function describeFailure(
  job: ReleaseFailure['job'],
  site: Site | undefined,
  taskId: string | undefined,
  error: unknown,
): ReleaseFailure {
  const where = { job, site: site?.name ?? '', siteId: site?.id ?? '' };
  if (isTaskFailedError(error)) {
    return {
      ...where,
      error: error.name,
      taskId: error.task.id,
      rawStatus: error.task.rawStatus,
      message: error.task.message ?? error.message,
    };
  }
  return {
    ...where,
    error: isOmnihostError(error) ? error.name : 'Error',
    taskId,
    rawStatus: undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}
