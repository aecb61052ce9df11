import type { Task } from '@omnihost/core';
import { taskStateOf } from '../rules/task-states.js';
import { type AcquiaAccepted, acceptedSchema } from '../schemas/accepted.js';
import type { AcquiaNotification } from '../schemas/notification.js';
import { parseTimestamp } from './dates.js';
import { idFromHref, isUuid } from './links.js';

/**
 * A notification as an omnihost Task, its state from `ACQUIA_TASK_STATES` (rules/task-states.ts). `progress`
 * is reported but never decides completion (a failed task can stop below 100, acquia/cli PR #1103);
 * `completed_at` only counts once the task is terminal, because in-progress notifications carry a
 * placeholder there (python-acquia-cloud-2 fixture).
 * @public
 */
export function notificationToTask(notification: AcquiaNotification, raw: unknown = notification): Task {
  const state = taskStateOf(notification.status);
  const terminal = state === 'succeeded' || state === 'failed';
  const progress =
    typeof notification.progress === 'number' && Number.isFinite(notification.progress)
      ? Math.min(100, Math.max(0, notification.progress))
      : undefined;
  return {
    vendor: 'acquia',
    id: notification.uuid,
    state,
    kind: notification.event,
    progress,
    message: notification.description ?? notification.label ?? undefined,
    createdAt: parseTimestamp(notification.created_at),
    startedAt: parseTimestamp(notification.created_at),
    finishedAt: terminal ? parseTimestamp(notification.completed_at) : undefined,
    rawStatus: notification.status,
    raw,
  };
}

/** Prefix of the ids given to 202s that carried no notification to follow. @public */
export const UNTRACKED_TASK_PREFIX = 'untracked:';

let untrackedCount = 0;

/**
 * The task a 202 response started. With a notification link it is `queued` until the first poll. Without
 * one (25 of the spec's 79 202-examples, e.g. label changes) Acquia gives nothing to follow: the task's
 * state is `unknown`, never `succeeded`, with a warning saying its completion cannot be tracked. (An
 * error body with a success status never gets here: the error mapping throws it.)
 * @public
 */
export function taskFromAccepted(body: AcquiaAccepted, kind: string, raw: unknown = body): Task {
  const id = notificationIdOf(body);
  if (id) {
    return { vendor: 'acquia', id, state: 'queued', kind, message: body.message, rawStatus: 'accepted', raw };
  }
  untrackedCount += 1;
  return {
    vendor: 'acquia',
    id: `${UNTRACKED_TASK_PREFIX}${kind}:${Date.now().toString(36)}-${untrackedCount}`,
    state: 'unknown',
    kind,
    message: body.message,
    warnings: [
      'Acquia accepted the request without a notification link: whether and when it completes cannot be tracked.',
    ],
    rawStatus: 'accepted',
    raw,
  };
}

/** The notification uuid of a 202 body: `_links.notification.href`, or a top-level `notification`. */
function notificationIdOf(body: AcquiaAccepted): string | undefined {
  const href = body._links?.notification?.href;
  const fromLink = href ? idFromHref(href, 'notifications') : undefined;
  if (fromLink && isUuid(fromLink)) return fromLink;
  const top = typeof body.notification === 'string' ? body.notification : body.notification?.uuid;
  return top && isUuid(top) ? top : undefined;
}

/**
 * Reads a notification reference in any of the forms Acquia tools hand around (acquia/cli#1558): a uuid,
 * a notification URL (any host), a 202 body (object or JSON text), or a notification itself. Returns the
 * uuid, or undefined when the value names no notification.
 * @public
 */
export function resolveNotificationRef(ref: unknown): string | undefined {
  if (typeof ref === 'string') {
    const text = ref.trim();
    if (isUuid(text)) return text;
    if (text.startsWith('{')) {
      try {
        return resolveNotificationRef(JSON.parse(text));
      } catch {
        return undefined;
      }
    }
    const fromUrl = idFromHref(text, 'notifications');
    return fromUrl && isUuid(fromUrl) ? fromUrl : undefined;
  }
  if (!ref || typeof ref !== 'object') return undefined;
  const uuid = (ref as { uuid?: unknown }).uuid;
  if (typeof uuid === 'string' && isUuid(uuid)) return uuid;
  const parsed = acceptedSchema.safeParse(ref);
  return parsed.success ? notificationIdOf(parsed.data) : undefined;
}
