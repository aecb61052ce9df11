import { z } from 'zod';
import { boolLike, intLike, keepRaw, optionalText } from './common.js';

/** An account the token can act for (GET /accounts; users scope). `id` is what `X-Account` takes. @public */
export const accountSchema = keepRaw(
  z.looseObject({
    id: intLike,
    owner: optionalText,
    friendly_name: optionalText,
    stack_count: intLike.nullish(),
    used_clouds: z.array(z.string()).nullish(),
    current_account: boolLike.nullish(),
    created_at_iso: optionalText,
    updated_at_iso: optionalText,
  }),
);

/** A Cloud 66 account. @public */
export type Cloud66Account = z.output<typeof accountSchema>;
