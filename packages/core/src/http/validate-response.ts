import type { ZodError, ZodType } from 'zod';
import { ResponseValidationError } from '../errors/error-classes.js';
import { type ErrorContext, isOmnihostError } from '../errors/omnihost-error.js';
import { safeParseFast } from '../schemas/strict-twin.js';
import { scrubDeep, scrubSecrets } from '../util/redact.js';
import type { VendorId } from '../vendors/table.js';
import { type CallContext, errorFromDetails } from './classify-error.js';

/** Issues reported per error: enough to debug, bounded so a huge bad payload stays a small error. */
const MAX_ISSUES = 20;

/**
 * Decodes a 2xx body with the call's codec, lets the vendor's error mapping claim it as an error reported
 * with a success status, and validates it against the schema. Empty bodies (204, or a 201 with nothing)
 * decode to `undefined`, which the schema may accept.
 * @internal
 */
export function validateResponse<T>(
  text: unknown,
  response: { status: number; headers: Readonly<Record<string, string>> },
  schema: ZodType<T> | undefined,
  call: CallContext,
  requestId: string | undefined,
): T {
  const contentType = response.headers['content-type'];
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
  const successError = call.errorMapping.successError;
  let disguised: ReturnType<NonNullable<CallContext['errorMapping']['successError']>>;
  try {
    disguised = successError?.(decoded);
    // An error after all: read it again from the scrubbed body, so the reader's cuts cannot split a secret.
    if (disguised) disguised = successError?.(scrubDeep(decoded, call.secrets)) ?? disguised;
  } catch {
    disguised = undefined;
  }
  if (disguised) throw errorFromDetails(response.status, response.headers, decoded, disguised, call, requestId);
  if (!schema) return decoded as T;
  const result = safeParseFast(schema, decoded);
  if (result.success) return result.data;
  throw shapeError(result.error, where);
}

/**
 * The {@link ResponseValidationError} for a body that parsed but does not have the expected shape: the
 * first issue in the message, at most twenty in `issues`. For vendor packages that validate a body
 * themselves (OnApp keeps the decoded records for `raw`).
 * @public
 */
export function shapeError(error: ZodError, where: ErrorContext & { vendor: VendorId; operation: string }) {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unexpected shape';
  const more = error.issues.length > 1 ? `, and ${error.issues.length - 1} more` : '';
  return new ResponseValidationError(
    `${where.vendor} ${where.operation}: unexpected response shape (${summary}${more})`,
    {
      ...where,
      reason: 'schema',
      issues,
    },
  );
}
