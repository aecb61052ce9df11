import { z } from 'zod';
import { num, opt, str } from '../client/coerce.js';

/**
 * `GET /api/v1/update/{id}/status`: per-site task counts of a code update (some sent as strings, e.g.
 * `"completed":"30"`) and an overall percentage.
 * @public
 */
export const updateStatusSchema = z.looseObject({
  statuses: opt(
    z.looseObject({
      'not-started': opt(num),
      'in-progress': opt(num),
      completed: opt(num),
      warning: opt(num),
      error: opt(num),
    }),
  ),
  message: opt(str),
  percentage: opt(num),
  start_time: opt(num),
  end_time: opt(num),
  id: opt(num),
});

/** An update status after validation. @public */
export type UpdateStatus = z.output<typeof updateStatusSchema>;
