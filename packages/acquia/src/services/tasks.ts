import {
  type CallOptions,
  createOperation,
  NotFoundError,
  type Operation,
  type Task,
  type TaskService,
  taskWaiter,
  UnsupportedOperationError,
  ValidationError,
  type WaitOptions,
} from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import {
  notificationToTask,
  resolveNotificationRef,
  taskFromAccepted,
  UNTRACKED_TASK_PREFIX,
} from '../mapping/to-task.js';
import type { AcquiaAccepted } from '../schemas/accepted.js';
import { acceptedSchema } from '../schemas/accepted.js';
import { notificationSchema } from '../schemas/notification.js';
import { type Validated, withRaw } from '../schemas/with-raw.js';

/**
 * Anything that names an Acquia notification: its uuid, its URL (any host), a 202 body (object or JSON
 * text), or an omnihost Task.
 * @public
 */
export type AcquiaTaskRef = string | Task | Readonly<Record<string, unknown>>;

/** Tasks = notifications, with the reference forms Acquia tools hand around (acquia/cli#1558). @public */
export interface AcquiaTaskService extends TaskService {
  /** Fetches a notification. A 202 body without a notification link yields its (untracked) task. */
  get(ref: AcquiaTaskRef, options?: CallOptions): Promise<Task>;
  /** Waits for a notification to complete (`TaskFailedError` when it fails). */
  wait(ref: AcquiaTaskRef, options?: WaitOptions): Promise<Task>;
  /** Acquia has no way to cancel a notification: always `UnsupportedOperationError`. */
  cancel(taskId: string, options?: CallOptions): Promise<void>;
}

/** Internal handle the other services build their operations with. @internal */
export interface TaskPoller {
  poll(uuid: string, signal: AbortSignal | undefined, label?: string): Promise<Task>;
  /** An Operation for a 202 response: the notification is polled, then `complete` builds the result. */
  operation<T>(
    accepted: Validated<AcquiaAccepted>,
    kind: string,
    complete: (task: Task, signal: AbortSignal | undefined) => Promise<T>,
  ): Operation<T>;
}

function isTask(value: unknown): value is Task {
  const record = value as Partial<Task> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    record.vendor === 'acquia' &&
    typeof record.id === 'string' &&
    typeof record.state === 'string' &&
    typeof record.rawStatus === 'string'
  );
}

/** A task reference of no form Acquia issues: no such task (NotFoundError, issue 13), and nothing sent. */
function notFound(what: string): NotFoundError {
  return new NotFoundError(
    `acquia tasks.get: ${what} is not an Acquia task id (a notification uuid, notification URL or 202 body), so no such task exists`,
    { vendor: 'acquia', operation: 'tasks.get' },
  );
}

/** @internal */
export function createTaskService(caller: OperationCaller): AcquiaTaskService & TaskPoller {
  async function poll(uuid: string, signal: AbortSignal | undefined, label = 'tasks.get'): Promise<Task> {
    const { data } = await caller.call(
      'getNotificationByUuid',
      { path: { notificationUuid: uuid } },
      { schema: withRaw(notificationSchema), label, signal },
    );
    return notificationToTask(data.value, data.raw);
  }

  /** Core's waiter over `GET /notifications/{uuid}` (polls named `tasks.wait`). */
  const waitFor = taskWaiter((uuid, { signal }) => poll(uuid, signal, 'tasks.wait'));

  /** A Task for refs that need no request (untracked 202s), else the uuid to fetch. */
  function resolve(ref: AcquiaTaskRef): Task | string {
    // An empty id is not an id (ValidationError, as on every vendor); a malformed one names no task (NotFound).
    if (typeof ref === 'string' && ref.trim() === '') {
      throw new ValidationError('acquia tasks: taskId is required', {
        vendor: 'acquia',
        operation: 'tasks.get',
        fieldErrors: { taskId: ['is required'] },
      });
    }
    if (isTask(ref)) {
      if (ref.id.startsWith(UNTRACKED_TASK_PREFIX)) return ref;
      return ref.id;
    }
    const uuid = resolveNotificationRef(ref);
    if (uuid) return uuid;
    const body = typeof ref === 'string' ? safeJson(ref) : ref;
    const accepted = body === undefined ? undefined : acceptedSchema.safeParse(body);
    if (accepted?.success && accepted.data.message !== undefined)
      return taskFromAccepted(accepted.data, 'accepted', body);
    throw notFound(typeof ref === 'string' ? `"${ref.slice(0, 80)}"` : 'the given object');
  }

  return {
    poll,
    operation(accepted, kind, complete) {
      const task = taskFromAccepted(accepted.value, kind, accepted.raw);
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
      return createOperation({ task, poll: (signal) => poll(task.id, signal, 'tasks.wait'), complete });
    },
    async get(ref, options = {}) {
      const target = resolve(ref);
      return typeof target === 'string' ? poll(target, options.signal) : target;
    },
    async wait(ref, options = {}) {
      const target = resolve(ref);
      // An untracked 202 has nothing to poll: what is known of it (state `unknown`) is all there is.
      if (typeof target !== 'string') return target;
      // A Task already fetched counts as the first observation.
      return waitFor(isTask(ref) ? ref : target, options);
    },
    async cancel() {
      throw new UnsupportedOperationError('acquia', 'tasks.cancel', 'Acquia notifications cannot be cancelled');
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
