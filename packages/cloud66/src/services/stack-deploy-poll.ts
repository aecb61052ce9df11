import { isTerminalTaskState, type Task } from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { parseCloud66Date } from '../mapping/dates.js';
import { stackToTask } from '../mapping/to-task.js';

/**
 * How long a stack that never looked busy may still be "about to start" the deploy. cx
 * (`WaitStackBuild`) and hubot-cloud66 both wait 60 s before trusting the stack's status.
 */
const START_GRACE_MS = 60_000;

/**
 * Polls a stack for a redeploy that returned no `async_action_id` (cx `WaitStackBuild`, vendor notes §5).
 * Right after the POST the stack may still show its previous, finished status; a finished status only
 * counts once the stack was seen busy, or its `last_activity_iso` is after the request, or the grace
 * period has passed. Until then the task is reported `queued`.
 * @internal
 */
export function followStackDeploy(
  raw: Cloud66Client,
  stackUid: string,
  requestedAt: number,
): (signal: AbortSignal | undefined) => Promise<Task> {
  let sawBusy = false;
  // `last_activity_iso` has whole seconds: a deploy that ended in the request's second reads as earlier.
  const requestedSecond = Math.floor(requestedAt / 1000) * 1000;
  return async (signal) => {
    const stack = await raw.stacks.get(stackUid, { signal });
    const task = stackToTask(stack);
    if (!isTerminalTaskState(task.state)) {
      sawBusy = true;
      return task;
    }
    const activityAt = parseCloud66Date(stack.last_activity_iso)?.getTime() ?? 0;
    const started = sawBusy || activityAt >= requestedSecond || Date.now() - requestedAt >= START_GRACE_MS;
    return started ? task : { ...task, state: 'queued', message: 'waiting for the stack to start the deploy' };
  };
}
