import { isTerminalTaskState, type Task } from '@omnihost/core';
import { stackHealthRow, stackStatusInfo } from '../rules/site-states.js';
import { actionPhase, CLOUD66_TASK_STATES, stackTaskState } from '../rules/task-states.js';
import type { Cloud66AsyncAction } from '../schemas/async-action.js';
import { untouchedPayload } from '../schemas/common.js';
import type { Cloud66Stack } from '../schemas/stack.js';
import { parseCloud66Date } from './dates.js';
import { actionTaskId, stackTaskId } from './task-id.js';

/**
 * An async action as a task. Cloud 66 actions have no status field, so `rawStatus` names the field the
 * state was read from: `started_at=null`, `finished_at=null` or `finished_success=<true|false|null>` (a
 * cancelled deploy is `finished_success=false` with a cancel message, and `cancelled`: the task table).
 * @public
 */
export function actionToTask(stackUid: string, action: Cloud66AsyncAction): Task {
  const phase = actionPhase(action);
  const state = CLOUD66_TASK_STATES.actions[phase];
  const rawStatus =
    phase === 'not-started'
      ? 'started_at=null'
      : phase === 'running'
        ? 'finished_at=null'
        : `finished_success=${String(action.finished_success ?? null)}`;
  const message =
    action.finished_message ?? (phase === 'finished-no-result' ? 'finished without reporting success' : undefined);
  return {
    vendor: 'cloud66',
    id: actionTaskId(stackUid, action.id),
    state,
    kind: action.action ?? undefined,
    message: message ?? undefined,
    startedAt: parseCloud66Date(action.started_at),
    createdAt: parseCloud66Date(action.started_at),
    finishedAt: parseCloud66Date(action.finished_at),
    rawStatus,
    raw: untouchedPayload(action),
  };
}

/**
 * A stack's deploy state as a task: the fallback when a redeploy returned no `async_action_id` (cx
 * `WaitStackBuild`). The state comes from the task table's `stack` part, whose `busy` column keeps a busy
 * stack from reading as finished; after a deploy, an impaired or broken health is reported as a warning
 * (cx calls it "completed with some errors").
 * @public
 */
export function stackToTask(stack: Cloud66Stack): Task {
  const state = stackTaskState(stack);
  const health = stackHealthRow(stack.health);
  const degraded = health.health === 'impaired' || health.health === 'broken';
  return {
    vendor: 'cloud66',
    id: stackTaskId(stack.uid),
    state,
    kind: 'stack_redeploy',
    message: stackStatusInfo(stack.status).label,
    warnings: state === 'succeeded' && degraded ? [`stack health: ${health.label}`] : undefined,
    finishedAt: isTerminalTaskState(state) ? parseCloud66Date(stack.last_activity_iso) : undefined,
    rawStatus: stack.status === null || stack.status === undefined ? 'unknown' : String(stack.status),
    raw: untouchedPayload(stack),
  };
}
