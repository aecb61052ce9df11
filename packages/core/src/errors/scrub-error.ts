import { scrubDeep, scrubSecrets } from '../util/redact.js';
import type { OmnihostError } from './omnihost-error.js';

/** Fields holding a vendor record (a task): only its own strings are scrubbed, its payload is kept whole. */
const RECORD_FIELDS = new Set(['task']);

/**
 * Scrubs every string an error carries, in place: `message`, `stack`, every string field (`requestId`,
 * `vendorCode`, `requiredScope`, `path`, …), the keys and messages of `fieldErrors`, `issues`, `problems`, the
 * strings of a carried task, and the same down its `cause` chain. The last step of every error path of the
 * transport, so a credential a vendor echoed back cannot leave in any field, whichever code built the error.
 * @internal
 */
export function scrubError<E extends OmnihostError>(error: E, secrets: readonly string[]): E {
  if (secrets.length > 0) scrubErrorFields(error, secrets, 0);
  return error;
}

function scrubErrorFields(error: Error, secrets: readonly string[], depth: number): void {
  const target = error as unknown as Record<string, unknown>;
  for (const key of new Set(['message', 'stack', ...Object.keys(error)])) {
    const value = target[key];
    if (typeof value === 'string') target[key] = scrubSecrets(value, secrets);
    else if (value instanceof Error) {
      if (depth < 4) scrubErrorFields(value, secrets, depth + 1);
    } else if (RECORD_FIELDS.has(key) && isPlainObject(value)) target[key] = scrubStrings(value, secrets);
    else if (Array.isArray(value) || isPlainObject(value)) target[key] = scrubDeep(value, secrets);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && depth < 4) scrubErrorFields(cause, secrets, depth + 1);
}

/** A shallow copy with its string (and string-array) fields scrubbed. */
function scrubStrings(record: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') out[key] = scrubSecrets(value, secrets);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      out[key] = value.map((item: string) => scrubSecrets(item, secrets));
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
