import { z } from 'zod';
import { boolLike, codeMeaningSchema, genericResponseSchema, intLike, keepRaw, optionalText } from './common.js';

/**
 * A deployment (GET /stacks/{uid}/deployments[/{id}]). Only one code of each enum is documented
 * (`outcome 1 = success`, `triggered_via 0 = web`, `deploy_type 0 = build`), so the mappers read
 * `is_deploying`, `finished_at` and `outcome.meaning`, not the codes (vendor notes §3.3).
 * @public
 */
export const deploymentSchema = keepRaw(
  z.looseObject({
    id: intLike,
    triggered_by: optionalText,
    triggered_via: codeMeaningSchema.nullish(),
    started_at: optionalText,
    finished_at: optionalText,
    outcome: codeMeaningSchema.nullish(),
    git_hash: optionalText,
    git_ref: optionalText,
    deploy_session: optionalText,
    deploy_type: codeMeaningSchema.nullish(),
    is_head: boolLike.nullish(),
    is_live: boolLike.nullish(),
    reverted: z.unknown().optional(),
    reverted_by: z.unknown().optional(),
    reverted_at: optionalText,
    is_deploying: boolLike.nullish(),
    commit_url: optionalText,
  }),
);

/** A Cloud 66 deployment. @public */
export type Cloud66Deployment = z.output<typeof deploymentSchema>;

/**
 * What `POST /stacks/{uid}/deployments` answers: `async_action_id` (null on servers older than
 * cloud66-oss/cloud66 PR #34) and `queued: true` when the stack was busy and the deploy was queued.
 * @public
 */
export const redeployResponseSchema = genericResponseSchema.extend({
  async_action_id: intLike.nullish(),
  queued: boolLike.nullish(),
});

/** The redeploy answer. @public */
export type Cloud66RedeployResponse = z.output<typeof redeployResponseSchema>;
