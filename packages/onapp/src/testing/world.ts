import {
  type SimClock,
  seededRandom,
  type TaskGroup,
  TaskOutcomePolicy,
  type TaskTarget,
} from '@omnihost/core/testing';
import type {
  SimBackup,
  SimDisk,
  SimTemplate,
  SimTransaction,
  SimVirtualServer,
  TransactionScript,
} from './records.js';
import { TransactionQueue } from './timeline.js';

/** Which operations `failNextTasks` and the random failure rate apply to (core's task groups). @internal */
export type SimOperationKind = TaskGroup;

/** One step of an operation, before it is queued. @internal */
export interface StepSpec {
  readonly action: string;
  readonly parentType: SimTransaction['parentType'];
  readonly parentId: number;
  readonly identifier: string;
  readonly params?: SimTransaction['params'] | undefined;
  /** Share of the operation's duration (default 1). */
  readonly weight?: number | undefined;
  /** The step that fails when the operation is made to fail (default: the first). */
  readonly failsHere?: boolean | undefined;
  readonly script: TransactionScript;
  readonly onComplete?: (() => void) | undefined;
  readonly onAbandon?: (() => void) | undefined;
}

/** Settings the world is built with. @internal */
export interface WorldSettings {
  readonly clock: SimClock;
  readonly seed: number;
  readonly taskDurationMs: number;
  readonly taskFailureRate: number;
  readonly userId: number;
}

const IDENTIFIER_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Everything a control panel knows, and the one place that queues transactions. Routes read and change
 * it synchronously inside one request, so every request sees a consistent panel.
 * @internal
 */
export class World {
  readonly servers = new Map<number, SimVirtualServer>();
  /** Every disk; add them with {@link World.addDisk}. */
  readonly disks = new Map<number, SimDisk>();
  private readonly disksByServer = new Map<number, SimDisk[]>();
  readonly backups = new Map<number, SimBackup>();
  readonly templates = new Map<number, SimTemplate>();
  /** Every transaction ever queued, in id order. */
  readonly transactions: SimTransaction[] = [];
  private readonly transactionsById = new Map<number, SimTransaction>();
  private readonly queue = new TransactionQueue((id) => this.transactionsById.get(id));
  readonly random: () => number;
  /** How operations end and how long they take: the simulator kit's one policy. */
  private readonly outcomes: TaskOutcomePolicy;
  private readonly ids = { server: 0, disk: 0, backup: 0, template: 0, transaction: 0 };

  constructor(readonly settings: WorldSettings) {
    this.random = seededRandom(settings.seed);
    this.outcomes = new TaskOutcomePolicy(
      { defaultDurationMs: settings.taskDurationMs, failureRate: settings.taskFailureRate, seed: settings.seed },
      'failed',
    );
  }

  now(): number {
    return this.settings.clock.now();
  }

  /** Brings transactions up to the clock; every request starts with it. */
  settle(): void {
    this.queue.settle(this.now());
  }

  nextId(kind: keyof World['ids'], atLeast = 0): number {
    this.ids[kind] = Math.max(this.ids[kind] + 1, atLeast);
    return this.ids[kind];
  }

  /** A 14-character identifier like `7z2gzavnrhmmt3`, drawn from the seed. */
  identifier(): string {
    let out = '';
    for (let index = 0; index < 14; index += 1) {
      out += IDENTIFIER_CHARS[Math.floor(this.random() * IDENTIFIER_CHARS.length)];
    }
    return out;
  }

  /** A server by numeric id or identifier (both address it, vendors/onapp.md §1.1). */
  server(ref: string): SimVirtualServer | undefined {
    if (/^\d+$/.test(ref)) return this.servers.get(Number(ref));
    for (const server of this.servers.values()) if (server.identifier === ref) return server;
    return undefined;
  }

  isLocked(serverId: number): boolean {
    return this.queue.isBusy(serverId);
  }

  /** Adds a disk (and indexes it by server: the wire views read a server's disks on every list row). */
  addDisk(disk: SimDisk): void {
    this.disks.set(disk.id, disk);
    const list = this.disksByServer.get(disk.serverId) ?? [];
    list.push(disk);
    this.disksByServer.set(disk.serverId, list);
  }

  disksOf(serverId: number): readonly SimDisk[] {
    return this.disksByServer.get(serverId) ?? [];
  }

  /** Removes a server and its disks; its backups too when asked. */
  removeServer(serverId: number, withBackups: boolean): void {
    this.servers.delete(serverId);
    for (const disk of this.disksOf(serverId)) this.disks.delete(disk.id);
    this.disksByServer.delete(serverId);
    if (withBackups) for (const backup of this.backupsOf(serverId)) this.backups.delete(backup.id);
  }

  backupsOf(serverId: number): SimBackup[] {
    return [...this.backups.values()].filter((backup) => backup.serverId === serverId);
  }

  transaction(id: number): SimTransaction | undefined {
    return this.transactionsById.get(id);
  }

  /** The server's transactions, newest first (the VS-scoped list). */
  transactionsOf(serverId: number): SimTransaction[] {
    const out: SimTransaction[] = [];
    for (let index = this.transactions.length - 1; index >= 0; index -= 1) {
      const transaction = this.transactions[index] as SimTransaction;
      if (transaction.serverId === serverId) out.push(transaction);
    }
    return out;
  }

  /**
   * The next `count` operations of `kind` (or of any kind) fail: scripted in order, each used by the first
   * operation it matches (core's {@link TaskOutcomePolicy}).
   */
  failNextOperations(count: number, kind: TaskTarget): void {
    this.outcomes.failNext(count, kind);
  }

  /**
   * Queues an operation: its steps as one chain (each waits for the previous one) on the server's queue,
   * sharing the operation's duration by weight. Whether it fails is decided now, by the outcome policy
   * (scripted failures first, then the seeded failure rate); the failing step fails and OnApp cancels the
   * steps after it.
   */
  startOperation(
    kind: SimOperationKind,
    serverId: number,
    steps: readonly StepSpec[],
    callId: string | undefined,
  ): SimTransaction[] {
    const fails = this.outcomes.nextFails(kind);
    const durationMs = this.outcomes.durationMs();
    const failing = Math.max(
      0,
      steps.findIndex((step) => step.failsHere),
    );
    const totalWeight = steps.reduce((sum, step) => sum + (step.weight ?? 1), 0);
    const createdAt = new Date(this.now());
    const queued: SimTransaction[] = [];
    let previous: SimTransaction | undefined;
    steps.forEach((step, index) => {
      const transaction: SimTransaction = {
        id: this.nextId('transaction'),
        action: step.action,
        parentType: step.parentType,
        parentId: step.parentId,
        identifier: step.identifier,
        serverId,
        dependentId: previous?.id ?? null,
        params: step.params ?? {},
        userId: this.settings.userId,
        createdAt,
        durationMs: Math.max(1, Math.round((durationMs * (step.weight ?? 1)) / totalWeight)),
        outcome: fails && index === failing ? 'failed' : 'complete',
        status: 'pending',
        startedAt: null,
        finishedAt: null,
        pid: null,
        log: [],
        callId,
        onComplete: step.onComplete,
        onAbandon: step.onAbandon,
        script: step.script,
      };
      this.store(transaction);
      this.queue.enqueue(transaction);
      queued.push(transaction);
      previous = transaction;
    });
    return queued;
  }

  /** Records a transaction that already ended (seeded history). */
  recordHistory(transaction: SimTransaction): void {
    this.store(transaction);
  }

  private store(transaction: SimTransaction): void {
    this.transactions.push(transaction);
    this.transactionsById.set(transaction.id, transaction);
  }
}
