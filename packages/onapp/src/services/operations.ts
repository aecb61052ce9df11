import {
  adoptCandidate,
  type Backup,
  type CallOptions,
  createOperation,
  type Deployment,
  idempotencyKeyIn,
  newIntent,
  type Operation,
  type OperationJSON,
  type OperationService,
  operationJsonSchema,
  processTaskClaims,
  type ReconcileCandidate,
  type ReconcileOptions,
  ResponseValidationError,
  type StartContext,
  type StartIntent,
  type StartKind,
  type StartOptions,
  type StartResult,
  startIntentSchema,
  type Task,
  ValidationError,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { numericId } from '../client/resource-path.js';
import { toBackup } from '../mapping/to-backup.js';
import { toDeployment } from '../mapping/to-deployment.js';
import type { OnAppBackup } from '../schemas/backup.js';
import { toDate } from '../schemas/scalars.js';
import type { Transaction } from '../schemas/transaction.js';
import type { ServiceContext } from './context.js';
import { resolveServerId } from './server-id.js';
import { withServerLock } from './server-lock.js';
import { fetchTask } from './tasks.js';
import { resolveTemplateRef } from './template-ref.js';
import {
  anchorsOf,
  chainFrom,
  pick,
  rowsAbove,
  rowsAboveMark,
  rowsSince,
  serverLockKey,
  type TransactionExpectation,
} from './transaction-finder.js';

/**
 * Start calls as data on OnApp (issue 15): the operation every start returns, the same operation rebuilt
 * from its JSON in another process (`resume`), and the work a start began found again from the panel's own
 * records when its answer was lost (`reconcile`).
 *
 * What the panel keeps, and so how sure each match is (`onAppCapabilities.operations.reconcile`):
 * - `backups.create` is **exact**: the idempotency key travels in the backup's note (`omnihost:<key>` after
 *   the label), and the panel returns the note with the backup (vendors/onapp.md §3).
 * - `backups.restore`, `backups.delete` and `deploys.deploy` are **heuristic**: a restore has an empty body,
 *   a delete none, a rebuild no note. They are matched by target and action among the server's
 *   transactions, ordered by id, not by clock: transaction ids come from one sequence, and the start read
 *   the server's newest id before sending (`intent.marks.transactionId`, vendors/onapp.md §4.1), so every
 *   row above that mark began after the intent and no row at or below it ever matches.
 */

/** The first step of a backup, by kind (vendors/onapp.md §3). @internal */
export const TAKE_BACKUP_ACTIONS = ['take_backup', 'take_incremental_backup'] as const;
/** A restore's one transaction, by kind of backup. @internal */
export const RESTORE_ACTIONS = ['restore_backup', 'restore_incremental_backup'] as const;
/** A delete's one transaction. @internal */
export const DESTROY_ACTIONS = ['destroy_backup'] as const;
/**
 * The first step of a rebuild chain: `stop_virtual_machine` when the server runs, otherwise the disk build
 * (`build_disk`, or `format_disk` on panels that reformat in place). The chain continues with
 * `configure_operating_system` and, with `required_startup`, `startup_virtual_machine` (the creation chain
 * in vendors/onapp.md §2.3, from the QA suite's vm_base.rb; the rebuild chain is assumed to match).
 * @internal
 */
export const REBUILD_FIRST_STEPS = ['stop_virtual_machine', 'build_disk', 'format_disk', 'configure_operating_system'];
/**
 * Pages of a server's transactions (50 rows each) a reconcile reads back at most: far more than one server
 * queues between a start and its reconcile, few enough to bound the reads.
 */
const RECONCILE_MAX_PAGES = 40;
/** The steps that make a chain a rebuild rather than a lone stop (a power action queues only a stop). */
const REBUILD_STEPS = new Set(['build_disk', 'format_disk', 'configure_operating_system']);

/** The marks an OnApp start notes in its intent before sending (`StartIntent.marks`). @internal */
export interface OnAppMarks {
  /** The server's numeric id (so a reconcile needs no lookup for a server named by identifier). */
  serverId?: number;
  /** The server's newest transaction id before the start was sent: every row above it is newer. */
  transactionId?: number;
  /** Deploy: the template the rebuild asked for (a rebuild's steps name it in `params.template_id`). */
  templateId?: number;
}

/** What an OnApp operation needs besides its task (`OperationJSON.details`). @internal */
export interface OnAppOperationDetails {
  readonly serverId: number;
  /** `backups.create`: the new backup; restore and delete: the backup acted on. */
  readonly backupId?: number | undefined;
  /** `deploys.deploy`: the ref that named the template. */
  readonly ref?: string | undefined;
}

/** A start's intent on OnApp (core's `newIntent`), typed by its kind. @internal */
export function onAppIntent<K extends StartKind>(
  kind: K,
  fields: Omit<StartIntent, 'vendor' | 'kind' | 'key' | 'startedAt'>,
  options: StartOptions,
): StartIntent & { kind: K } {
  return newIntent('onapp', kind, fields, options) as StartIntent & { kind: K };
}

/** The operation's JSON: the intent's key, kind, site and time, the task, and the details above. @internal */
export function operationJson<K extends StartKind>(
  intent: StartIntent & { kind: K },
  taskId: string,
  details: OnAppOperationDetails,
): OperationJSON & { kind: K } {
  const extra: Record<string, string | number> = { serverId: details.serverId };
  if (details.backupId !== undefined) extra.backupId = details.backupId;
  if (details.ref !== undefined) extra.ref = details.ref;
  return {
    vendor: 'onapp',
    kind: intent.kind,
    siteId: intent.siteId,
    taskId,
    key: intent.key,
    startedAt: intent.startedAt,
    details: extra,
  };
}

/**
 * The operation of a start, from its JSON and its task as last seen: the one builder behind a start's
 * return value, a reconcile's and a resume's, so all three resolve to the same result. `wait()` polls the
 * transaction (for a rebuild, the chain's last step) and then builds the result: the backup as the panel
 * has it once built, the restore's or delete's task, the rebuild as a deployment.
 * @internal
 */
export function startedOperation<K extends StartKind>(
  context: ServiceContext,
  json: OperationJSON & { kind: K },
  task: Task,
): Operation<StartResult<K>> {
  const { client } = context;
  const details = readDetails(json);
  const siteId = String(details.serverId);
  const poll = (signal: AbortSignal | undefined) => fetchTask(client, json.taskId, { signal });
  const kind: StartKind = json.kind;
  let operation: Operation<Backup> | Operation<Deployment> | Operation<Task>;
  if (kind === 'backups.create') {
    const backupId = details.backupId as number;
    operation = createOperation<Backup>({
      task,
      poll,
      complete: async (_task, signal) => {
        const backup = await client.backups.get(backupId, { signal });
        return toBackup(backup, siteId, rawOf(backup));
      },
      json,
    });
  } else if (kind === 'deploys.deploy') {
    const ref = details.ref as string;
    operation = createOperation<Deployment>({
      task,
      poll,
      complete: async (final) => toDeployment(final, siteId, ref),
      json,
    });
  } else {
    operation = createOperation<Task>({ task, poll, complete: async (final) => final, json });
  }
  // One builder for every kind: the kind in the JSON decides the result type (StartResult<K>).
  return operation as unknown as Operation<StartResult<K>>;
}

/**
 * The start call, telling the start's context once the panel accepted it (a 2xx): a later failure (finding
 * the transaction) leaves work behind, so it is `outcome: 'unknown'` (core's `startOperation`).
 * @internal
 */
export function accepting<R>(started: StartContext, call: () => Promise<R>): () => Promise<R> {
  return async () => {
    const result = await call();
    started.accepted();
    return result;
  };
}

/**
 * Records that a start that succeeded owns its task, so a heuristic reconcile of another intent never
 * adopts it (in this process's claims: a start takes no claims option; see the package README).
 * @internal
 */
export async function claimStarted(context: ServiceContext, intent: StartIntent, taskId: string): Promise<void> {
  await processTaskClaims().claim('onapp', claimId(context, taskId), intent.key);
}

/**
 * The id a transaction is claimed under: the panel's URL and the id. Every OnApp panel is self-hosted and
 * numbers its transactions from 1, so one process talking to two panels meets the same id twice; a claim
 * on one panel's row must not hide the other panel's.
 */
function claimId(context: ServiceContext, taskId: string | number): string {
  return `${context.client.http.baseUrl}#${taskId}`;
}

/** One of the panel's rows an intent may have started. */
interface RowCandidate {
  readonly id: number;
  readonly startedAt: Date | undefined;
  readonly text?: string | undefined;
}

/** Core's one matching rule (`adoptCandidate`) over the panel's rows, claimed per panel. */
async function adopt(
  context: ServiceContext,
  intent: StartIntent,
  rows: readonly RowCandidate[],
  options: ReconcileOptions,
  resolutionMs: number,
): Promise<string | undefined> {
  const byClaim = new Map<string, number>();
  const candidates: ReconcileCandidate[] = rows.map((row) => {
    const taskId = claimId(context, row.id);
    byClaim.set(taskId, row.id);
    return { taskId, startedAt: row.startedAt, text: row.text };
  });
  const adopted = await adoptCandidate(intent, candidates, { claims: options.claims, resolutionMs });
  return adopted === undefined ? undefined : String(byClaim.get(adopted));
}

/**
 * `provider.operations` for OnApp: reconcile (see the module comment for how each kind is matched) and
 * resume.
 * @internal
 */
export function createOperationService(context: ServiceContext): OperationService {
  return {
    reconcile: (intent, options = {}) => reconcileIntent(context, intent, options),
    resume: (json, options = {}) => resumeOperation(context, json, options),
  };
}

/** Rebuilds an operation from its JSON: the task as it is now, and the same `wait()` as the original's. */
async function resumeOperation<K extends StartKind>(
  context: ServiceContext,
  input: OperationJSON & { kind: K },
  options: CallOptions,
): Promise<Operation<StartResult<K>>> {
  const parsed = operationJsonSchema.safeParse(input);
  if (!parsed.success || parsed.data.vendor !== 'onapp') {
    throw new ValidationError('onapp operations.resume: not the JSON of an OnApp operation (operation.toJSON())', {
      vendor: 'onapp',
      operation: 'operations.resume',
      fieldErrors: { json: [parsed.success ? `vendor is ${parsed.data.vendor}` : 'does not match OperationJSON'] },
    });
  }
  const json = parsed.data as OperationJSON & { kind: K };
  numericId(json.taskId, 'transaction', 'operations.resume');
  readDetails(json);
  const task = await fetchTask(context.client, json.taskId, { signal: options.signal });
  return startedOperation(context, json, task);
}

/**
 * The operation an intent started, from the panel's records, or null when they show it never started.
 * @internal
 */
export async function reconcileIntent<K extends StartKind>(
  context: ServiceContext,
  input: StartIntent & { kind: K },
  options: ReconcileOptions = {},
): Promise<Operation<StartResult<K>> | null> {
  const intent = readIntent(input);
  const { signal } = options;
  const marks = marksOf(intent);
  const serverId =
    marks.serverId ?? (await resolveServerId(context.client, intent.siteId, { signal }, 'operations.reconcile'));
  const kind: StartKind = intent.kind;
  let found: { taskId: string; details: OnAppOperationDetails } | undefined;
  if (kind === 'backups.create') {
    found = await findCreatedBackup(context, intent, serverId, options);
  } else {
    const backupId = kind === 'deploys.deploy' ? undefined : backupIdOf(intent);
    let expectation: TransactionExpectation;
    let accept: ((chain: readonly Transaction[]) => boolean) | undefined;
    if (kind === 'deploys.deploy') {
      expectation = { actions: REBUILD_FIRST_STEPS, chain: true };
      const templateId = marks.templateId ?? (await templateIdOf(context, intent, signal));
      accept = (chain) => isRebuildFrom(chain, templateId);
    } else {
      const actions = kind === 'backups.restore' ? RESTORE_ACTIONS : DESTROY_ACTIONS;
      expectation = { actions, parent: { type: 'Backup', id: backupId as number } };
    }
    const taskId = await adoptTransaction(context, intent, serverId, expectation, accept, options);
    if (taskId !== undefined) {
      found = {
        taskId,
        details: kind === 'deploys.deploy' ? { serverId, ref: intent.ref ?? '' } : { serverId, backupId },
      };
    }
  }
  if (!found) return null;
  const task = await fetchTask(context.client, found.taskId, { signal });
  return startedOperation(context, operationJson(intent, found.taskId, found.details), task);
}

/**
 * Restore, delete, deploy: the earliest unclaimed transaction of the expected action and target among the
 * server's rows above the intent's mark (core's `adoptCandidate`, fed the panel's id order: a row's
 * "start" is the intent's time plus how far above the mark its id is, so earlier ids come first and every
 * row above the mark counts as begun after the intent). An intent without a mark falls back to the panel's
 * `created_at`, at its whole-second resolution.
 *
 * Runs under the server's lock, so a start of this process that is between its mark and its find (and has
 * not yet claimed its row) is never read halfway.
 */
async function adoptTransaction(
  context: ServiceContext,
  intent: StartIntent,
  serverId: number,
  expectation: TransactionExpectation,
  accept: ((chain: readonly Transaction[]) => boolean) | undefined,
  options: ReconcileOptions,
): Promise<string | undefined> {
  const { client } = context;
  const { signal } = options;
  const mark = marksOf(intent).transactionId;
  return withServerLock(
    serverLockKey(client, serverId),
    async () => {
      const { rows, complete } =
        mark !== undefined
          ? await rowsAboveMark(client, serverId, mark, signal, RECONCILE_MAX_PAGES)
          : await rowsSince(client, serverId, wholeSecond(intent.startedAt), signal, RECONCILE_MAX_PAGES);
      const floor = mark ?? 0;
      const candidates: RowCandidate[] = [];
      for (const anchor of anchorsOf(rows, serverId, floor, expectation)) {
        const chain = expectation.chain ? chainFrom(rows, serverId, floor, anchor) : [anchor];
        if (accept && !accept(chain)) continue;
        const last = chain.at(-1) as Transaction;
        candidates.push({
          id: last.id,
          startedAt: mark !== undefined ? idOrderTime(intent, anchor.id - mark) : toDate(anchor.created_at),
        });
      }
      const adopted = await adopt(context, intent, candidates, options, mark !== undefined ? 1 : 1000);
      if (adopted === undefined && !complete) throw tooManyRows(intent, serverId);
      return adopted;
    },
    signal,
  );
}

/**
 * `backups.create`: the server's backup whose note carries the intent's key (exact), and its
 * `take_backup` / `take_incremental_backup` transaction. When no backup carries it, the panel may have
 * removed a backup that failed (vendors/onapp.md §3 leaves it open; the simulator does): its transaction
 * stays, naming a backup that is no longer listed, and is adopted by the heuristic rule (begun in or after
 * the intent's second, unclaimed). A backup still listed never matches that way: it would carry its own key.
 */
async function findCreatedBackup(
  context: ServiceContext,
  intent: StartIntent,
  serverId: number,
  options: ReconcileOptions,
): Promise<{ taskId: string; details: OnAppOperationDetails } | undefined> {
  const { client } = context;
  const { signal } = options;
  const keyed = (backups: readonly OnAppBackup[]) =>
    backups.find((backup) => idempotencyKeyIn(backup.note) === intent.key);
  let backup = keyed(await client.virtualServers.backups(serverId, { signal }));
  let vanished: RowCandidate[] = [];
  let rowsComplete = true;
  const parentOf = new Map<string, number>();
  if (!backup) {
    // Rows first, then the list again: a backup whose row was read is in the second list unless it is gone.
    const read = await rowsSince(client, serverId, wholeSecond(intent.startedAt), signal, RECONCILE_MAX_PAGES);
    rowsComplete = read.complete;
    const rows = read.rows;
    const backups = await client.virtualServers.backups(serverId, { signal });
    backup = keyed(backups);
    const listed = new Set(backups.map((item) => item.id));
    vanished = rows
      .filter(
        (row) =>
          (TAKE_BACKUP_ACTIONS as readonly string[]).includes(row.action ?? '') &&
          row.parent_type === 'Backup' &&
          row.parent_id != null &&
          !listed.has(row.parent_id),
      )
      .map((row) => {
        parentOf.set(String(row.id), row.parent_id as number);
        return { id: row.id, startedAt: toDate(row.created_at) };
      });
  }
  if (backup) {
    const target = backup;
    const expectation = { actions: TAKE_BACKUP_ACTIONS, parent: { type: 'Backup', id: target.id } };
    const rows = await rowsAbove(client, serverId, 0, signal, (read) => !!pick(read, serverId, 0, expectation));
    const transaction = pick(rows, serverId, 0, expectation);
    if (!transaction) {
      throw new ResponseValidationError(
        `onapp: backup ${target.id} carries the intent's key but its transaction is not among server ${serverId}'s recent transactions`,
        { vendor: 'onapp', operation: 'operations.reconcile', reason: 'unexpected' },
      );
    }
    const taskId = await adopt(
      context,
      intent,
      [{ id: transaction.id, startedAt: toDate(transaction.created_at), text: target.note ?? undefined }],
      options,
      1000,
    );
    return taskId === undefined ? undefined : { taskId, details: { serverId, backupId: target.id } };
  }
  const taskId = await adopt(context, intent, vanished, options, 1000);
  if (taskId === undefined && !rowsComplete) throw tooManyRows(intent, serverId);
  return taskId === undefined ? undefined : { taskId, details: { serverId, backupId: parentOf.get(taskId) } };
}

/**
 * More of the server's transactions came after the intent than a reconcile reads: what was not found may be
 * further back, so "nothing started" is not proven and no `null` is returned (a retry could repeat the work).
 */
function tooManyRows(intent: StartIntent, serverId: number): ResponseValidationError {
  return new ResponseValidationError(
    `onapp: server ${serverId} has more than ${RECONCILE_MAX_PAGES * 50} transactions since the intent ${intent.key} began; its work cannot be told found or absent`,
    { vendor: 'onapp', operation: 'operations.reconcile', reason: 'too-large' },
  );
}

/** A chain is a rebuild (not a lone stop), from the intent's template where its steps name one. */
function isRebuildFrom(chain: readonly Transaction[], templateId: number | undefined): boolean {
  if (!chain.some((step) => REBUILD_STEPS.has(step.action ?? ''))) return false;
  if (templateId === undefined) return true;
  return chain.every((step) => {
    const named = templateIdIn(step.params);
    return named === undefined || named === String(templateId);
  });
}

function templateIdIn(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>).template_id;
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined;
}

/** An intent without the template mark (written elsewhere): its ref, resolved now, if it still resolves. */
async function templateIdOf(
  context: ServiceContext,
  intent: StartIntent,
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  if (!intent.ref) return undefined;
  try {
    return (await resolveTemplateRef(context.client, intent.ref, { signal })).id;
  } catch {
    return undefined;
  }
}

/** The intent, checked: a start intent of OnApp (one read from a file or another process is untrusted). */
function readIntent<K extends StartKind>(input: StartIntent & { kind: K }): StartIntent & { kind: K } {
  const parsed = startIntentSchema.safeParse(input);
  if (!parsed.success || parsed.data.vendor !== 'onapp') {
    throw new ValidationError('onapp operations.reconcile: not an OnApp start intent (err.intent)', {
      vendor: 'onapp',
      operation: 'operations.reconcile',
      fieldErrors: { intent: [parsed.success ? `vendor is ${parsed.data.vendor}` : 'does not match StartIntent'] },
    });
  }
  const intent = parsed.data as StartIntent & { kind: K };
  if (intent.kind === 'backups.restore' || intent.kind === 'backups.delete') backupIdOf(intent);
  if (intent.kind === 'deploys.deploy' && !intent.ref) {
    throw new ValidationError('onapp operations.reconcile: a deploy intent names the ref it rebuilt from', {
      vendor: 'onapp',
      operation: 'operations.reconcile',
      fieldErrors: { ref: ['is required'] },
    });
  }
  return intent;
}

function backupIdOf(intent: StartIntent): number {
  return Number(numericId(intent.backupId ?? '', 'backup', 'operations.reconcile'));
}

/** The marks this package wrote, read back defensively (an intent may come from anywhere). */
function marksOf(intent: StartIntent): OnAppMarks {
  const read = (name: keyof OnAppMarks): number | undefined => {
    const value = intent.marks?.[name];
    const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
  };
  const marks: OnAppMarks = {};
  const serverId = read('serverId');
  const transactionId = read('transactionId');
  const templateId = read('templateId');
  if (serverId !== undefined) marks.serverId = serverId;
  if (transactionId !== undefined) marks.transactionId = transactionId;
  if (templateId !== undefined) marks.templateId = templateId;
  return marks;
}

function readDetails(json: OperationJSON): OnAppOperationDetails {
  const details = json.details ?? {};
  const serverId = Number(details.serverId);
  const backupId = details.backupId === undefined ? undefined : Number(details.backupId);
  const ref = typeof details.ref === 'string' ? details.ref : undefined;
  const bad = (field: string) =>
    new ValidationError(`onapp operations.resume: the operation's details lack a valid ${field}`, {
      vendor: 'onapp',
      operation: 'operations.resume',
      fieldErrors: { [`details.${field}`]: ['is required'] },
    });
  if (!Number.isSafeInteger(serverId) || serverId <= 0) throw bad('serverId');
  if (backupId !== undefined && (!Number.isSafeInteger(backupId) || backupId <= 0)) throw bad('backupId');
  if (json.kind === 'backups.create' && backupId === undefined) throw bad('backupId');
  if (json.kind === 'deploys.deploy' && !ref) throw bad('ref');
  return { serverId, backupId, ref };
}

/** The start of the second the intent began in (the panel's `created_at` has whole seconds). */
function wholeSecond(startedAt: string): number {
  return Math.floor(Date.parse(startedAt) / 1000) * 1000;
}

/** A row's place in the panel's id order, as a time after the intent (see {@link adoptTransaction}). */
function idOrderTime(intent: StartIntent, aboveMark: number): Date {
  return new Date(Date.parse(intent.startedAt) + aboveMark);
}
