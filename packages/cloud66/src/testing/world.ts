import type { SimClock, TaskGroup, TaskOutcomePolicy } from '@omnihost/core/testing';
import {
  type BackupSeed,
  backupIdParts,
  type EnvVarSeed,
  generateBackups,
  generateEnvVars,
  generateHistory,
  generateServers,
  generateStack,
  historyIdParts,
  indexOfUid,
  type ServerSeed,
  type StackSeed,
  stackUid,
} from './fleet.js';
import { type BackLinkField, fail, notFound } from './responses.js';
import {
  type ActionRecord,
  actionProgress,
  busyUntil,
  cancelDeploy,
  type DeployOp,
  deployPhase,
  effectiveEnd,
  type StackDynamics,
  stackDynamics,
} from './timeline.js';
import { historyPayload, iso, stackPayload } from './wire.js';

/** Ids of everything created while the simulator runs start here, far above the generated ones. */
export const NEW_ID_BASE = 10_000_000_000;

/** Who the simulated actions are "by". */
export const SIM_USER = 'ops@omnihost-sim.example';

/**
 * How simulated deploys, actions and scheduled backup runs end and how long they take: core's policy
 * (scripted `failNextTasks` outcomes first, in order, then the seeded failure rate). Deploys are `deploy`,
 * scheduled backup runs `backup`, every other async action `other`.
 */
export type Cloud66TaskOutcomes = TaskOutcomePolicy<'failed', TaskGroup>;

/** What the world is built from. */
export interface WorldSettings {
  readonly seed: number;
  readonly siteCount: number;
  readonly outcomes: Cloud66TaskOutcomes;
  readonly clock: SimClock;
  /** "Now" when the simulator started: generated dates are anchored to it. */
  readonly epoch: number;
  readonly primaryAccountId: number;
}

interface CreatedStack {
  readonly stack: StackSeed;
  readonly createdAt: number;
  readonly endAt: number;
  readonly failure: string | undefined;
}

/** What a test changed on one stack. Stacks nobody touched have no entry. */
interface StackState {
  readonly deploys: DeployOp[];
  readonly actionIds: number[];
  envVars: EnvVarSeed[] | undefined;
  maintenance: boolean;
  readonly schedules: BackupSchedule[];
  /** Backups the schedules took (or will take: each becomes visible at its `takenAt`). */
  readonly scheduledBackups: BackupSeed[];
}

/** A backup schedule as `POST /stacks/{uid}/backups` set it up. */
export interface BackupSchedule {
  readonly dbType: string;
  readonly frequency: string;
  readonly keepCount: number | undefined;
  readonly gzip: boolean | undefined;
  readonly excludedTables: string | undefined;
  readonly runOnReplicaServer: boolean | undefined;
  /** `logical_backup` as asked (the Go client sends it; absent = the default, a logical dump). */
  readonly logicalBackup: boolean | undefined;
  readonly createdAt: number;
}

/**
 * The shapes of the redeploy answer: `current` carries `async_action_id` and `queued`; `null-action-id`
 * has `async_action_id: null` (the Go type is `*int`) with `queued`; `pre-2019` has neither, as servers
 * answered before cloud66-oss/cloud66 PR #34 added them.
 */
export type RedeployAnswer = 'current' | 'null-action-id' | 'pre-2019';

/** A list without materialising it: its length and a way to build item `i`. */
export interface LazyList<T> {
  readonly total: number;
  at(index: number): T;
}

/**
 * The simulator's state: the lazily generated fleet plus everything tests changed, and the rules that
 * derive what the API shows at any moment from the clock.
 */
export class Cloud66World {
  readonly settings: WorldSettings;
  /** How `POST /stacks/{uid}/deployments` answers (see {@link RedeployAnswer}). */
  redeployAnswer: RedeployAnswer = 'current';
  /** Answer `GET /stacks/{uid}/actions/{id}` without the envelope, as the 2023+ docs example shows it. */
  bareActionResponses = false;
  /** Sent as `X-Cloud66-Warning` on every successful answer. */
  warning: string | undefined;
  /** How the pagination block names its back link. */
  backLinkField: BackLinkField = 'previous';
  /** Counts executed mutations (wired to core's `recordExecution` once the server runs). */
  recordExecution: (kind: string, key: string | undefined) => void = () => undefined;

  private readonly created: CreatedStack[] = [];
  private readonly states = new Map<number, StackState>();
  private readonly actions = new Map<number, ActionRecord>();
  private nextId = NEW_ID_BASE;

  constructor(settings: WorldSettings) {
    this.settings = settings;
  }

  private get now(): number {
    return this.settings.clock.now();
  }

  /** The stack at an index, generated or created. */
  stack(index: number): StackSeed | undefined {
    const { seed, siteCount, epoch, primaryAccountId } = this.settings;
    if (index < 0 || !Number.isInteger(index)) return undefined;
    if (index < siteCount) return generateStack(seed, index, epoch, primaryAccountId);
    return this.created[index - siteCount]?.stack;
  }

  /** The stack behind a uid, whoever owns it. */
  stackByUid(uid: string): StackSeed | undefined {
    const index = indexOfUid(this.settings.seed, uid);
    return index === undefined ? undefined : this.stack(index);
  }

  /** The stack behind a uid, or a 404 when the uid is unknown or belongs to another account (cx #66). */
  visibleStack(uid: string, accountId: number): StackSeed {
    const stack = this.stackByUid(uid);
    if (!stack || stack.accountId !== accountId) return notFound();
    return stack;
  }

  /** The stacks an account sees, in index order. */
  stacksOf(accountId: number): LazyList<StackSeed> {
    const { siteCount, primaryAccountId } = this.settings;
    const own = this.created.filter((entry) => entry.stack.accountId === accountId).map((entry) => entry.stack);
    const generated = accountId === primaryAccountId ? siteCount : 0;
    return {
      total: generated + own.length,
      at: (i) => (i < generated ? (this.stack(i) as StackSeed) : (own[i - generated] as StackSeed)),
    };
  }

  /** The stack object as the API shows it now. */
  stackWire(stack: StackSeed): ReturnType<typeof stackPayload> {
    return stackPayload(
      this.settings.seed,
      stack,
      this.dynamics(stack),
      this.states.get(stack.index)?.maintenance ?? false,
    );
  }

  /** Status, health, busy flag and last activity of a stack now. */
  dynamics(stack: StackSeed): StackDynamics {
    const created = this.createdEntry(stack.index);
    const now = this.now;
    if (created && now < created.endAt) {
      return { status: 3, health: 1, isBusy: true, lastActivity: created.createdAt };
    }
    const base: StackDynamics = created
      ? { status: created.failure ? 7 : 1, health: created.failure ? 4 : 3, isBusy: false, lastActivity: created.endAt }
      : {
          status: stack.status,
          health: stack.health,
          isBusy: false,
          lastActivity:
            generateHistory(this.settings.seed, stack, this.settings.epoch)[0]?.finishedAt ?? stack.createdAt,
        };
    return stackDynamics(base, this.states.get(stack.index)?.deploys ?? [], now);
  }

  servers(stack: StackSeed): ServerSeed[] {
    return generateServers(this.settings.seed, stack);
  }

  /** The stack's backups, newest first: runs of schedules set up here, then the generated ones. */
  backups(stack: StackSeed): BackupSeed[] {
    const now = this.now;
    const taken = (this.states.get(stack.index)?.scheduledBackups ?? []).filter((backup) => backup.takenAt <= now);
    const generated = stack.index < this.settings.siteCount ? generateBackups(stack, this.settings.epoch) : [];
    return [...[...taken].reverse(), ...generated];
  }

  backup(stack: StackSeed, id: number): BackupSeed {
    if (id >= NEW_ID_BASE) return this.backups(stack).find((backup) => backup.id === id) ?? notFound();
    const parts = backupIdParts(id);
    const backup =
      parts.index === stack.index && stack.index < this.settings.siteCount
        ? generateBackups(stack, this.settings.epoch)[parts.k]
        : undefined;
    return backup ?? notFound();
  }

  private state(index: number): StackState {
    let state = this.states.get(index);
    if (!state) {
      state = {
        deploys: [],
        actionIds: [],
        envVars: undefined,
        maintenance: false,
        schedules: [],
        scheduledBackups: [],
      };
      this.states.set(index, state);
    }
    return state;
  }

  private createdEntry(index: number): CreatedStack | undefined {
    return index >= this.settings.siteCount ? this.created[index - this.settings.siteCount] : undefined;
  }

  /**
   * Starts a redeploy. A busy stack (deploying, or still being created) queues it behind the running
   * work: `queued: true` on the answer, `STK_QUEUED_FOR_DEPLOYING` on the stack, and the action shows
   * no `started_at` until the deploy begins.
   */
  redeploy(
    stack: StackSeed,
    request: {
      gitRef?: string | undefined;
      services?: readonly string[] | undefined;
      userReference?: string | undefined;
    },
  ): { op: DeployOp; queued: boolean } {
    const now = this.now;
    const state = this.state(stack.index);
    const start = busyUntil(state.deploys, now, this.createdEntry(stack.index)?.endAt);
    const { outcomes } = this.settings;
    const failure = outcomes.nextFails('deploy')
      ? `Deployment failed: the build step exited with status 1 (simulated failure)`
      : undefined;
    const op: DeployOp = {
      deploymentId: this.nextId++,
      actionId: this.nextId++,
      requestedAt: now,
      start,
      end: start + outcomes.durationMs('deploy'),
      failure,
      cancelledAt: undefined,
      gitRef: request.gitRef,
      services: request.services,
      userReference: request.userReference,
      user: SIM_USER,
    };
    state.deploys.push(op);
    this.addAction(stack, {
      id: op.actionId,
      stackIndex: stack.index,
      action: 'application_deployment',
      user: SIM_USER,
      createdAt: now,
      endAt: op.end,
      failure,
      metadata: request.userReference ? { user_reference: request.userReference } : undefined,
      deploy: op,
    });
    return { op, queued: start > now };
  }

  /** Deployments of a stack, newest first: started redeploys, then the generated history. */
  deployments(stack: StackSeed): Record<string, unknown>[] {
    const now = this.now;
    const started = (this.states.get(stack.index)?.deploys ?? []).filter((op) => deployPhase(op, now) !== 'queued');
    const history =
      stack.index < this.settings.siteCount ? generateHistory(this.settings.seed, stack, this.settings.epoch) : [];
    const out: Record<string, unknown>[] = [];
    for (const op of [...started].reverse()) out.push(this.deploymentWire(stack, op, out.length === 0));
    for (const entry of history) out.push(historyPayload(stack, entry, out.length === 0));
    return out;
  }

  deployment(stack: StackSeed, id: number): Record<string, unknown> {
    return this.deployments(stack).find((deployment) => deployment.id === id) ?? notFound();
  }

  /** `DELETE /stacks/{uid}/deployments/{id}`: only a deploy that is running can be cancelled. */
  cancelDeployment(stack: StackSeed, id: number): void {
    const ops = this.states.get(stack.index)?.deploys ?? [];
    const op = ops.find((candidate) => candidate.deploymentId === id);
    if (!op) {
      this.deployment(stack, id);
      fail(409, 'conflict', 'The deployment is not running', { details: 'Only a live deployment can be cancelled' });
    }
    if (deployPhase(op, this.now) !== 'deploying') {
      fail(409, 'conflict', 'The deployment is not running', { details: 'Only a live deployment can be cancelled' });
    }
    cancelDeploy(ops, op, this.now);
  }

  private deploymentWire(stack: StackSeed, op: DeployOp, head: boolean): Record<string, unknown> {
    const phase = deployPhase(op, this.now);
    const settled = phase !== 'deploying' && phase !== 'queued';
    const gitHash = (op.deploymentId * 2654435761).toString(16).padStart(40, '0').slice(-40);
    return {
      id: op.deploymentId,
      triggered_by: op.user,
      // Only `0 = web` is documented; the simulator's API-triggered deploys use a made-up `1 = api`.
      triggered_via: { code: 1, meaning: 'api' },
      started_at: iso(op.start),
      finished_at: settled ? iso(effectiveEnd(op)) : null,
      outcome:
        phase === 'succeeded'
          ? { code: 1, meaning: 'success' }
          : phase === 'failed'
            ? { code: 2, meaning: 'failed' }
            : phase === 'cancelled'
              ? { code: 3, meaning: 'cancelled' }
              : null,
      git_hash: gitHash,
      deploy_session: gitHash.slice(0, 10),
      deploy_type: { code: 0, meaning: 'build' },
      is_head: head,
      is_live: head && phase === 'succeeded',
      reverted: null,
      reverted_by: null,
      reverted_at: null,
      is_deploying: !settled,
      commit_url: `https://github.com/omnihost-sim/${stack.slug}/commit/${gitHash}`,
    };
  }

  /** Starts an async action that is not a deploy; it takes one task duration and may be made to fail. */
  startAction(stack: StackSeed, action: string, metadata?: Record<string, string>): ActionRecord {
    const now = this.now;
    const record: ActionRecord = {
      id: this.nextId++,
      stackIndex: stack.index,
      action,
      user: SIM_USER,
      createdAt: now,
      endAt: now + this.settings.outcomes.durationMs('other'),
      failure: this.settings.outcomes.nextFails('other')
        ? `${action} failed: simulated failure on ${this.servers(stack)[0]?.name ?? 'the server'}`
        : undefined,
      metadata,
      deploy: undefined,
    };
    this.addAction(stack, record);
    return record;
  }

  private addAction(stack: StackSeed, record: ActionRecord): void {
    this.actions.set(record.id, record);
    this.state(stack.index).actionIds.push(record.id);
  }

  /** The action object as the API shows it now. */
  actionWire(stack: StackSeed, record: ActionRecord): Record<string, unknown> {
    const progress = actionProgress(record, this.now);
    return {
      id: record.id,
      user: record.user,
      resource_type: 'stack',
      action: record.action,
      resource_id: String(stack.numericId),
      started_via: 'api',
      started_at: progress.startedAt === null ? null : iso(progress.startedAt),
      finished_at: progress.finishedAt === null ? null : iso(progress.finishedAt),
      finished_success: progress.success,
      finished_message: progress.message,
      ...(progress.finishedAt === null ? {} : { finished_result: {} }),
      ...(record.metadata ? { metadata: record.metadata } : {}),
    };
  }

  /** The stack's actions, newest first: those started here, then one per generated deployment. */
  actionsOf(stack: StackSeed): Record<string, unknown>[] {
    const ids = this.states.get(stack.index)?.actionIds ?? [];
    const started = [...ids].reverse().map((id) => this.actionWire(stack, this.actions.get(id) as ActionRecord));
    const history =
      stack.index < this.settings.siteCount ? generateHistory(this.settings.seed, stack, this.settings.epoch) : [];
    return [
      ...started,
      ...history.map((entry) => ({
        id: entry.id,
        user: SIM_USER,
        resource_type: 'stack',
        action: 'application_deployment',
        resource_id: String(stack.numericId),
        started_via: 'web',
        started_at: iso(entry.startedAt),
        finished_at: iso(entry.finishedAt),
        finished_success: entry.success,
        finished_message: entry.success ? 'Completed successfully' : 'Deployment failed',
        finished_result: {},
      })),
    ];
  }

  action(stack: StackSeed, id: number): Record<string, unknown> {
    if (id >= NEW_ID_BASE) {
      const record = this.actions.get(id);
      if (!record || record.stackIndex !== stack.index) return notFound();
      return this.actionWire(stack, record);
    }
    const parts = historyIdParts(id);
    if (parts.index !== stack.index) return notFound();
    return this.actionsOf(stack).find((action) => action.id === id) ?? notFound();
  }

  /** `POST /stacks`: a Docker stack that is analysed (busy) for one task duration, then deployed. */
  createStack(input: {
    name: string;
    environment: string;
    cloud: string | undefined;
    accountId: number;
  }): ActionRecord {
    const now = this.now;
    const index = this.settings.siteCount + this.created.length;
    const slug = `${
      input.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'stack'
    }-${index + 1}`;
    const stack: StackSeed = {
      index,
      uid: stackUid(this.settings.seed, index),
      numericId: 80_000 + index,
      name: input.name,
      slug,
      environment: input.environment,
      framework: 'docker',
      language: 'docker',
      cloud: input.cloud ?? 'AWS',
      gitBranch: 'main',
      status: 1,
      health: 3,
      createdAt: now,
      accountId: input.accountId,
      dbType: null,
    };
    const record = this.startAction(stack, 'stack_create');
    this.created.push({ stack, createdAt: now, endAt: record.endAt, failure: record.failure });
    return record;
  }

  /** The stack's environment variables (generated until a test changes one). */
  envVars(stack: StackSeed): EnvVarSeed[] {
    return this.states.get(stack.index)?.envVars ?? generateEnvVars(this.settings.seed, stack);
  }

  /** The variables, copied into stored state so they can be changed. */
  mutableEnvVars(stack: StackSeed): EnvVarSeed[] {
    const state = this.state(stack.index);
    state.envVars ??= generateEnvVars(this.settings.seed, stack);
    return state.envVars;
  }

  newId(): number {
    return this.nextId++;
  }

  setMaintenance(stack: StackSeed, on: boolean): void {
    this.state(stack.index).maintenance = on;
  }

  /**
   * Records a backup schedule (the only backup write Cloud 66 has). Its first run is taken one task
   * duration later, so a test can see a schedule produce a backup; `failNextTasks(n, 'backup')` makes
   * that run fail (`backup_status: 1`, no files).
   */
  addSchedule(stack: StackSeed, schedule: Omit<BackupSchedule, 'createdAt'>): void {
    const state = this.state(stack.index);
    const createdAt = this.now;
    state.schedules.push({ ...schedule, createdAt });
    const failed = this.settings.outcomes.nextFails('backup');
    const databaseName = `${stack.slug.replace(/-/g, '_')}_${stack.environment}`;
    state.scheduledBackups.push({
      id: this.nextId++,
      k: -1,
      takenAt: createdAt + this.settings.outcomes.durationMs('backup'),
      failed,
      files: failed ? [] : [{ id: 'tar', name: `${databaseName}.tar` }],
      sizeBytes: failed ? 0 : 12 * 1024 * 1024,
      databaseName,
      logicalBackup: schedule.logicalBackup ?? true,
    });
  }

  /** Backup schedules set on a stack while the simulator ran. */
  schedules(stack: StackSeed): readonly BackupSchedule[] {
    return this.states.get(stack.index)?.schedules ?? [];
  }
}
