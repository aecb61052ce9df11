import {
  adoptCandidate,
  CALL_ID_HEADER,
  type CallOptions,
  isOmnihostError,
  NotFoundError,
  newIntent,
  type Operation,
  type OperationJSON,
  type OperationService,
  operationJsonSchema,
  processTaskClaims,
  type ReconcileCandidate,
  type ReconcileOptions,
  type StartContext,
  type StartIntent,
  type StartKind,
  type StartOptions,
  type StartResult,
  sleep,
  startIntentSchema,
  startOperation,
  ValidationError,
} from '@omnihost/core';
import { z } from 'zod';
import type { OperationCaller } from '../client/operation-caller.js';
import { ACQUIA_MAX_PAGE_SIZE } from '../constants.js';
import { parseTimestamp } from '../mapping/dates.js';
import { applicationUuidOfEnvironment, isUuid } from '../mapping/links.js';
import { notificationToTask, taskFromAccepted, UNTRACKED_TASK_PREFIX } from '../mapping/to-task.js';
import { startEventOf } from '../rules/start-records.js';
import type { AcquiaAccepted } from '../schemas/accepted.js';
import { environmentSchema } from '../schemas/environment.js';
import { type AcquiaNotification, notificationListSchema } from '../schemas/notification.js';
import { rawItem, type Validated, withRaw } from '../schemas/with-raw.js';
import type { DatabaseResolver } from './database-resolver.js';
import { environmentIdOf } from './ids.js';
import type { StartResults } from './start-results.js';
import type { TaskPoller } from './tasks.js';

/**
 * Acquia's notifications carry their creation time in whole seconds (`2019-09-23T15:59:39+00:00`, vendor notes
 * §4.6): a task begun in the intent's own second counts as begun at or after it (core's `resolutionMs`).
 */
const TIMESTAMP_RESOLUTION_MS = 1000;
/**
 * A start whose answer was lost may still be in transit or being processed (a client timeout gives up while the
 * server works on). When nothing is found this soon after the start failed, the records are read once more after
 * this long, so that `null` ("never started, safe to start again") is not said about work about to appear.
 */
const SETTLE_MS = 1500;
/**
 * The `Date` header has whole seconds too, and says the server's time at most that much (plus the latency)
 * behind: a difference between the clocks smaller than this cannot be told from that imprecision, so only a
 * larger one moves the intent's start onto the server's clock.
 */
const CLOCK_SKEW_THRESHOLD_MS = 2000;
/** Notification pages read back from the newest, at most (the window is minutes; this bounds a busy application). */
const MAX_PAGES = 20;
/** Failure times remembered for the settle rule (per provider, oldest dropped first). */
const MAX_REMEMBERED_FAILURES = 1000;

/**
 * The parts of a notification's `context` a reconcile reads: which environments and databases it concerns
 * (vendor notes §4.6). Anything else, or a context of another shape, is tolerated.
 */
const contextSchema = z.looseObject({
  environment: z
    .looseObject({ ids: z.array(z.string()).optional() })
    .nullable()
    .optional(),
  database: z
    .looseObject({ names: z.array(z.string()).optional() })
    .nullable()
    .optional(),
});

/** What a start call's code hands to {@link AcquiaStarts}: the intent and how to send the start. @internal */
export interface AcquiaStarts {
  /** The intent of a start call (core's `newIntent`): key given or generated, and the time the call began. */
  intent<K extends StartKind>(
    kind: K,
    fields: Omit<StartIntent, 'vendor' | 'kind' | 'key' | 'startedAt'>,
    options: StartOptions | undefined,
  ): StartIntent & { kind: K };
  /**
   * Runs a start call: core's `startOperation` (the one rule that marks a failed start and attaches
   * `err.reconcile()`), then the task the vendor started is claimed for the intent, so that no reconcile in
   * this process adopts it for another intent.
   */
  run<K extends StartKind>(
    intent: StartIntent & { kind: K },
    start: (context: StartContext) => Promise<Operation<StartResult<K>>>,
  ): Promise<Operation<StartResult<K>>>;
  /** The operation of an accepted start (the 202 body), with the JSON another process resumes it from. */
  accepted<K extends StartKind>(
    body: Validated<AcquiaAccepted>,
    intent: StartIntent & { kind: K },
    details: Readonly<Record<string, string>>,
  ): Operation<StartResult<K>>;
  /**
   * Headers of the start request: the idempotency key as the call id (Acquia ignores the header and keeps no key:
   * no start takes free text), so one intent is one logical call in request logs and the simulator's duplicate
   * count.
   */
  headers(intent: StartIntent): Readonly<Record<string, string>>;
}

/** What one start concerns in Acquia's records: the event, the environment and (for backups) the database. */
interface Target {
  readonly event: string;
  readonly siteId: string;
  readonly database: string | undefined;
  /** A promotion: the environment whose code is deployed. */
  readonly fromSiteId: string | undefined;
  /** A code switch: the ref, a tie-breaker where the notification's description names it. */
  readonly ref: string | undefined;
}

/**
 * `provider.operations` for Acquia (issue 15), and the start wrapper every start call goes through.
 *
 * Acquia keeps no free text with a backup or a code switch, so no idempotency key can travel to its records:
 * every match is **heuristic**, by the notification's event (rules/start-records.ts), the environment and database
 * its `context` names, and its `created_at` (whole seconds), through core's one matching rule
 * (`adoptCandidate`: the earliest unclaimed record begun at or after the intent, never an older one, never one
 * record for two intents). What this adds: a task a start of this process was told of is claimed for it; a code
 * switch prefers a notification whose description names its ref; the start is read on Acquia's clock when the
 * clocks clearly differ; and "nothing started" is said only once a start that just failed had time to land.
 * @internal
 */
export function createOperations(
  caller: OperationCaller,
  databases: DatabaseResolver,
  tasks: TaskPoller,
  results: StartResults,
): { readonly service: OperationService; readonly starts: AcquiaStarts } {
  const failedAt = new Map<string, number>();

  function rememberFailure(key: string): void {
    failedAt.delete(key);
    if (failedAt.size >= MAX_REMEMBERED_FAILURES) failedAt.delete(failedAt.keys().next().value as string);
    failedAt.set(key, Date.now());
  }

  async function applicationOf(siteId: string, signal: AbortSignal | undefined): Promise<string> {
    // Environment ids are `<n>-<application uuid>` (vendor notes §1); ask only when one is not.
    const known = applicationUuidOfEnvironment(siteId);
    if (known) return known;
    const { data } = await caller.call(
      'getEnvironment',
      { path: { environmentId: siteId } },
      { schema: environmentSchema, label: 'operations.reconcile', signal },
    );
    const uuid = data.application?.uuid;
    if (!uuid) {
      throw new NotFoundError(`acquia operations.reconcile: environment ${siteId} names no application`, {
        vendor: 'acquia',
        operation: 'operations.reconcile',
      });
    }
    return uuid;
  }

  /**
   * The application's notifications of one event, newest first, back to a little before `sinceMs` (the list
   * is sorted by `created_at` server-side; the window is checked here again).
   */
  async function recentNotifications(
    application: string,
    event: string,
    sinceMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ listed: { notification: AcquiaNotification; raw: unknown }[]; skewMs: number }> {
    const found: { notification: AcquiaNotification; raw: unknown }[] = [];
    let skewMs = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { data, headers } = await caller.call(
        'getApplicationNotifications',
        {
          path: { applicationUuid: application },
          // `event` is a filterable and `created_at` a sortable field of this list (spec description).
          query: {
            filter: `event=${event}`,
            sort: '-created_at',
            limit: ACQUIA_MAX_PAGE_SIZE,
            offset: page * ACQUIA_MAX_PAGE_SIZE,
          },
        },
        { schema: withRaw(notificationListSchema), label: 'operations.reconcile', signal },
      );
      if (page === 0) skewMs = clockSkewOf(headers, Date.now());
      const items = data.value._embedded.items;
      items.forEach((notification, index) => {
        found.push({ notification, raw: rawItem(data.raw, index) });
      });
      if (items.length < ACQUIA_MAX_PAGE_SIZE) break;
      const oldest = Math.min(...items.map((item) => parseTimestamp(item.created_at)?.getTime() ?? Number.NaN));
      if (!Number.isNaN(oldest) && oldest < sinceMs + skewMs - CLOCK_SKEW_THRESHOLD_MS) break;
    }
    return { listed: found, skewMs };
  }

  /** The notification is about this start's target (its event was filtered server-side, and is checked again). */
  function concerns(notification: AcquiaNotification, target: Target): boolean {
    if (notification.event !== undefined && notification.event !== target.event) return false;
    const context = contextSchema.safeParse(notification.context ?? {});
    if (!context.success) return false;
    const environments = context.data.environment?.ids ?? [];
    if (!environments.includes(target.siteId)) return false;
    // A promotion's notification may name both environments; then it must name the source too.
    if (target.fromSiteId !== undefined && environments.length > 1 && !environments.includes(target.fromSiteId)) {
      return false;
    }
    const names = context.data.database?.names;
    return target.database === undefined || names === undefined || names.includes(target.database);
  }

  async function targetOf(intent: StartIntent, signal: AbortSignal | undefined): Promise<Target> {
    const promotion = intent.kind === 'deploys.deploy' && intent.fromSiteId !== undefined;
    const marked = intent.marks?.database;
    const database = intent.kind.startsWith('backups.')
      ? typeof marked === 'string' && marked !== ''
        ? marked
        : await databases.resolve(intent.siteId, undefined, signal)
      : undefined;
    return {
      event: startEventOf(intent.kind, promotion),
      siteId: intent.siteId,
      database,
      fromSiteId: promotion ? intent.fromSiteId : undefined,
      ref: intent.kind === 'deploys.deploy' && !promotion ? intent.ref : undefined,
    };
  }

  /** Finds the notification the intent started, once. */
  async function adopt(
    intent: StartIntent,
    target: Target,
    application: string,
    options: ReconcileOptions,
  ): Promise<{ notification: AcquiaNotification; raw: unknown } | undefined> {
    const { listed, skewMs } = await recentNotifications(
      application,
      target.event,
      Date.parse(intent.startedAt),
      options.signal,
    );
    // The intent's start is on the client's clock, `created_at` on Acquia's. Where the two clearly differ, the
    // start is read on the server's clock (the estimate is never later than the truth: nothing of ours is cut).
    const matched =
      Math.abs(skewMs) >= CLOCK_SKEW_THRESHOLD_MS
        ? { ...intent, startedAt: new Date(Date.parse(intent.startedAt) + skewMs).toISOString() }
        : intent;
    // Oldest first; the list is newest first, so reversing keeps the vendor's own order within one second
    // (core's rule sorts by time, stably).
    const relevant = listed.filter(({ notification }) => concerns(notification, target)).reverse();
    const candidates: ReconcileCandidate[] = relevant.map(({ notification }) => ({
      taskId: notification.uuid,
      startedAt: parseTimestamp(notification.created_at),
    }));
    const adoptOptions = { claims: options.claims, resolutionMs: TIMESTAMP_RESOLUTION_MS };
    let adopted: string | undefined;
    if (target.ref !== undefined) {
      // Two switches of one environment in one second are told apart where the description names the ref.
      const naming = refPattern(target.ref);
      const named = candidates.filter((_, index) => naming.test(relevant[index]?.notification.description ?? ''));
      if (named.length > 0) adopted = await adoptCandidate(matched, named, adoptOptions);
    }
    adopted ??= await adoptCandidate(matched, candidates, adoptOptions);
    return adopted === undefined ? undefined : relevant.find(({ notification }) => notification.uuid === adopted);
  }

  async function reconcile<K extends StartKind>(
    input: StartIntent & { kind: K },
    options: ReconcileOptions = {},
  ): Promise<Operation<StartResult<K>> | null> {
    const intent = checkedIntent(input) as StartIntent & { kind: K };
    environmentIdOf(intent.siteId, 'operations.reconcile');
    const target = await targetOf(intent, options.signal);
    const application = await applicationOf(intent.siteId, options.signal);
    let found = await adopt(intent, target, application, options);
    if (!found) {
      // Nothing yet: a start that failed moments ago may still be landing. Look once more after it settled.
      const anchor = failedAt.get(intent.key) ?? Date.parse(intent.startedAt);
      const settleFor = anchor + SETTLE_MS - Date.now();
      if (settleFor > 0) {
        await sleep(settleFor, options.signal, { vendor: 'acquia', operation: 'operations.reconcile' });
        found = await adopt(intent, target, application, options);
      }
    }
    failedAt.delete(intent.key);
    if (!found) return null;
    const task = notificationToTask(found.notification, found.raw);
    return results.operation(task, jsonOf(intent, task.id, target) as OperationJSON & { kind: K });
  }

  async function resume<K extends StartKind>(
    input: OperationJSON & { kind: K },
    options: CallOptions = {},
  ): Promise<Operation<StartResult<K>>> {
    const parsed = operationJsonSchema.safeParse(input);
    if (!parsed.success || parsed.data.vendor !== 'acquia') {
      throw invalid('operations.resume', 'json', parsed.success ? 'is not an Acquia operation' : parsed.error);
    }
    const json = parsed.data as OperationJSON & { kind: K };
    environmentIdOf(json.siteId, 'operations.resume');
    if (!isUuid(json.taskId)) {
      throw new NotFoundError(
        `acquia operations.resume: "${json.taskId.slice(0, 80)}" is not an Acquia notification uuid, so no such task exists`,
        { vendor: 'acquia', operation: 'operations.resume' },
      );
    }
    // A create's operation without its database (written by hand) looks for the new backup in the default one.
    const withDatabase =
      json.kind === 'backups.create' && typeof json.details?.database !== 'string'
        ? {
            ...json,
            details: { ...json.details, database: await databases.resolve(json.siteId, undefined, options.signal) },
          }
        : json;
    const task = await tasks.poll(json.taskId, options.signal, 'operations.resume');
    return results.operation(task, withDatabase);
  }

  const starts: AcquiaStarts = {
    intent: (kind, fields, options) =>
      newIntent('acquia', kind, fields, options) as StartIntent & { kind: typeof kind },
    async run(intent, start) {
      try {
        const operation = await startOperation(intent, start, (lost) =>
          reconcile(lost as StartIntent & { kind: typeof intent.kind }),
        );
        if (!operation.task.id.startsWith(UNTRACKED_TASK_PREFIX)) {
          // This intent's task is known: no other intent of this process may adopt it.
          await processTaskClaims().claim('acquia', operation.task.id, intent.key);
        }
        return operation;
      } catch (error) {
        if (isOmnihostError(error) && error.outcome === 'unknown') rememberFailure(intent.key);
        throw error;
      }
    },
    accepted(body, intent, details) {
      const promotion = intent.kind === 'deploys.deploy' && intent.fromSiteId !== undefined;
      const task = taskFromAccepted(body.value, startEventOf(intent.kind, promotion), body.raw);
      return results.operation(task, {
        vendor: 'acquia',
        kind: intent.kind,
        siteId: intent.siteId,
        taskId: task.id,
        key: intent.key,
        startedAt: intent.startedAt,
        details,
      });
    },
    headers: (intent) => ({ [CALL_ID_HEADER]: intent.key }),
  };

  return { service: { reconcile, resume }, starts };
}

/** The operation JSON of a reconciled intent: what `resume` needs to rebuild the same result. */
function jsonOf(intent: StartIntent, taskId: string, target: Target): OperationJSON {
  const details: Record<string, string> = {};
  if (target.database !== undefined) details.database = target.database;
  if (target.ref !== undefined) details.ref = target.ref;
  if (target.fromSiteId !== undefined) details.fromSiteId = target.fromSiteId;
  return {
    vendor: 'acquia',
    kind: intent.kind,
    siteId: intent.siteId,
    taskId,
    key: intent.key,
    startedAt: intent.startedAt,
    details,
  };
}

/** An intent as core's schema reads it, for Acquia; a ValidationError naming what is wrong otherwise. */
function checkedIntent(intent: StartIntent): StartIntent {
  const parsed = startIntentSchema.safeParse(intent);
  if (!parsed.success) throw invalid('operations.reconcile', 'intent', parsed.error);
  if (parsed.data.vendor !== 'acquia') throw invalid('operations.reconcile', 'intent', 'is not an Acquia intent');
  if (
    parsed.data.kind === 'deploys.deploy' &&
    (parsed.data.ref === undefined) === (parsed.data.fromSiteId === undefined)
  ) {
    throw invalid('operations.reconcile', 'intent', 'a deploy intent names exactly one of ref and fromSiteId');
  }
  return parsed.data as StartIntent;
}

function invalid(operation: string, field: string, problem: z.ZodError | string): ValidationError {
  const fieldErrors: Record<string, string[]> = {};
  if (typeof problem === 'string') fieldErrors[field] = [problem];
  else {
    for (const issue of problem.issues) {
      const path = [field, ...issue.path.map(String)].join('.');
      fieldErrors[path] = [...(fieldErrors[path] ?? []), issue.message];
    }
  }
  return new ValidationError(`acquia ${operation}: the ${field} is not valid`, {
    vendor: 'acquia',
    operation,
    fieldErrors,
  });
}

/**
 * How far the server's clock is ahead of this one (negative: behind), from a response's `Date` header read at
 * `receivedAt`. The header has whole seconds and was written before the answer travelled, so the estimate is at
 * most the true difference, and at most about a second (plus latency) below it. 0 without a readable header.
 */
function clockSkewOf(headers: Readonly<Record<string, string>>, receivedAt: number): number {
  const date = Date.parse(headers.date ?? '');
  return Number.isNaN(date) ? 0 : date - receivedAt;
}

/**
 * Matches a ref named in a notification's description as a whole word: `tags/2.4.0` in `… to tags/2.4.0.`, never
 * `main` in `main-2`.
 */
function refPattern(ref: string): RegExp {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9._/-])${escaped}(?![A-Za-z0-9_/-])(?!\\.[A-Za-z0-9_/-])`);
}
