import {
  adoptCandidate,
  type CallOptions,
  idempotencyKeyIn,
  isOmnihostError,
  newIntent,
  type Operation,
  type OperationJSON,
  type OperationService,
  operationJsonSchema,
  type ReconcileCandidate,
  type ReconcileOptions,
  ResponseValidationError,
  type StartContext,
  type StartIntent,
  type StartKind,
  type StartOptions,
  type StartResult,
  sleep,
  startIntentSchema,
  startOperation,
  type TaskClaims,
  ValidationError,
} from '@omnihost/core';
import { z } from 'zod';
import { dict, opt, str } from '../client/coerce.js';
import { requestOperationWithHeaders } from '../client/request-operation.js';
import { toTask } from '../mapping/to-task.js';
import { fromUnixSeconds } from '../mapping/unix-time.js';
import { isStartTask, SITE_FACTORY_START_TASKS } from '../rules/start-records.js';
import { wipTaskState } from '../rules/task-states.js';
import type { BackupRow } from '../schemas/backup.js';
import type { WipTask } from '../schemas/wip-task.js';
import { recentBackupRows } from './backup-records.js';
import { factoryClaims } from './claims.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';
import { fetchSiteDetail } from './sites.js';
import { operationOf } from './started-task.js';
import { fetchTask } from './tasks.js';
import { pollUpdate } from './updates.js';
import { clockSkewOf, onFactoryClock, recentWipTasks } from './work-pool.js';

/** WIP and update times are whole unix seconds: a task added in the intent's own second may be its. */
const RESOLUTION_MS = 1000;

/**
 * A start whose answer was lost may still be landing (a client that timed out gives up while the factory works
 * on). When a reconcile finds nothing this soon after the start failed, it reads the records once more after
 * this long, so that `null` ("never started, safe to start again") is not said about work about to appear. A
 * Site Factory start only queues a WIP task, so this is short.
 */
const SETTLE_MS = 1000;

/** Failure times remembered for the settle rule (per provider, oldest dropped first). */
const MAX_REMEMBERED_FAILURES = 1000;

/** `GET /api/v1/update`: updater id → `{added, status}` (vendors/sitefactory.md §3.3). */
const updateListSchema = dict(z.looseObject({ added: opt(str), status: opt(str) }));

/**
 * The start calls of a provider: `operations` is `provider.operations`, `run` is how every start call runs
 * (core's `startOperation`, reconciled through `operations`).
 * @internal
 */
export interface SiteFactoryStarts {
  readonly operations: OperationService;
  /**
   * Runs a start: a failure says what it proves and carries the intent, `err.reconcile()` asks the factory's
   * records, and the time an unknown outcome was learnt is kept for the settle rule.
   */
  run<K extends StartKind>(
    intent: StartIntent & { kind: K },
    start: (context: StartContext) => Promise<Operation<StartResult<K>>>,
  ): Promise<Operation<StartResult<K>>>;
}

/**
 * Start calls as data (issue 15): `reconcile(intent)` finds the work a start began when its answer was lost,
 * from the factory's own records; `resume(json)` finishes a wait another process began.
 *
 * - `backups.create` (exact): the key travels in the backup label. An archive whose label carries it proves
 *   the start ran, and its task is a `SiteArchive` task added since the intent whose run covers that archive's
 *   time, read from the work pool after the archive list (`writerOf`); the backup the wait resolves to is
 *   always the one with the key. Until the archive row exists (the task still queued) the task is matched by
 *   time, among the site's queued, running, failed or killed `SiteArchive` tasks (one that succeeded wrote an
 *   archive, which would carry the key) whose archive does not carry another key.
 * - `backups.restore`, `backups.delete` (heuristic): the earliest restore (onto the target site) or archive
 *   delete (of the backup, where the task name says) added at or after the intent's second that no other call
 *   has adopted. The factory keeps no text of the caller's with these (`caller_data` only goes to a callback).
 * - `deploys.deploy` (heuristic): the earliest code update (`GET /api/v1/update`) added at or after the intent's
 *   second that no other call has adopted. A factory runs one update at a time and its list does not say which
 *   stack or ref an update is for.
 *
 * Claims are per factory (`factoryClaims`). When nothing is found within {@link SETTLE_MS} of the failure, the
 * records are read once more before answering `null`.
 * @internal
 */
export function createStarts(context: ServiceContext): SiteFactoryStarts {
  const failedAt = new Map<string, number>();

  async function reconcileOnce(intent: StartIntent, claims: TaskClaims, signal: AbortSignal | undefined) {
    if (intent.kind === 'deploys.deploy') return reconcileDeploy(context, intent, claims, signal);
    return reconcileTask(context, intent, claims, signal);
  }

  async function reconcileAny(intent: StartIntent, options: ReconcileOptions): Promise<Operation<unknown> | null> {
    const claims = factoryClaims(context, options.claims);
    let found = await reconcileOnce(intent, claims, options.signal);
    if (!found && canHaveStarted(intent)) {
      // Nothing yet: a start that failed moments ago may still be landing. Look once more after it settled.
      const anchor = failedAt.get(intent.key) ?? Date.parse(intent.startedAt);
      const settleFor = Math.min(SETTLE_MS, anchor + SETTLE_MS - Date.now());
      if (settleFor > 0) {
        await sleep(settleFor, options.signal, { vendor: 'sitefactory', operation: 'operations.reconcile' });
        found = await reconcileOnce(intent, claims, options.signal);
      }
    }
    failedAt.delete(intent.key);
    return found;
  }

  const operations: OperationService = {
    async reconcile<K extends StartKind>(intent: StartIntent & { kind: K }, options: ReconcileOptions = {}) {
      const parsed = readIntent(intent);
      return (await reconcileAny(parsed, options)) as Operation<StartResult<K>> | null;
    },
    async resume<K extends StartKind>(json: OperationJSON & { kind: K }, options: CallOptions = {}) {
      const parsed = readJson(json) as OperationJSON & { kind: K };
      numericId(parsed.taskId, 'taskId', 'operations.resume');
      const task =
        parsed.kind === 'deploys.deploy'
          ? await pollUpdate(context, parsed.taskId, options.signal)
          : await fetchTask(context, parsed.taskId, options.signal, 'operations.resume');
      return operationOf(context, parsed, task);
    },
  };

  return {
    operations,
    async run(intent, start) {
      try {
        return await startOperation(intent, start, (lost) =>
          operations.reconcile(lost as StartIntent & { kind: typeof intent.kind }),
        );
      } catch (error) {
        if (isOmnihostError(error) && error.outcome === 'unknown') {
          if (failedAt.size >= MAX_REMEMBERED_FAILURES) failedAt.delete(failedAt.keys().next().value as string);
          failedAt.set(intent.key, Date.now());
        }
        throw error;
      }
    },
  };
}

/** The intent of a Site Factory start of `kind` (core's `newIntent`), typed by its kind. @internal */
export function siteFactoryIntent<K extends StartKind>(
  kind: K,
  fields: Parameters<typeof newIntent>[2],
  options: StartOptions,
): StartIntent & { kind: K } {
  return newIntent('sitefactory', kind, fields, options) as StartIntent & { kind: K };
}

/** A deploy with no ref was refused before it was sent (promoting a site is not a Site Factory call). */
function canHaveStarted(intent: StartIntent): boolean {
  return intent.kind !== 'deploys.deploy' || Boolean(intent.ref?.trim());
}

/** The reconcile of a start that a WIP task on a site carries out: create, restore, delete. */
async function reconcileTask(
  context: ServiceContext,
  intent: StartIntent,
  claims: TaskClaims,
  signal: AbortSignal | undefined,
): Promise<Operation<unknown> | null> {
  const kind = intent.kind as keyof typeof SITE_FACTORY_START_TASKS;
  const rule = SITE_FACTORY_START_TASKS[kind];
  const site = numericId(intent.siteId, 'siteId', 'operations.reconcile');
  const pool = await recentWipTasks(context, Date.parse(intent.startedAt), signal, 'operations.reconcile');
  // From here the intent's start is read on the factory's clock, as the rows' times are.
  const matched = onFactoryClock(intent, pool.skewMs);
  const since = Math.min(Date.parse(intent.startedAt), Date.parse(matched.startedAt));
  const rows = pool.rows.filter((row) => isStartTask(rule, row, intent)).sort((a, b) => a.id - b.id);
  let candidates: ReconcileCandidate[] = rows.map((row) => ({ taskId: String(row.id), startedAt: addedAt(row) }));
  if (kind === 'backups.create') {
    const archives = await recentBackupRows(context, site, since, signal, 'operations.reconcile');
    const keyed = archives.find((archive) => idempotencyKeyIn(archive.label) === intent.key);
    if (keyed) {
      // The pool was read before the archives: a task still queued in that read may have started (and written
      // this archive) by the time the archives were read. The writer is looked for in a pool read after the
      // archive, where every archive listed has a begun task.
      const after = await recentWipTasks(context, Date.parse(intent.startedAt), signal, 'operations.reconcile');
      const fresh = after.rows.filter((row) => isStartTask(rule, row, intent)).sort((a, b) => a.id - b.id);
      const writer = await writerOf(keyed, fresh, archivesOf(fresh, archives), secondOf(matched), intent.key, claims);
      if (!writer) {
        throw new ResponseValidationError(
          `sitefactory operations.reconcile: backup ${keyed.id} of site ${site} carries the key, but no archive task added since the call that could have taken it is free in the work pool`,
          { vendor: 'sitefactory', operation: 'operations.reconcile', reason: 'unexpected' },
        );
      }
      return operationOf(context, jsonOf(intent, String(writer.id)), toTask(writer));
    }
    // No archive carries the key. Every omnihost start writes its key into the label, so this call's task has
    // written no archive yet: it is queued or running, or it failed or was killed (which leaves no archive). A
    // task that succeeded wrote its archive, which would carry the key: it is another call's (several archive
    // tasks of one site can finish within the intent's second) and is never adopted. An archive deleted since
    // (by a user, between the task's end and this read) would make this call's succeeded task look like
    // another's: the answer is then `null`, and a retry with the key takes the backup the call asked for again;
    // the deleted one cannot be waited on anyway. Among the others, by time, leaving out the tasks whose
    // archive is surely known and is not this call's (another call's key, or none: an archive without a key
    // is another client's).
    const written = archivesOf(rows, archives);
    candidates = rows.flatMap((row) => {
      if (wipTaskState(row.status) === 'succeeded') return [];
      const pair = written.get(String(row.id));
      const text = pair?.sure ? (pair.archive.label ?? '') : undefined;
      if (text !== undefined && idempotencyKeyIn(text) === undefined) return [];
      return [{ taskId: String(row.id), startedAt: addedAt(row), text }];
    });
  }
  const adopted = await adoptCandidate(matched, candidates, { claims, resolutionMs: RESOLUTION_MS });
  const row = rows.find((candidate) => String(candidate.id) === adopted);
  if (!row) return null;
  return operationOf(context, jsonOf(intent, String(row.id)), toTask(row));
}

/** The whole factory second (unix seconds) an intent, already read on the factory's clock, began in. */
function secondOf(intent: StartIntent): number {
  return Math.floor(Date.parse(intent.startedAt) / RESOLUTION_MS);
}

/**
 * The task that wrote the archive carrying the call's key: the key proves the call started, so the answer is
 * never null. A writer
 * - was added at or after the intent's second (`sinceS`, on the factory's clock): an older task is another
 *   call's, however its run overlaps the archive;
 * - has begun by the archive's time and not ended before it (`covers`);
 * - is not surely another archive's writer, and is consistent with the factory's numbering: archive ids and
 *   task ids both grow, and a site's archive tasks begin in the order they were added, so a task numbered
 *   before the sure writer of an older archive (or after the sure writer of a newer one) comes last.
 * The task surely paired with the keyed archive (the only one that could have written it) is this call's,
 * whoever claimed it: the key outweighs a claim (core's `adoptCandidate`), as when another call adopted this
 * one's task by time before the archive existed. Otherwise the candidates are tried in order (paired with the
 * archive first, then in the factory's order) and the first that no other call holds is claimed; a task
 * another call holds is never returned for an unsure pairing (undefined: the caller says so).
 */
async function writerOf(
  keyed: BackupRow,
  rows: readonly WipTask[],
  written: ReadonlyMap<string, ArchivePair>,
  sinceS: number,
  key: string,
  claims: TaskClaims,
): Promise<WipTask | undefined> {
  const sure = [...written.entries()].filter(([, pair]) => pair.sure && pair.archive !== keyed);
  const inOrder = (row: WipTask) =>
    sure.every(([taskId, pair]) => (pair.archive.id < keyed.id ? row.id > Number(taskId) : row.id < Number(taskId)));
  const pairedWithKeyed = (row: WipTask) => written.get(String(row.id))?.archive === keyed;
  const writers = rows
    .filter((row) => covers(row, keyed))
    .filter((row) => row.added === undefined || row.added === 0 || row.added >= sinceS)
    .filter((row) => !sure.some(([taskId]) => taskId === String(row.id)))
    .sort(
      (a, b) =>
        Number(inOrder(b)) - Number(inOrder(a)) ||
        Number(pairedWithKeyed(b)) - Number(pairedWithKeyed(a)) ||
        a.id - b.id,
    );
  const partner = writers.find((row) => written.get(String(row.id))?.sure && pairedWithKeyed(row));
  if (partner) {
    await claims.claim('sitefactory', String(partner.id), key);
    return partner;
  }
  for (const writer of writers) {
    if (await claims.claim('sitefactory', String(writer.id), key)) return writer;
  }
  return undefined;
}

/** An archive paired with the task that (most likely) wrote it; `sure` when nothing else could be paired. */
interface ArchivePair {
  readonly archive: BackupRow;
  readonly sure: boolean;
}

/**
 * Which archive each archive task wrote, as far as the factory's records tell: a task's run (start to end, or
 * to now) covers the time of the archive it took, and a task that failed or was killed left none. Pairs are
 * taken surest first: a task and an archive that only cover each other (`sure`); then a task covering one
 * archive left (or an archive one task left covers), a finished task before a running one; what stays tied
 * (tasks begun in the same second, each covering the others' archives) is paired in the order the factory
 * numbered both, tasks and archives. Only a sure pair is evidence against a task; the others only order the
 * claims (an archive deleted since, or written at the end of its task, can mislead them). A task that has not
 * begun has no archive yet.
 */
function archivesOf(rows: readonly WipTask[], archives: readonly BackupRow[]): Map<string, ArchivePair> {
  const pairs = new Map<string, ArchivePair>();
  let tasks = rows
    .filter((row) => Boolean(row.started) && !['failed', 'cancelled'].includes(wipTaskState(row.status)))
    .sort((a, b) => a.id - b.id);
  let left = archives.filter((archive) => archive.timestamp !== undefined).sort((a, b) => a.id - b.id);
  for (;;) {
    const options = tasks.flatMap((task) =>
      left.filter((archive) => covers(task, archive)).map((archive) => ({ task, archive })),
    );
    if (options.length === 0) return pairs;
    const ofTask = new Map<WipTask, number>();
    const ofArchive = new Map<BackupRow, number>();
    for (const { task, archive } of options) {
      ofTask.set(task, (ofTask.get(task) ?? 0) + 1);
      ofArchive.set(archive, (ofArchive.get(archive) ?? 0) + 1);
    }
    const rank = ({ task, archive }: { task: WipTask; archive: BackupRow }) => {
      const onlyArchive = ofTask.get(task) === 1;
      const onlyTask = ofArchive.get(archive) === 1;
      if (onlyArchive && onlyTask) return 0;
      const open = wipTaskState(task.status) === 'succeeded' ? 0 : 1;
      return onlyArchive || onlyTask ? 1 + open : 3 + open;
    };
    // Options are in task id, then archive id order; the first of the best rank wins.
    const best = options.reduce((chosen, option) => (rank(option) < rank(chosen) ? option : chosen));
    pairs.set(String(best.task.id), { archive: best.archive, sure: rank(best) === 0 });
    tasks = tasks.filter((task) => task !== best.task);
    left = left.filter((archive) => archive !== best.archive);
  }
}

/** Whether an archive task's run covers an archive's time (whole seconds, both from the factory's clock). */
function covers(row: WipTask, archive: BackupRow): boolean {
  if (!row.started || archive.timestamp === undefined) return false;
  return archive.timestamp >= row.started && (!row.completed || archive.timestamp <= row.completed);
}

/** The reconcile of a code update: the update list, matched by time. */
async function reconcileDeploy(
  context: ServiceContext,
  intent: StartIntent,
  claims: TaskClaims,
  signal: AbortSignal | undefined,
): Promise<Operation<unknown> | null> {
  if (!canHaveStarted(intent) || !intent.ref) return null;
  const { data: updates, headers } = await requestOperationWithHeaders(
    context.client,
    'get_Update_updateList',
    { signal },
    updateListSchema,
    'operations.reconcile',
  );
  const matched = onFactoryClock(intent, clockSkewOf(headers, Date.now()));
  const candidates = Object.entries(updates)
    .filter(([id]) => /^\d+$/.test(id))
    .map(([id, update]) => ({ taskId: id, startedAt: fromUnixSeconds(Number(update.added)) }))
    .sort((a, b) => Number(a.taskId) - Number(b.taskId));
  const adopted = await adoptCandidate(matched, candidates, { claims, resolutionMs: RESOLUTION_MS });
  if (adopted === undefined) return null;
  const site = await fetchSiteDetail(context, intent.siteId, signal, 'operations.reconcile');
  const json = jsonOf(intent, adopted, { ref: intent.ref.trim(), stackId: site.stack_id ?? 1 });
  return operationOf(context, json, await pollUpdate(context, adopted, signal));
}

function addedAt(row: WipTask): Date | undefined {
  return fromUnixSeconds(row.added);
}

function jsonOf(intent: StartIntent, taskId: string, details?: OperationJSON['details']): OperationJSON {
  return {
    vendor: 'sitefactory',
    kind: intent.kind,
    siteId: intent.siteId,
    taskId,
    key: intent.key,
    startedAt: intent.startedAt,
    ...(details ? { details } : {}),
  };
}

/** An intent as given (it may come from a file or another process): valid, and this vendor's. */
function readIntent(value: unknown): StartIntent {
  const parsed = startIntentSchema.safeParse(value);
  if (!parsed.success || parsed.data.vendor !== 'sitefactory') {
    throw new ValidationError('sitefactory operations.reconcile: not a Site Factory start intent', {
      vendor: 'sitefactory',
      operation: 'operations.reconcile',
      fieldErrors: parsed.success ? { vendor: ['must be sitefactory'] } : fieldErrors(parsed.error),
    });
  }
  return parsed.data as StartIntent;
}

/** An operation's JSON as given: valid, and this vendor's. */
function readJson(value: unknown): OperationJSON {
  const parsed = operationJsonSchema.safeParse(value);
  if (!parsed.success || parsed.data.vendor !== 'sitefactory') {
    throw new ValidationError('sitefactory operations.resume: not a Site Factory operation', {
      vendor: 'sitefactory',
      operation: 'operations.resume',
      fieldErrors: parsed.success ? { vendor: ['must be sitefactory'] } : fieldErrors(parsed.error),
    });
  }
  return parsed.data as OperationJSON;
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.join('.') || '(root)';
    fields[name] = [...(fields[name] ?? []), issue.message];
  }
  return fields;
}
