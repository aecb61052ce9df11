import type { Task } from '@omnihost/core';
import { wipStatusRule } from '../rules/task-states.js';
import type { WipTask } from '../schemas/wip-task.js';
import { fromUnixSeconds } from './unix-time.js';

/**
 * A WIP task in the vocabulary. The state comes from the numeric status through `SITE_FACTORY_TASK_STATES` only;
 * `status_string` is kept in `raw` for display. A failure's message is the task's `error_message` (what
 * @nciocpl's client reports), and a 144's warning is its `error_message` too, where the factory puts it.
 * @public
 */
export function toTask(wip: WipTask, extra: { progress?: number | undefined } = {}): Task {
  const rule = wipStatusRule(wip.status);
  const state = rule?.state ?? 'unknown';
  const detail = wip.error_message?.trim() || undefined;
  const label = wip.status_string?.trim() || rule?.name || `status ${wip.status}`;
  const finished = state === 'failed' || state === 'cancelled';
  return {
    vendor: 'sitefactory',
    id: String(wip.id),
    state,
    kind: wip.class ?? wip.name,
    progress: extra.progress ?? (state === 'succeeded' ? 100 : undefined),
    message: finished ? (detail ?? `${wip.name ?? 'task'}: ${label}`) : detail,
    warnings: rule?.warnings ? [detail ?? `${wip.name ?? 'task'} completed with warnings`] : undefined,
    createdAt: fromUnixSeconds(wip.added),
    startedAt: fromUnixSeconds(wip.started),
    finishedAt: fromUnixSeconds(wip.completed),
    rawStatus: String(wip.status),
    raw: wip,
  };
}
