import type { ZodType } from 'zod';
import { ResponseValidationError } from '../errors/error-classes.js';
import { isOmnihostError } from '../errors/omnihost-error.js';
import type { CallContext } from './classify-error.js';
import { scrubSecrets } from './redact.js';

/** Issues reported per error: enough to debug, bounded so a huge bad payload stays a small error. */
const MAX_ISSUES = 20;

/**
 * Decodes a 2xx body with the call's codec and validates it against the schema. Empty bodies (204, or a
 * 201 with nothing) decode to `undefined`, which the schema may accept.
 * @internal
 */
export function validateResponse<T>(
  text: unknown,
  contentType: string | undefined,
  schema: ZodType<T> | undefined,
  call: CallContext,
  requestId: string | undefined,
): T {
  const where = { vendor: call.vendor, operation: call.operation, method: call.method, path: call.path, requestId };
  let decoded: unknown;
  if (typeof text !== 'string' || text.trim() === '') decoded = undefined;
  else {
    try {
      decoded = call.codec.decode(text, contentType);
    } catch (error) {
      const detail = isOmnihostError(error) ? error.message : 'the body does not parse';
      throw new ResponseValidationError(`${call.vendor} ${call.operation}: ${scrubSecrets(detail, call.secrets)}`, {
        ...where,
        reason: 'parse',
      });
    }
  }
  if (!schema) return decoded as T;
  const result = schema.safeParse(decoded);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unexpected shape';
  throw new ResponseValidationError(
    `${call.vendor} ${call.operation}: unexpected response shape (${summary}${issues.length > 1 ? `, and ${result.error.issues.length - 1} more` : ''})`,
    { ...where, reason: 'schema', issues },
  );
}
