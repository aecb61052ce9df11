import { createProvider, type Provider, processTaskClaims, type VendorId } from '@omnihost/core';
import { type Accounts, type Environment, providerConfigFor, secretValuesOf } from '../accounts/accounts.js';
import { accountsOfStep, type Plan, parsePlan } from '../plan/plan.js';
import { DEFAULT_TUNING, type EngineTuning, memoryLocks, type WorkerContext } from './context.js';
import { cancelRun, startRun } from './coordinator.js';
import { errorName } from './errors.js';
import { processJob } from './job.js';
import { accountOfJob, type FleetJob, type FleetJobData, type RunRecord, type SiteResult } from './model.js';
import { type ProgressSnapshot, ProgressTracker, SETTLED_STATUSES } from './progress.js';
import { MemoryRunStore, type RunStore } from './store.js';

/** One account's jobs in the in-process queue: those ready to run, and how many are running. */
interface Lane {
  readonly ready: { id: string; data: FleetJobData }[];
  active: number;
}

/**
 * The in-process queue: the same jobs as BullMQ's, run by this process with at most `concurrency` at once
 * per account, a delayed job held by a timer, not by a slot. As in Redis mode (one queue per account), an
 * account waiting on its rate limit never holds another account's slots. Adding a job id twice adds it once.
 * @internal
 */
export class InProcessQueue {
  private readonly known = new Set<string>();
  private readonly lanes = new Map<string, Lane>();
  private readonly timers = new Map<ReturnType<typeof setTimeout>, { id: string; data: FleetJobData }>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private context: WorkerContext | undefined;

  constructor(private readonly concurrency: number) {}

  /** Starts processing with the worker context (the context needs the queue first: it adds jobs). */
  attach(context: WorkerContext): void {
    this.context = context;
    this.pump();
  }

  async enqueue(jobs: readonly FleetJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.known.has(job.id)) continue;
      this.known.add(job.id);
      this.laneOf(job.data).ready.push({ id: job.id, data: job.data });
    }
    this.pump();
  }

  /** Resolves when nothing is queued, running or delayed. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops the delayed jobs (an aborted run's polls: the vendor tasks go on without us) and returns them. */
  dropDelayed(): FleetJobData[] {
    const dropped = [...this.timers.values()].map((job) => job.data);
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
    this.settle();
    return dropped;
  }

  private isIdle(): boolean {
    return (
      this.active === 0 && this.timers.size === 0 && [...this.lanes.values()].every((lane) => lane.ready.length === 0)
    );
  }

  private laneOf(data: FleetJobData): Lane {
    const account = accountOfJob(data);
    let lane = this.lanes.get(account);
    if (!lane) {
      lane = { ready: [], active: 0 };
      this.lanes.set(account, lane);
    }
    return lane;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    const context = this.context;
    if (!context) return;
    for (const lane of this.lanes.values()) {
      while (lane.active < this.concurrency && lane.ready.length > 0) {
        const job = lane.ready.shift() as { id: string; data: FleetJobData };
        lane.active += 1;
        this.active += 1;
        void this.runOne(job, context).finally(() => {
          lane.active -= 1;
          this.active -= 1;
          this.pump();
          this.settle();
        });
      }
    }
  }

  private async runOne(job: { id: string; data: FleetJobData }, context: WorkerContext): Promise<void> {
    const handle = {
      id: job.id,
      data: job.data,
      update: async (data: FleetJobData) => {
        job.data = data;
      },
    };
    try {
      const step = await processJob(handle, context);
      if (step.kind === 'later') {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.laneOf(job.data).ready.push(job);
          this.pump();
        }, step.delayMs);
        this.timers.set(timer, job);
      }
    } catch (error) {
      // A bug, not a vendor failure (those are results): the site is recorded failed, never silently lost.
      context.log?.(`job ${job.id} failed unexpectedly: ${errorName(error)}`);
      if (job.data.type === 'site') {
        const { target } = job.data;
        const run = await context.store.getRun(job.data.run);
        await context.store.recordResult({
          run: job.data.run,
          step: job.data.step,
          action: run?.plan.steps[job.data.step]?.action ?? 'backup',
          key: target.key,
          account: target.account,
          vendor: target.vendor,
          siteId: target.siteId,
          siteName: target.siteName,
          outcome: 'failed',
          target: true,
          error: errorName(error),
          message: 'the fleet failed unexpectedly on this site (a bug: please report it)',
          finishedAt: new Date().toISOString(),
        });
      }
    }
  }
}

/** Where an in-process run gets its providers. @public */
export type ProviderSource =
  /** Accounts (an accounts file), with secrets read from `env` (default `process.env`). */
  | { readonly accounts: Accounts; readonly env?: Environment | undefined }
  /** Providers already made, by account name (the demo's simulators, a script's own providers). */
  | { readonly providers: Readonly<Record<string, Provider>> };

/** Options of {@link runPlanInProcess}. @public */
export interface InProcessOptions {
  /** Called about once a second, and at the end, with the run's progress. */
  readonly onProgress?: ((progress: ProgressSnapshot) => void) | undefined;
  /**
   * Called once per line of the report as it is recorded: a site's step finished (or was skipped, or a
   * listing failed). For a live log of what happened where.
   */
  readonly onResult?: ((result: SiteResult) => void) | undefined;
  /** How often `onProgress` is called. Default 1 s. */
  readonly progressIntervalMs?: number | undefined;
  /** Jobs worked on at once per account (each is one vendor call at a time). Default 50. */
  readonly concurrency?: number | undefined;
  /** Cancels the run: nothing more is started; the result says what was done. */
  readonly signal?: AbortSignal | undefined;
  readonly tuning?: Partial<EngineTuning> | undefined;
  readonly runId?: string | undefined;
  /** Where the fleet says what it does. */
  readonly log?: ((line: string) => void) | undefined;
}

/** What an in-process run did. @public */
export interface InProcessResult {
  readonly run: RunRecord;
  /** One line per site and step (skipped and failed included). */
  readonly results: readonly SiteResult[];
  readonly progress: ProgressSnapshot;
}

/**
 * Runs a plan in this process, with nothing installed: the same step code as the durable mode (one job per
 * site and step, checkpointed, polled by delayed jobs), in memory. The providers' rate limits are the
 * process-wide ones. Resolves when the run is completed, stopped by a failure budget, failed or cancelled;
 * vendor failures are results, not exceptions.
 *
 * Gives `--redis` the same plan to make it durable and distributed.
 * @throws ConfigurationError before anything starts, for an unknown account or a missing secret variable.
 * @throws ValidationError for a bad plan.
 * @public
 */
export async function runPlanInProcess(
  plan: Plan | unknown,
  source: ProviderSource,
  options: InProcessOptions = {},
): Promise<InProcessResult> {
  const providers = new Map<string, Provider>();
  let accounts: { name: string; vendor: VendorId }[];
  let secretsOf: (account: string) => readonly string[] = () => [];
  let checked: Plan;
  if ('providers' in source) {
    for (const [name, provider] of Object.entries(source.providers)) providers.set(name, provider);
    accounts = [...providers].map(([name, provider]) => ({ name, vendor: provider.vendor }));
    checked = parsePlan(plan);
    const known = new Set(accounts.map((account) => account.name));
    checked.steps.forEach((step, index) => {
      for (const name of step.select?.accounts ?? []) {
        if (!known.has(name)) throw new Error(`steps[${index}].select.accounts: no provider given for "${name}"`);
      }
    });
  } else {
    const env = source.env ?? process.env;
    checked = parsePlan(plan, source.accounts);
    accounts = source.accounts.list.map(({ name, vendor }) => ({ name, vendor }));
    const used = new Set(checked.steps.flatMap((step) => accountsOfStep(step, accounts)));
    // Every account the plan uses is resolved now: a missing variable fails before anything starts.
    const configs = new Map([...used].map((name) => [name, providerConfigFor(source.accounts.get(name), env)]));
    for (const [name, config] of configs) providers.set(name, (await createProvider(config)) as Provider);
    const secrets = new Map([...used].map((name) => [name, secretValuesOf(source.accounts.get(name), env)]));
    secretsOf = (account) => secrets.get(account) ?? [];
  }

  const store: RunStore = new MemoryRunStore();
  const onResult = options.onResult;
  if (onResult) {
    const record = store.recordResult.bind(store);
    store.recordResult = async (result) => {
      const recorded = await record(result);
      if (recorded.recorded) onResult(result);
      return recorded;
    };
  }
  const queue = new InProcessQueue(options.concurrency ?? 50);
  const context: WorkerContext = {
    store,
    enqueue: (jobs) => queue.enqueue(jobs),
    log: options.log,
    claims: processTaskClaims(),
    locks: memoryLocks(),
    secretsOf,
    tuning: { ...DEFAULT_TUNING, ...options.tuning },
    async provider(name) {
      const provider = providers.get(name);
      if (!provider) throw new Error(`no provider for account ${name}`);
      return provider;
    },
  };
  queue.attach(context);
  const run = await startRun(context, { plan: checked, accounts, mode: 'in-process', runId: options.runId });
  const tracker = new ProgressTracker(store, run.id);
  const report = async () => {
    const snapshot = await tracker.snapshot();
    if (snapshot) options.onProgress?.(snapshot);
    return snapshot;
  };
  const timer = options.onProgress ? setInterval(() => void report(), options.progressIntervalMs ?? 1_000) : undefined;
  const onAbort = () => {
    void cancelRun(context, run.id, 'cancelled (aborted)').then(async () => {
      // Tasks already running at the vendor go on; the report says which, with their task ids.
      for (const data of queue.dropDelayed()) {
        if (data.type !== 'site') continue;
        const { target } = data;
        await store.recordResult({
          run: data.run,
          step: data.step,
          action: checked.steps[data.step]?.action ?? 'backup',
          key: target.key,
          account: target.account,
          vendor: target.vendor,
          siteId: target.siteId,
          siteName: target.siteName,
          outcome: data.operation ? 'unknown' : 'cancelled',
          target: true,
          ...(data.operation ? { taskId: data.operation.taskId } : {}),
          message: data.operation
            ? `the run was aborted while task ${data.operation.taskId} ran at ${target.vendor}: it may still finish`
            : 'the run was aborted before this site was started',
          finishedAt: new Date().toISOString(),
        });
      }
    });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) onAbort();
    for (;;) {
      await queue.idle();
      const current = await store.getRun(run.id);
      // A settled run whose queue is idle is finished; a running one with an idle queue has nothing left to
      // move it on (it cannot happen, but a loop here must not spin).
      if (!current || SETTLED_STATUSES.includes(current.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if ((await store.getRun(run.id))?.status === 'running' && (await queueIsIdle(queue))) {
        await store.setStatus(run.id, 'failed', 'the run stalled with nothing left to do (a bug: please report it)');
        break;
      }
    }
  } finally {
    if (timer) clearInterval(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const progress = (await report()) as ProgressSnapshot;
  return {
    run: (await store.getRun(run.id)) as RunRecord,
    results: await store.results(run.id),
    progress,
  };
}

async function queueIsIdle(queue: InProcessQueue): Promise<boolean> {
  let idle = false;
  await Promise.race([queue.idle().then(() => (idle = true)), new Promise((resolve) => setTimeout(resolve, 0))]);
  return idle;
}
