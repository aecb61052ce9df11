import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors/error-classes.js';
import { attachIntent, isOmnihostError, markOutcome } from '../errors/omnihost-error.js';
import type { StartIntent, StartKind } from '../model/intent.js';
import type { VendorId } from '../vendors/table.js';
import type { Operation } from '../wait/operation.js';

/** What every start call accepts besides its own options. @public */
export interface StartOptions {
  /**
   * Names this start, so that a start whose answer was lost can be found again and never repeated: give the
   * same key when a process retries after a crash. 1–100 characters of `A–Z a–z 0–9 . _ : -`. Generated when
   * not given; it travels in the request where the vendor keeps it (a backup label or note, a deploy message).
   */
  idempotencyKey?: string | undefined;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The intent of a start call: its kind, target and arguments, the idempotency key (given or generated) and the
 * time it began.
 * @throws ValidationError for a key that is not of the accepted form.
 * @public
 */
export function newIntent(
  vendor: VendorId,
  kind: StartKind,
  fields: Omit<StartIntent, 'vendor' | 'kind' | 'key' | 'startedAt'>,
  options: StartOptions = {},
): StartIntent {
  const key = options.idempotencyKey ?? randomUUID();
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError(`${vendor} ${kind}: idempotencyKey must be 1–100 characters of A–Z a–z 0–9 . _ : -`, {
      vendor,
      operation: kind,
      fieldErrors: { idempotencyKey: ['1–100 characters of A–Z a–z 0–9 . _ : -'] },
    });
  }
  return { vendor, kind, key, startedAt: new Date().toISOString(), ...dropUndefined(fields) };
}

/** What a start call's code tells the wrapper while it runs. @public */
export interface StartContext {
  readonly intent: StartIntent;
  /**
   * The vendor accepted the start: the work exists from here on. A failure after this (reading the task the
   * start created, say) leaves work behind, so its error is `outcome: 'unknown'` whatever it was.
   */
  accepted(): void;
}

/**
 * Runs a start call so that its failure always says what it proves (one rule for every vendor):
 * - an error the transport marked (the start request itself failed) keeps its mark: `unknown` when the request
 *   may have been processed, `not-started` when it surely was not;
 * - an error after `accepted()` is `unknown`: the work exists but its task was not learnt;
 * - any other error came before the start request was sent (resolving a database, a validation): `not-started`.
 * Every such error carries the intent, and `err.reconcile()` asks the vendor's records (`reconcile(intent)`)
 * when the outcome is unknown, or resolves `null` when nothing started.
 * @public
 */
export async function startOperation<T>(
  intent: StartIntent,
  start: (context: StartContext) => Promise<Operation<T>>,
  reconcile: (intent: StartIntent) => Promise<Operation<T> | null>,
): Promise<Operation<T>> {
  let accepted = false;
  try {
    return await start({
      intent,
      accepted: () => {
        accepted = true;
      },
    });
  } catch (error) {
    if (!isOmnihostError(error)) throw error;
    const outcome = accepted ? 'unknown' : (error.outcome ?? 'not-started');
    markOutcome(error, outcome);
    attachIntent(error, intent, outcome === 'unknown' ? () => reconcile(intent) : () => Promise.resolve(null));
    throw error;
  }
}

/**
 * The key's mark in vendor text (a label, a note, a message): `omnihost:<key>`, standing alone (whitespace or the
 * text's edge on both sides). A key may end in `.`, `:` or `-`, so no word boundary is used.
 */
const KEY_MARK = /(?:^|\s)omnihost:([A-Za-z0-9._:-]{1,100})(?=\s|$)/g;

/** The last mark in `text`: ours is appended at the end, so text that merely mentions a key comes first. */
function lastMark(text: string): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(KEY_MARK)) last = match as RegExpExecArray;
  return last;
}

/**
 * Text that carries the idempotency key to a vendor field that keeps free text (a backup label, a note, a
 * deploy message): the user's text, then `omnihost:<key>`.
 * @public
 */
export function withIdempotencyKey(text: string | undefined, key: string): string {
  return text ? `${text} omnihost:${key}` : `omnihost:${key}`;
}

/** The idempotency key carried in vendor text by {@link withIdempotencyKey}, if any (the last mark). @public */
export function idempotencyKeyIn(text: string | null | undefined): string | undefined {
  return text ? lastMark(text)?.[1] : undefined;
}

/** The user's part of text that carries a key (the label as the user wrote it): the last mark removed. @public */
export function withoutIdempotencyKey(text: string): string {
  const mark = lastMark(text);
  if (!mark) return text.trim();
  return (text.slice(0, mark.index) + text.slice(mark.index + mark[0].length)).trim();
}

function dropUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
