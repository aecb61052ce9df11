import { z } from 'zod';
import { boolLike, intLike, keepRaw, optionalText } from './common.js';

/** An SSL certificate of a stack (GET /stacks/{uid}/ssl_certificates; admin scope). @public */
export const sslCertificateSchema = keepRaw(
  z.looseObject({
    uuid: z.string().min(1),
    name: optionalText,
    server_names: optionalText,
    type: optionalText,
    ca_name: optionalText,
    wildcard: boolLike.nullish(),
    ssl_termination: boolLike.nullish(),
    status: intLike.nullish(),
    expires_at: optionalText,
    created_at: optionalText,
    updated_at: optionalText,
  }),
);

/** A Cloud 66 SSL certificate. @public */
export type Cloud66SslCertificate = z.output<typeof sslCertificateSchema>;
