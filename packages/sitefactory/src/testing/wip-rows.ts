import type { WipEngine, WipTask } from './wip-engine.js';
import { unixSeconds } from './wire.js';

/**
 * `status_string` per status. "Not Started", "In Progress", "Waiting", "Completed" and "Error" are seen in
 * the wild; the texts for 2, 64 and 144 are unverified (vendors/sitefactory.md §2.3, §11), which is one more
 * reason the adapter decides on the number only.
 */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  1: 'Not Started',
  2: 'Restarted',
  4: 'In Progress',
  8: 'Waiting',
  16: 'Completed',
  32: 'Error',
  64: 'Killed',
  144: 'Warning',
};

function seconds(ms: number | undefined): string {
  return ms === undefined ? '0' : String(unixSeconds(ms));
}

/** The fields both task shapes share, every one a string as the factory sends them. */
function commonFields(engine: WipEngine, task: WipTask) {
  return {
    id: String(task.id),
    parent: String(task.init.parent ?? 0),
    name: task.init.name,
    group_name: task.init.groupName,
    status: String(engine.status(task)),
    added: seconds(task.addedWall),
    started: seconds(task.startedWall),
    completed: seconds(task.finishedWall),
    paused: engine.isPaused(task) ? '1' : '0',
    error_message: task.message,
    nid: String(task.init.nid),
    uid: String(task.init.uid),
  };
}

/** `wip_task` of `GET /api/v1/wip/task/{id}/status`. */
export function wipStatusRow(engine: WipEngine, task: WipTask): Record<string, string> {
  const row = commonFields(engine, task);
  return { ...row, status_string: STATUS_TEXT[Number(row.status)] ?? 'Unknown' };
}

/** A row of `GET /api/v1/tasks` and `GET /api/v1/tasks/{id}`: the scheduler's view, strings throughout. */
export function taskListRow(engine: WipEngine, task: WipTask): Record<string, string> {
  const row = commonFields(engine, task);
  const running = row.status === '4';
  return {
    ...row,
    priority: '2',
    object_id: String(task.id),
    wake: '0',
    taken: running ? row.started : '0',
    lease: running ? '300' : '0',
    max_run_time: '300',
    concurrency_exceeded: '0',
    class: task.init.className,
  };
}
