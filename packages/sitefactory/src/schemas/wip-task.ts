import { z } from 'zod';
import { idValue, num, opt, str } from '../client/coerce.js';

/**
 * A WIP task as `GET /api/v1/wip/task/{id}/status` and `GET /api/v1/tasks` send it: every field a string
 * (`"status":"16"`, `"completed":"0"`), coerced here; unknown fields (`priority`, `lease`, ...) pass through.
 * `status` is required: it is what the state is decided on (sf-sdk-ruby raises when it is missing).
 * @public
 */
export const wipTaskSchema = z.looseObject({
  id: idValue,
  parent: opt(num),
  name: opt(str),
  group_name: opt(str),
  status: num,
  status_string: opt(str),
  /** Unix seconds; `0` until the task reaches that point. */
  added: opt(num),
  started: opt(num),
  completed: opt(num),
  paused: opt(num),
  error_message: opt(str),
  /** The site node id the task works on (0 for factory-level work). */
  nid: opt(num),
  uid: opt(num),
  class: opt(str),
});

/** A WIP task row after validation. @public */
export type WipTask = z.output<typeof wipTaskSchema>;

/** `GET /api/v1/wip/task/{id}/status`. @public */
export const wipTaskStatusResponseSchema = z.looseObject({ wip_task: wipTaskSchema, time: opt(str) });

/**
 * What every task-starting call answers: `{"task_id": 123, ...}`. The update doc's example misspells it
 * `task_is` (vendors/sitefactory.md §2.5); that spelling is accepted too.
 * @public
 */
export const taskStartedSchema = z
  .looseObject({ task_id: opt(idValue), task_is: opt(idValue), message: opt(str) })
  .refine((value) => value.task_id !== undefined || value.task_is !== undefined, {
    message: 'expected task_id',
    path: ['task_id'],
  })
  .transform((value) => ({ ...value, taskId: String(value.task_id ?? value.task_is) }));

/** `POST /api/v1/sites/{id}/cache-clear`: two WIP tasks, Drupal's and Varnish's. @public */
export const cacheClearResponseSchema = z.looseObject({
  id: opt(num),
  time: opt(str),
  task_ids: z
    .looseObject({ drupal_cache_clear: opt(idValue), varnish_cache_clear: opt(idValue) })
    .refine((ids) => ids.drupal_cache_clear !== undefined || ids.varnish_cache_clear !== undefined, {
      message: 'expected drupal_cache_clear or varnish_cache_clear',
    }),
});
