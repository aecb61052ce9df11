import { setMaxListeners } from 'node:events';
import {
  AbortError,
  isOmnihostError,
  isOmnihostErrorNamed,
  type Provider,
  type Site,
  type Task,
  type VendorId,
} from '@omnihost/core';
import { type Plan, type ProgressSnapshot, runPlanInProcess, type SiteResult } from '@omnihost/fleet';

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
  /** Each site's step as it ends (and the sites found, what was skipped), for a live log. */
  readonly onEvent?: ((event: ReleaseEvent) => void) | undefined;
  /** The fleet run's progress (per step and account: done, failed, running; sites per minute), about once a second. */
  readonly onProgress?: ((progress: ProgressSnapshot) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Deadline of each site's task. Default 10 minutes. */
  readonly timeoutMs?: number | undefined;
  /** The most sites to count per vendor in the report's header figures. Default 10,000. */
  readonly siteLimit?: number | undefined;
  /**
   * Deploy to a stack even when it also serves sites that are not staging (production), which the deploy
   * would update too. Default false: "deploy to staging" must not reach production.
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
 * The vendor-neutral release night on one provider: {@link runReleaseFleet} with one account.
 * @public
 */
export async function runReleaseNight(provider: Provider, options: ReleaseNightOptions): Promise<ReleaseReport> {
  const [report] = await runReleaseFleet([provider], options);
  return report as ReleaseReport;
}

/**
 * The release night as a fleet plan (`@omnihost/fleet`, in-process): back up every production site (or say
 * why the vendor cannot), then deploy a ref to the staging sites, over every provider at once, each one an
 * account of the plan. The same step code as `omnihost fleet run` and the durable workers: one job per site
 * and step, the task started with an idempotency key, polled on core's schedule without holding a slot, and
 * every outcome a line of the run's report, which this turns into one {@link ReleaseReport} per provider.
 *
 * Where a deploy covers a whole stack (`capabilities.deploys.scope === 'stack'`, Site Factory), one deploy
 * per stack is started, not one per site, and a stack that also serves sites that are not staging is left
 * alone unless `deployStacksServingProduction`.
 *
 * It never throws for a vendor failure (those are the report's `failures`), only for an abort.
 * @public
 */
export async function runReleaseFleet(
  providers: readonly Provider[],
  options: ReleaseNightOptions,
): Promise<ReleaseReport[]> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const signal = ownSignal(options.signal);
  // Account names: the vendor, or vendor-2 for a second provider of the same vendor.
  const names = providers.map((provider, index) => {
    const before = providers.slice(0, index).filter((other) => other.vendor === provider.vendor).length;
    return before === 0 ? provider.vendor : `${provider.vendor}-${before + 1}`;
  });
  const accounts = providers.map((provider, index) => ({
    name: names[index] as string,
    provider,
    before: provider.stats(),
    sites: [] as Site[],
    listFailure: undefined as ReleaseFailure | undefined,
    lastResultAt: started,
  }));
  const byName = new Map(accounts.map((account) => [account.name, account]));

  // The header's figures: every site, by stage. The plan's steps list again, each for what it selects.
  await Promise.all(
    accounts.map(async (account) => {
      const vendor = account.provider.vendor;
      try {
        account.sites = await listSites(account.provider, options.siteLimit ?? 10_000, signal);
        const count = (environment: string) => account.sites.filter((site) => site.environment === environment).length;
        emit({ type: 'sites', vendor, total: account.sites.length, prod: count('prod'), staging: count('staging') });
      } catch (error) {
        rethrowAbort(error);
        account.listFailure = {
          job: 'list',
          site: '',
          siteId: '',
          error: isOmnihostError(error) ? error.name : 'Error',
          taskId: undefined,
          rawStatus: undefined,
          message: error instanceof Error ? error.message : String(error),
        };
        emit({ type: 'error', vendor, detail: `could not list sites: ${account.listFailure.message}` });
      }
    }),
  );

  const refs = Object.fromEntries(
    accounts.map((account) => [
      account.name,
      typeof options.ref === 'function' ? options.ref(account.provider) : options.ref,
    ]),
  );
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const plan: Plan = {
    name: 'release night',
    steps: [
      {
        action: 'backup',
        name: 'back up production',
        select: { environment: 'prod' },
        label: options.label ?? 'release-night',
        timeoutMs,
      },
      {
        action: 'deploy',
        name: 'deploy to staging',
        select: { environment: 'staging' },
        ref: refs,
        allowDestructive: options.allowDestructiveDeploys === true,
        allowStackWide: options.deployStacksServingProduction === true,
        timeoutMs,
      },
    ],
  };

  const announced = new Set<string>();
  const onResult = (result: SiteResult) => {
    const account = byName.get(result.account);
    if (!account) return;
    account.lastResultAt = performance.now();
    const vendor = result.vendor;
    const job: JobKind = result.action;
    if (!result.target) {
      if (result.outcome === 'skipped') {
        // One line per vendor and reason, not one per site.
        const group = `${result.account}|${result.step}|${result.skip ?? ''}`;
        if (announced.has(group)) return;
        announced.add(group);
        emit({
          type: result.skip === 'unsupported' ? 'unsupported' : 'skipped',
          vendor,
          job,
          detail: result.message ?? '',
        });
      } else emit({ type: 'error', vendor, detail: result.message ?? `${result.error ?? 'failed'}` });
      return;
    }
    if (result.outcome === 'succeeded') {
      emit({ type: 'finished', vendor, job, site: result.siteName, ok: true, detail: `task ${result.taskId ?? ''}` });
    } else if (result.outcome === 'failed' || result.outcome === 'unknown') {
      emit({
        type: 'finished',
        vendor,
        job,
        site: result.siteName,
        ok: false,
        detail: result.message ?? result.outcome,
      });
    }
  };

  const { results } = await runPlanInProcess(
    plan,
    { providers: Object.fromEntries(accounts.map((account) => [account.name, account.provider])) },
    { onResult, onProgress: options.onProgress, signal },
  );
  if (options.signal?.aborted) throw new AbortError('The release night was aborted');

  return accounts.map((account) => {
    const vendor = account.provider.vendor;
    const mine = results.filter((result) => result.account === account.name);
    const of = (step: number) => mine.filter((result) => result.step === step);
    const targets = (step: number, outcomes: readonly SiteResult['outcome'][]) =>
      of(step).filter((result) => result.target && outcomes.includes(result.outcome));
    const skippedAs = (step: number, kinds: readonly string[]) =>
      of(step).filter((result) => result.outcome === 'skipped' && kinds.includes(result.skip ?? ''));
    const prodSites = account.sites.filter((site) => site.environment === 'prod').length;
    const stagingSites = account.sites.filter((site) => site.environment === 'staging').length;

    const backups = {
      succeeded: targets(0, ['succeeded']).length,
      failed: targets(0, ['failed', 'unknown']).length,
      unsupported: skippedAs(0, ['unsupported']).length,
    };
    const deployed = targets(1, ['succeeded']);
    const deploys = {
      succeeded: deployed.length,
      failed: targets(1, ['failed', 'unknown']).length,
      sitesCovered: deployed.reduce((sum, result) => sum + (result.covers?.length ?? 1), 0),
      sitesSkipped: skippedAs(1, ['destructive', 'stack-wide', 'no-ref']).length,
    };

    const unsupported: string[] = [];
    if (backups.unsupported > 0) {
      unsupported.push(
        `${vendor} has no on-demand backups: its ${backups.unsupported} production site(s) rely on the vendor's backup schedule`,
      );
    }
    const cannotDeploy = skippedAs(1, ['unsupported']).length;
    if (cannotDeploy > 0)
      unsupported.push(`${vendor} cannot deploy a ref; ${cannotDeploy} staging site(s) left as they are`);
    const skipped: string[] = [];
    const destructive = skippedAs(1, ['destructive']).length;
    if (destructive > 0) {
      skipped.push(
        `${vendor} deploys rebuild the server and wipe its disks (capabilities.deploys.destructive): ` +
          `${destructive} staging site(s) left as they are (allowDestructiveDeploys)`,
      );
    }
    // One sentence per stack left alone (the fleet's message names the stack and the sites it also serves).
    for (const message of new Set(skippedAs(1, ['stack-wide', 'no-ref']).map((result) => result.message ?? ''))) {
      skipped.push(message);
    }

    const failures: ReleaseFailure[] = [];
    let listFailure = account.listFailure;
    for (const result of mine) {
      if (result.outcome !== 'failed' && result.outcome !== 'unknown') continue;
      if (!result.target) {
        // A listing the plan's step could not make: once per vendor, whichever listing saw it first.
        listFailure ??= {
          job: 'list',
          site: '',
          siteId: '',
          error: result.error ?? 'Error',
          taskId: undefined,
          rawStatus: undefined,
          message: result.message ?? '',
        };
        continue;
      }
      failures.push({
        job: result.action,
        site: result.siteName,
        siteId: result.siteId,
        error: result.error ?? (result.outcome === 'unknown' ? 'UnknownOutcome' : 'Error'),
        taskId: result.taskId,
        rawStatus: result.rawStatus,
        message: result.message ?? `${result.action} ${result.outcome}`,
      });
    }
    if (listFailure) failures.unshift(listFailure);

    const after = account.provider.stats();
    return {
      vendor,
      sites: account.sites.length,
      prodSites,
      stagingSites,
      backups,
      deploys,
      tasks: { succeeded: backups.succeeded + deploys.succeeded, failed: backups.failed + deploys.failed },
      failures,
      apiCalls: after.requests - account.before.requests,
      throttled: after.throttled - account.before.throttled,
      retries: after.retries - account.before.retries,
      elapsedMs: Math.round(account.lastResultAt - started),
      unsupported,
      skipped,
    };
  });
}

async function listSites(provider: Provider, limit: number, signal: AbortSignal | undefined): Promise<Site[]> {
  const sites: Site[] = [];
  for await (const site of provider.sites.list({ signal })) {
    sites.push(site);
    if (sites.length >= limit) break;
  }
  return sites;
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
