import { z } from 'zod';
import { boolLike, idString, intLike, keepRaw, optionalText } from './common.js';

/**
 * A stack (GET /stacks, GET /stacks/{uid}). Only `uid` is required: everything the mappers read is
 * optional so a trimmed-down or newer payload still parses, and unknown fields pass through.
 * Fields: https://developers.cloud66.com (Stacks), the [DOCS-NEW] Stack model and the Go `Stack` type.
 * @public
 */
export const stackSchema = keepRaw(
  z.looseObject({
    uid: z.string().min(1),
    name: optionalText,
    git: optionalText,
    git_branch: optionalText,
    environment: optionalText,
    cloud: optionalText,
    fqdn: optionalText,
    language: optionalText,
    framework: optionalText,
    backend: optionalText,
    /** 0–7, see `CLOUD66_SITE_STATES.status` and `CLOUD66_TASK_STATES.stack`. */
    status: intLike.nullish(),
    /** 0–4, see `CLOUD66_SITE_STATES.health`. */
    health: intLike.nullish(),
    is_busy: boolLike.nullish(),
    maintenance_mode: boolLike.nullish(),
    has_loadbalancer: boolLike.nullish(),
    last_activity: optionalText,
    last_activity_iso: optionalText,
    /** Not ISO 8601 on stacks (`"2014-08-14 00:38:14 UTC"`): prefer `created_at_iso`. */
    created_at: optionalText,
    updated_at: optionalText,
    created_at_iso: optionalText,
    updated_at_iso: optionalText,
    deploy_directory: optionalText,
    cloud_status: optionalText,
    redeploy_hook: optionalText,
    account_id: idString.nullish(),
    account_name: optionalText,
    version: optionalText,
    revision: optionalText,
    is_cluster: boolLike.nullish(),
    cluster_name: optionalText,
    application_address: optionalText,
  }),
);

/** A Cloud 66 stack. @public */
export type Cloud66Stack = z.output<typeof stackSchema>;
