import { z } from 'zod';
import { boolLike, intLike, keepRaw, optionalText } from './common.js';

/**
 * A container (GET /stacks/{uid}/containers, and inside services). `health_state` here is the container
 * scale: 0 unverified, 1 up, 2 down, 3 n/a.
 * @public
 */
export const containerSchema = keepRaw(
  z.looseObject({
    uid: z.string().min(1),
    server_uid: optionalText,
    server_name: optionalText,
    service_name: optionalText,
    image: optionalText,
    /** Inside a service: a JSON text such as `["5128:3000"]`. */
    port_list: optionalText,
    /** In `GET /containers`: the port mappings as objects. */
    ports: z
      .array(z.looseObject({ container: intLike.nullish(), http: intLike.nullish(), https: intLike.nullish() }))
      .nullish(),
    command: optionalText,
    started_at: optionalText,
    web_ports: optionalText,
    private_ip: optionalText,
    docker_ip: optionalText,
    health_state: intLike.nullish(),
    health_message: optionalText,
    health_source: optionalText,
    capture_output: boolLike.nullish(),
    restart_on_deploy: boolLike.nullish(),
    created_at: optionalText,
    updated_at: optionalText,
  }),
);

/** A Cloud 66 container. @public */
export type Cloud66Container = z.output<typeof containerSchema>;

/** A Docker/Maestro service (GET /stacks/{uid}/services[/{name}]) with its containers. @public */
export const serviceSchema = keepRaw(
  z.looseObject({
    name: z.string().min(1),
    containers: z.array(containerSchema).nullish(),
    source_type: optionalText,
    git_ref: optionalText,
    image_name: optionalText,
    image_uid: optionalText,
    image_tag: optionalText,
    desired_count: intLike.nullish(),
  }),
);

/** A Cloud 66 service. @public */
export type Cloud66Service = z.output<typeof serviceSchema>;
