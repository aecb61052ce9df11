import {
  type Backup,
  createOperation,
  type Operation,
  type OperationJSON,
  ResponseValidationError,
  type StartKind,
  type StartResult,
  type Task,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { taskToDeployment } from '../mapping/to-deployment.js';
import { UNTRACKED_TASK_PREFIX } from '../mapping/to-task.js';
import { environmentSchema } from '../schemas/environment.js';
import { type BackupPageReader, isListed } from './backup-pages.js';
import type { TaskPoller } from './tasks.js';

/** How far before the task's creation a new backup may claim to have started (server clock rounding). */
const CREATED_SLACK_MS = 60_000;
/** Backups already handed to a finished create, remembered so concurrent creates do not take the same one. */
const MAX_CLAIMED = 1000;

/**
 * What each start call's operation resolves to, built from the task and the operation's JSON, whichever way the
 * task became known: the start's own 202, a reconcile (issue 15) or a resume in another process. One builder for
 * the three, so `wait()` resolves to the same result whichever way the operation was obtained.
 * @internal
 */
export interface StartResults {
  /** The operation of a started task. An untracked task (a 202 without a notification) cannot be serialised. */
  operation<K extends StartKind>(task: Task, json: OperationJSON & { kind: K }): Operation<StartResult<K>>;
}

/** A string entry of an operation's `details`, or undefined. */
function detail(json: OperationJSON, name: string): string | undefined {
  const value = json.details?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** @internal */
export function createStartResults(
  caller: OperationCaller,
  tasks: TaskPoller,
  backupPage: BackupPageReader,
): StartResults {
  const claimed = new Set<string>();

  /**
   * After a create succeeded: the 202 carries no backup id (acli re-lists too, vendor notes §4.5), so the
   * new backup is the on-demand one that started after the request, closest to when the task started.
   * Timestamps have one-second resolution, so backups this provider already handed out are skipped: two
   * creates of one database started together each get their own backup.
   */
  async function findCreated(
    siteId: string,
    databaseName: string,
    since: number,
    taskStartedAt: number,
    signal: AbortSignal | undefined,
  ): Promise<Backup> {
    const { items } = await backupPage(
      siteId,
      databaseName,
      { page: 1, offset: 0, limit: 10 },
      signal,
      'backups.create',
    );
    const fresh = items.filter(
      (backup) =>
        isListed(backup) &&
        (backup.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY) >= since &&
        !claimed.has(`${siteId}|${databaseName}|${backup.id}`),
    );
    const candidates = fresh.some((backup) => backup.trigger !== 'scheduled')
      ? fresh.filter((backup) => backup.trigger !== 'scheduled')
      : fresh;
    const distance = (backup: Backup) => Math.abs((backup.createdAt?.getTime() ?? 0) - taskStartedAt);
    const found = candidates.sort((a, b) => distance(a) - distance(b))[0];
    if (found) {
      if (claimed.size >= MAX_CLAIMED) claimed.delete(claimed.values().next().value as string);
      claimed.add(`${siteId}|${databaseName}|${found.id}`);
      return found;
    }
    throw new ResponseValidationError(
      `acquia backups.create: the backup task succeeded but no new backup of ${databaseName} is listed`,
      { vendor: 'acquia', operation: 'backups.create', reason: 'unexpected' },
    );
  }

  /** The ref an environment runs (`vcs.path`): what a promotion deployed, read once it is done. */
  async function currentRef(siteId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const { data } = await caller.call(
      'getEnvironment',
      { path: { environmentId: siteId } },
      { schema: environmentSchema, label: 'deploys.deploy', signal },
    );
    return data.vcs?.path ?? undefined;
  }

  /** How the finished task becomes the kind's result. */
  function completion(json: OperationJSON): (task: Task, signal: AbortSignal | undefined) => Promise<unknown> {
    const { siteId } = json;
    switch (json.kind) {
      case 'backups.create': {
        const database = detail(json, 'database');
        if (!database) throw invalidDetails(json, 'database');
        const startedAt = Date.parse(json.startedAt);
        return (task, signal) => {
          const taskStartedAt = task.createdAt?.getTime() ?? startedAt;
          const since = Math.min(taskStartedAt, startedAt) - CREATED_SLACK_MS;
          return findCreated(siteId, database, since, taskStartedAt, signal);
        };
      }
      case 'deploys.deploy': {
        const ref = detail(json, 'ref');
        if (ref) return async (task) => taskToDeployment(task, siteId, ref);
        if (!detail(json, 'fromSiteId')) throw invalidDetails(json, 'ref');
        // The ref a promotion deployed is whatever the source ran: read it from the target once done.
        return async (task, signal) => taskToDeployment(task, siteId, await currentRef(siteId, signal));
      }
      default:
        return async (task) => task;
    }
  }

  return {
    operation<K extends StartKind>(task: Task, json: OperationJSON & { kind: K }): Operation<StartResult<K>> {
      const complete = completion(json) as (task: Task, signal: AbortSignal | undefined) => Promise<StartResult<K>>;
      if (task.id.startsWith(UNTRACKED_TASK_PREFIX)) {
        // Nothing to poll: wait() hands back what is known, state `unknown` and its warning, never success.
        return {
          task,
          wait: (options = {}) => complete(task, options.signal),
          toJSON() {
            throw new UnsupportedOperationError('acquia', 'operation.toJSON', 'Acquia gave no notification to follow');
          },
        };
      }
      return createOperation({
        task,
        poll: (signal) => tasks.poll(task.id, signal, 'tasks.wait'),
        complete,
        json: { ...json, taskId: task.id },
      });
    },
  };
}

function invalidDetails(json: OperationJSON, field: string): ValidationError {
  return new ValidationError(`acquia ${json.kind}: the operation's details need ${field}`, {
    vendor: 'acquia',
    operation: 'operations.resume',
    fieldErrors: { [`details.${field}`]: ['is required'] },
  });
}
