import { z } from 'zod';
import { boolLike, intLike, keepRaw, optionalText } from './common.js';

/**
 * A server of a stack (GET /stacks/{uid}/servers[/{server_uid}]). `health_state` uses the stack health
 * scale (0–4).
 * @public
 */
export const serverSchema = keepRaw(
  z.looseObject({
    uid: z.string().min(1),
    vendor_uid: optionalText,
    name: optionalText,
    address: optionalText,
    distro: optionalText,
    distro_version: optionalText,
    dns_record: optionalText,
    user_name: optionalText,
    server_type: optionalText,
    server_roles: z.array(z.string()).nullish(),
    server_group_id: intLike.nullish(),
    stack_uid: optionalText,
    has_agent: boolLike.nullish(),
    params: z.record(z.string(), z.unknown()).nullish(),
    created_at: optionalText,
    updated_at: optionalText,
    region: optionalText,
    availability_zone: optionalText,
    ext_ipv4: optionalText,
    int_ipv4: optionalText,
    ext_ipv6: optionalText,
    int_ipv6: optionalText,
    health_state: intLike.nullish(),
  }),
);

/** A Cloud 66 server. @public */
export type Cloud66Server = z.output<typeof serverSchema>;
