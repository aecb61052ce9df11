import type { Task } from '../model/task.js';
import { type WaitOptions, waitForTask } from '../wait/wait-for-task.js';
import type { CallOptions, TaskService } from './services.js';

/**
 * Builds a vendor's `tasks.wait` from its `tasks.get`: a task given as an id is polled from the start; a
 * task already fetched counts as the first observation. Every vendor waits the same way, on core's waiter.
 *
 * `check` runs before anything is sent (a malformed id is refused at once, not after the first poll).
 * @public
 */
export function taskWaiter(
  get: (taskId: string, options: CallOptions) => Promise<Task>,
  check?: (taskId: string) => void,
): TaskService['wait'] {
  return async (task: Task | string, options: WaitOptions = {}): Promise<Task> => {
    const id = typeof task === 'string' ? task : task.id;
    check?.(id);
    return waitForTask((signal) => get(id, { signal }), {
      ...options,
      initial: typeof task === 'string' ? undefined : task,
    });
  };
}
