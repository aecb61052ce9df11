import { z } from 'zod';
import { boolLike, idString, intLike, keepRaw, optionalText } from './common.js';

/**
 * An async action (the `AsyncAction` model; POSTs that start work return one, and `GET
 * /stacks/{uid}/actions/{id}` polls it). While it runs, `finished_*` are null.
 * Fields: https://developers.cloud66.com (Stack actions) and the Go `AsyncResult` (`async.go`).
 * @public
 */
export const asyncActionSchema = keepRaw(
  z.looseObject({
    id: intLike,
    user: optionalText,
    resource_type: optionalText,
    action: optionalText,
    /** The stack's numeric id: a string in every example, an integer in the model page. */
    resource_id: idString.nullish(),
    started_via: optionalText,
    started_at: optionalText,
    finished_at: optionalText,
    finished_success: boolLike.nullish(),
    finished_message: optionalText,
    finished_result: z.unknown().optional(),
    metadata: z.looseObject({ user_reference: optionalText }).nullish(),
  }),
);

/** A Cloud 66 async action. @public */
export type Cloud66AsyncAction = z.output<typeof asyncActionSchema>;
