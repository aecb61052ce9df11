import {
  type Backup,
  type Deployment,
  isOmnihostError,
  isTaskFailedError,
  isTerminalTaskState,
  isUnsupportedOperationError,
  type Operation,
  type OperationJSON,
  type Provider,
  type StartIntent,
  type StartKind,
  type Task,
} from '@omnihost/core';
import { type DeployStep, type PlanStep, refFor } from '../plan/plan.js';
import type { WorkerContext } from './context.js';
import { advanceRun, atWaveBoundary } from './coordinator.js';
import { errorName, isTransient, safeMessage, scrub, transientDelay } from './errors.js';
import { DONE, type JobHandle, type JobStep } from './job.js';
import type { RunRecord, SiteJobData, SiteOutcome, SiteResult } from './model.js';
import { durationKey, firstPollDelay, nextPollDelay, recordTaskDuration } from './poll-delay.js';

/** How long a start's lock outlives its worker's last renewal. */
const START_LOCK_MS = 12_000;

/** Starts a step's reconcile can answer "never started" before the site fails (a vendor that loses starts). */
const MAX_STARTS = 5;

/** Operations this process started and still holds, by idempotency key: finished without a resume. */
const liveOperations = new Map<string, Operation<unknown>>();
const MAX_LIVE = 20_000;

/** Vendors found not to resume (`operations.resume` unsupported): polled through `tasks.get` instead. */
const noResume = new Set<string>();

/**
 * One target's step, as a checkpointed state machine (the job's data says where it is):
 *
 * - `pending`: nothing sent yet. Checkpoints `starting` with the intent's time, then starts the vendor task with
 *   the job's idempotency key (derived from run, step and target).
 * - `starting`: a start was sent and its answer may be lost (a crash, a timeout, a 5xx). Reconciles first
 *   (`provider.operations.reconcile(intent)`, with the fleet's shared task claims): the operation found is
 *   adopted, `null` (never started) allows a start with the same key, and a vendor that cannot tell leaves
 *   the site `unknown` — never started twice.
 * - `polling`: the operation is checkpointed (`operation.toJSON()`); each run of the job polls once and
 *   reschedules itself for the next poll (a delayed job), so no worker is held while the vendor works.
 * - the result is recorded once; then the run is moved on if this was a wave's last site.
 * @internal
 */
export async function runSiteJob(handle: JobHandle<SiteJobData>, context: WorkerContext): Promise<JobStep> {
  const job = new SiteJob(handle, context);
  return job.run();
}

class SiteJob {
  private data: SiteJobData;
  private runRecord: RunRecord | undefined;

  constructor(
    private readonly handle: JobHandle<SiteJobData>,
    private readonly context: WorkerContext,
  ) {
    this.data = handle.data;
  }

  private get secrets(): readonly string[] {
    return this.context.secretsOf(this.data.target.account);
  }

  private async save(patch: Partial<SiteJobData>): Promise<void> {
    this.data = { ...this.data, ...patch };
    await this.handle.update(this.data);
  }

  /**
   * The lock this target's start takes turns on: a deploy that covers a whole stack (Site Factory) runs one
   * at a time per account, as the vendor does (a second code update is refused while one runs).
   */
  private turnLock(step: PlanStep, provider: Provider): string | undefined {
    return step.action === 'deploy' && provider.capabilities.deploys.scope === 'stack'
      ? `deploy:${this.data.target.account}`
      : undefined;
  }

  /** Renewed at every poll (polls are at most a minute apart), so a lock whose job vanished frees soon. */
  private lockTtl(_step: PlanStep): number {
    return Math.max(5 * 60_000, this.context.tuning.pollMaxMs * 3);
  }

  private providerForLock: Provider | undefined;

  private async releaseTurn(step: PlanStep): Promise<void> {
    const provider = this.providerForLock;
    const lock = provider ? this.turnLock(step, provider) : undefined;
    if (lock) await this.context.locks.release(lock, this.data.key);
  }

  async run(): Promise<JobStep> {
    const run = await this.context.store.getRun(this.data.run);
    if (!run) return DONE;
    this.runRecord = run;
    const step = run.plan.steps[this.data.step];
    if (!step) return DONE;

    if (this.data.phase === 'pending' || this.data.phase === 'finished') {
      const existing = await this.context.store.getResult(run.id, this.data.step, this.data.target.key);
      if (existing) {
        // Recorded before a crash: only what came after is left (the turn's lock, moving the run on).
        this.providerForLock = await this.context.provider(this.data.target.account).catch(() => undefined);
        await this.releaseTurn(step);
        return this.advance(run);
      }
      if (run.status !== 'running') {
        return this.finish(step, {
          outcome: 'cancelled',
          message: `not started: the run is ${run.status}${run.reason ? ` (${run.reason})` : ''}`,
        });
      }
    }

    let provider: Provider;
    try {
      provider = await this.context.provider(this.data.target.account);
    } catch (error) {
      // A worker without the account's secret variable, say: the site fails with the reason, and stays resumable.
      return this.finish(step, {
        outcome: 'failed',
        error: errorName(error),
        message: safeMessage(error, this.secrets),
      });
    }
    this.providerForLock = provider;
    try {
      if (this.data.phase === 'polling') return await this.poll(provider, step);
      return await this.exclusively(() =>
        this.data.phase === 'starting' ? this.reconcile(provider, step) : this.start(provider, step),
      );
    } catch (error) {
      return this.transientOr(error, () =>
        this.finish(step, { outcome: 'failed', error: errorName(error), message: safeMessage(error, this.secrets) }),
      );
    }
  }

  /**
   * Runs a start (or a reconcile and start) as the only copy of this job doing so. BullMQ may hand a job whose
   * worker seemed stalled (a starved event loop, not a dead process) to a second worker while the first still
   * runs it; two copies starting at once would both start. A lock per intent, renewed while the call runs,
   * keeps the second copy waiting; a dead worker's lock lapses within seconds.
   */
  private async exclusively(work: () => Promise<JobStep>): Promise<JobStep> {
    const name = `start:${this.data.key}`;
    const owner = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    if (!(await this.context.locks.acquire(name, owner, START_LOCK_MS))) {
      return { kind: 'later', delayMs: START_LOCK_MS / 2 };
    }
    const renewal = setInterval(() => {
      void this.context.locks.renew(name, owner, START_LOCK_MS).catch(() => undefined);
    }, START_LOCK_MS / 4);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.context.locks.release(name, owner).catch(() => undefined);
    }
  }

  /** What the start call is, as core names it, for the intent. */
  private kind(step: PlanStep): StartKind {
    return step.action === 'backup' ? 'backups.create' : 'deploys.deploy';
  }

  /** The label or ref this step gives this target's vendor. */
  private arguments(step: PlanStep, provider: Provider): { label?: string; ref?: string; message?: string } {
    if (step.action === 'backup') {
      // A vendor that keeps no label refuses one (capabilities.backups.labels): leave it out there.
      return provider.capabilities.backups.labels && step.label ? { label: step.label } : {};
    }
    const deploy = step as DeployStep;
    const ref = refFor(deploy, { name: this.data.target.account, vendor: this.data.target.vendor });
    const message = provider.capabilities.deploys.message ? deploy.message : undefined;
    return { ref, ...(message ? { message } : {}) };
  }

  private async start(provider: Provider, step: PlanStep): Promise<JobStep> {
    const starts = (this.data.starts ?? 0) + 1;
    if (starts > MAX_STARTS) {
      return this.finish(step, {
        outcome: 'failed',
        message: `${this.data.target.vendor} showed no trace of ${MAX_STARTS} starts: giving up on this site`,
      });
    }
    const args = this.arguments(step, provider);
    if (step.action === 'deploy' && !args.ref) {
      return this.finish(step, {
        outcome: 'skipped',
        skip: 'no-ref',
        message: `the step names no ref for account ${this.data.target.account} (${this.data.target.vendor})`,
      });
    }
    const lock = this.turnLock(step, provider);
    if (lock && !(await this.context.locks.acquire(lock, this.data.key, this.lockTtl(step)))) {
      // Another stack's deploy runs on this account: this one waits its turn, started not.
      return { kind: 'later', delayMs: 2_000 + Math.random() * 1_000 };
    }
    // The intent is checkpointed before anything is sent: a job that dies from here on reconciles first.
    await this.save({ phase: 'starting', startedAt: new Date().toISOString(), starts });
    this.context.crash?.('before-start');
    let operation: Operation<unknown>;
    try {
      const options = { idempotencyKey: this.data.key };
      const siteId = this.data.target.siteId;
      operation =
        step.action === 'backup'
          ? await provider.backups.create(siteId, { ...options, label: args.label })
          : await provider.deploys.deploy(siteId, { ...options, ref: args.ref, message: args.message });
    } catch (error) {
      if (isOmnihostError(error) && error.outcome === 'unknown') {
        // The answer was lost after the vendor may have started: find the work before anything else.
        return this.reconcile(provider, step, isTransient(error) ? error : undefined);
      }
      // Nothing started (the error proves it): a transient failure tries again with the same key.
      await this.save({ phase: 'pending' });
      return this.transientOr(error, () =>
        this.finish(step, { outcome: 'failed', error: errorName(error), message: safeMessage(error, this.secrets) }),
      );
    }
    this.context.crash?.('after-start');
    return this.adopt(provider, step, operation);
  }

  /** The intent of this target's start, as the vendor's start call recorded it (its key and target). */
  private intent(step: PlanStep, provider: Provider): StartIntent {
    const args = this.arguments(step, provider);
    return {
      vendor: this.data.target.vendor,
      kind: this.kind(step),
      key: this.data.key,
      startedAt: this.data.startedAt ?? new Date().toISOString(),
      siteId: this.data.target.siteId,
      ...(args.label ? { label: args.label } : {}),
      ...(args.ref ? { ref: args.ref } : {}),
    };
  }

  /**
   * `cause`: the transient failure (a 5xx, a timeout) of the start this follows, if it was one. When the
   * vendor then shows the start never ran, it is tried again later within the transient budget, not at once:
   * a vendor answering 5xx for minutes gets backoff, and those refused starts do not count as lost ones.
   */
  private async reconcile(provider: Provider, step: PlanStep, cause?: unknown): Promise<JobStep> {
    let found: Operation<unknown> | null;
    try {
      found = await provider.operations.reconcile(this.intent(step, provider), { claims: this.context.claims });
    } catch (error) {
      if (isUnsupportedOperationError(error)) {
        return this.finish(step, {
          outcome: 'unknown',
          error: errorName(error),
          message:
            `the start's answer was lost and ${this.data.target.vendor} cannot tell whether it ran (no reconcile): ` +
            `check the site before starting it again (idempotency key ${this.data.key})`,
        });
      }
      return this.transientOr(error, () =>
        this.finish(step, {
          outcome: 'unknown',
          error: errorName(error),
          message: `the start's answer was lost, and finding it failed: ${safeMessage(error, this.secrets)}`,
        }),
      );
    }
    if (found === null) {
      // The vendor's records show it never started: starting again (same key) cannot repeat it.
      if (cause !== undefined) {
        await this.save({ phase: 'pending', starts: Math.max(0, (this.data.starts ?? 1) - 1) });
        return this.transientOr(cause, () =>
          this.finish(step, { outcome: 'failed', error: errorName(cause), message: safeMessage(cause, this.secrets) }),
        );
      }
      await this.save({ phase: 'pending' });
      return this.start(provider, step);
    }
    return this.adopt(provider, step, found);
  }

  /** Checkpoints a started operation and schedules its first poll (or finishes, when it already ended). */
  private async adopt(_provider: Provider, step: PlanStep, operation: Operation<unknown>): Promise<JobStep> {
    const json = operationJson(operation, this.data, this.kind(step));
    if (liveOperations.size >= MAX_LIVE) liveOperations.delete(liveOperations.keys().next().value as string);
    liveOperations.set(this.data.key, operation);
    // Claimed for this intent, so no other intent's heuristic reconcile adopts the same task.
    await this.context.claims.claim(json.vendor, json.taskId, this.data.key);
    await this.save({ phase: 'polling', operation: json, polls: 0, transient: undefined });
    if (isTerminalTaskState(operation.task.state)) return this.complete(step, operation.task);
    return { kind: 'later', delayMs: this.delay(firstPollDelay(this.context.tuning, this.durationKey(step))) };
  }

  private durationKey(step: PlanStep): string {
    return durationKey(this.data.target.vendor, step.action);
  }

  /** A poll delay, never past the site's deadline. */
  private delay(ms: number): number {
    const left = this.deadline() - Date.now();
    return Math.max(0, Math.min(ms, left + 50));
  }

  private deadline(): number {
    const step = this.runRecord?.plan.steps[this.data.step];
    const started = this.data.startedAt ? Date.parse(this.data.startedAt) : Date.now();
    return started + (step?.timeoutMs ?? this.context.tuning.defaultTimeoutMs);
  }

  private async poll(provider: Provider, step: PlanStep): Promise<JobStep> {
    const json = this.data.operation as OperationJSON;
    if (Date.now() > this.deadline()) {
      const minutes = Math.round((step.timeoutMs ?? this.context.tuning.defaultTimeoutMs) / 60_000);
      return this.finish(step, {
        outcome: 'failed',
        error: 'TimeoutError',
        taskId: json.taskId,
        message: `task ${json.taskId} did not finish within ${minutes} min; it may still be running at ${json.vendor}`,
      });
    }
    const lock = this.turnLock(step, provider);
    if (lock) await this.context.locks.renew(lock, this.data.key, this.lockTtl(step));
    let task: Task;
    let operation: Operation<unknown> | undefined;
    if (!noResume.has(json.vendor)) {
      try {
        // A resumed operation carries the task as it is now: one call polls, and a finished one completes.
        operation = await provider.operations.resume(json);
        task = operation.task;
      } catch (error) {
        if (!isUnsupportedOperationError(error)) throw error;
        noResume.add(json.vendor);
        task = await provider.tasks.get(json.taskId);
      }
    } else task = await provider.tasks.get(json.taskId);
    if (this.data.transient) await this.save({ transient: undefined });
    if (!isTerminalTaskState(task.state)) {
      const polls = (this.data.polls ?? 0) + 1;
      await this.save({ polls });
      return { kind: 'later', delayMs: this.delay(nextPollDelay(this.context.tuning, polls)) };
    }
    return this.complete(step, task, operation);
  }

  /** The task ended: the result (the backup, the deployment) is read and recorded. */
  private async complete(step: PlanStep, task: Task, resumed?: Operation<unknown>): Promise<JobStep> {
    const startedAt = this.data.startedAt ? Date.parse(this.data.startedAt) : undefined;
    if (task.state !== 'succeeded') {
      return this.finish(step, {
        outcome: 'failed',
        error: 'TaskFailedError',
        taskId: task.id,
        rawStatus: task.rawStatus,
        message: scrub(task.message ?? `task ${task.id} ended ${task.state}`, this.secrets),
      });
    }
    if (startedAt !== undefined) recordTaskDuration(this.durationKey(step), task, Date.now() - startedAt);
    const operation = resumed ?? liveOperations.get(this.data.key);
    let resultId: string | undefined;
    let note: string | undefined;
    if (operation) {
      try {
        // The task already ended: the wait reads the result without waiting (a live operation polls once).
        const value = await operation.wait({ timeoutMs: 5 * 60_000, minIntervalMs: 1, expectedDurationMs: 0 });
        resultId = resultIdOf(value);
      } catch (error) {
        if (isTaskFailedError(error)) {
          return this.finish(step, {
            outcome: 'failed',
            error: error.name,
            taskId: error.task.id,
            rawStatus: error.task.rawStatus,
            message: scrub(error.task.message ?? error.message, this.secrets),
          });
        }
        throw error;
      }
    } else {
      note = `${task.vendor} cannot resume this operation in another process: the ${step.action}'s own id is not known`;
    }
    liveOperations.delete(this.data.key);
    return this.finish(step, {
      outcome: 'succeeded',
      taskId: task.id,
      resultId,
      rawStatus: task.rawStatus,
      message: note ?? (task.message ? scrub(task.message, this.secrets) : undefined),
    });
  }

  /** A transient failure tries again later, within the budget; otherwise `otherwise` records the failure. */
  private async transientOr(error: unknown, otherwise: () => Promise<JobStep>): Promise<JobStep> {
    if (!isTransient(error)) return otherwise();
    const transient = this.data.transient ?? { count: 0, since: Date.now() };
    if (Date.now() - transient.since >= this.context.tuning.transientBudgetMs) return otherwise();
    const next = { count: transient.count + 1, since: transient.since };
    await this.save({ transient: next });
    return { kind: 'later', delayMs: transientDelay(next.count) };
  }

  private async finish(
    step: PlanStep,
    fields: { outcome: SiteOutcome } & Partial<
      Pick<SiteResult, 'taskId' | 'resultId' | 'error' | 'message' | 'rawStatus' | 'skip'>
    >,
  ): Promise<JobStep> {
    const target = this.data.target;
    const result: SiteResult = {
      run: this.data.run,
      step: this.data.step,
      action: step.action,
      key: target.key,
      account: target.account,
      vendor: target.vendor,
      siteId: target.siteId,
      siteName: target.siteName,
      target: true,
      taskId: fields.taskId ?? this.data.operation?.taskId,
      resultId: fields.resultId,
      error: fields.error,
      message: fields.message === undefined ? undefined : scrub(fields.message, this.secrets),
      rawStatus: fields.rawStatus,
      outcome: fields.outcome,
      skip: fields.skip,
      startedAt: this.data.startedAt,
      finishedAt: new Date().toISOString(),
      covers: target.covers,
    };
    const { counts } = await this.context.store.recordResult(dropUndefined(result));
    await this.releaseTurn(step);
    this.context.crash?.('after-record');
    const run = this.runRecord as RunRecord;
    if (atWaveBoundary(run, this.data.step, counts)) await advanceRun(this.context, run.id);
    return DONE;
  }

  private async advance(run: RunRecord): Promise<JobStep> {
    const counts = await this.context.store.counts(run.id, this.data.step);
    if (atWaveBoundary(run, this.data.step, counts)) await advanceRun(this.context, run.id);
    return DONE;
  }
}

/** The operation as data; a vendor that cannot serialise its operations yet still gets its task polled. */
function operationJson(operation: Operation<unknown>, data: SiteJobData, kind: StartKind): OperationJSON {
  try {
    return operation.toJSON();
  } catch (error) {
    if (!isUnsupportedOperationError(error)) throw error;
    return {
      vendor: data.target.vendor,
      kind,
      siteId: data.target.siteId,
      taskId: operation.task.id,
      key: data.key,
      startedAt: data.startedAt ?? new Date().toISOString(),
    };
  }
}

function resultIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as Backup | Deployment).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
