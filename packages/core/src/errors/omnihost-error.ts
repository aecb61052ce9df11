import type { ReconciledOperation, StartIntent } from '../model/intent.js';
import type { VendorId } from '../vendors/table.js';

/**
 * Brand stamped on every omnihost error. `Symbol.for` makes it the same symbol in every copy of the
 * package, so `isOmnihostError` and `instanceof` work even when an app ends up with two copies of core
 * (the cross-realm problem smithy solves with `ServiceException.isInstance`, ky with `isKyError`).
 */
const BRAND = Symbol.for('omnihost.error.v1');

/** Where a start call's error keeps its way back to the vendor's records (not enumerable: never serialised). */
const RECONCILER = Symbol.for('omnihost.error.reconciler.v1');

/**
 * For a call that starts work (a backup, a restore, a delete, a deploy): what the error proves about the
 * work. `not-started`: the vendor did not act on the request (it was never sent, refused as invalid, or
 * throttled). `unknown`: the request may have reached the vendor and the answer was lost (a timeout, a reset
 * after sending, a 5xx from a gateway), so the work may have started; find it before starting it again.
 * Errors of calls that start nothing carry no outcome.
 * @public
 */
export type CallOutcome = 'unknown' | 'not-started';

/**
 * Where an error happened. Every field is optional because some errors (configuration, waiting) happen
 * before or after any HTTP exchange.
 * @public
 */
export interface ErrorContext {
  /** The vendor the call was made to. */
  vendor?: VendorId | undefined;
  /** The library operation, e.g. `backups.create` or the vendor operation id. */
  operation?: string | undefined;
  /** HTTP method of the failed request. */
  method?: string | undefined;
  /** Request path (no query string, no host), e.g. `/environments/24-abc/databases`. */
  path?: string | undefined;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The vendor's own error code or slug (`not_found`, `validation_failed`, ...). */
  vendorCode?: string | undefined;
  /** The request id the vendor returned (`X-Request-Id` and friends). */
  requestId?: string | undefined;
  /** For a call that starts work: whether the work may have started. */
  outcome?: CallOutcome | undefined;
  /** For a call that starts work: what it meant to do (key, time, target). */
  intent?: StartIntent | undefined;
  /** An already-sanitised underlying error. Never pass a raw axios error: it carries request headers. */
  cause?: unknown;
}

/** Serialisable view of an error: what `JSON.stringify(err)` prints. @public */
export interface OmnihostErrorJSON {
  name: string;
  message: string;
  vendor?: VendorId | undefined;
  operation?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  status?: number | undefined;
  vendorCode?: string | undefined;
  requestId?: string | undefined;
  outcome?: CallOutcome | undefined;
  intent?: StartIntent | undefined;
  [extra: string]: unknown;
}

/**
 * Root of every error omnihost throws. Catch this to catch everything from the library.
 *
 * It never carries a credential: the transport builds errors only from the fields above, after scrubbing
 * known secrets from any text a vendor sent back.
 * @public
 */
export class OmnihostError extends Error {
  /** Stable class name, also used for cross-copy `instanceof`. */
  static readonly errorName: string = 'OmnihostError';

  readonly vendor: VendorId | undefined;
  readonly operation: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly vendorCode: string | undefined;
  readonly requestId: string | undefined;
  /** For a call that starts work: whether the work may have started (see {@link CallOutcome}). */
  readonly outcome: CallOutcome | undefined;
  /** For a call that starts work: what it meant to do, to find it again with {@link OmnihostError.reconcile}. */
  readonly intent: StartIntent | undefined;

  constructor(message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    const ctor = new.target as typeof OmnihostError;
    this.name = ctor.errorName;
    this.vendor = context.vendor;
    this.operation = context.operation;
    this.method = context.method;
    this.path = context.path;
    this.status = context.status;
    this.vendorCode = context.vendorCode;
    this.requestId = context.requestId;
    this.outcome = context.outcome;
    this.intent = context.intent;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /**
   * `instanceof` that works across duplicate copies of the package: an error is an instance of a class
   * when it carries the brand and its `name` is that class's name (or the class is the root).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isOmnihostError(value)) return false;
    if (this === OmnihostError) return true;
    return value.name === this.errorName;
  }

  /**
   * For an error of a start call (`backups.create`, `restore`, `delete`, `deploys.deploy`): finds the work the
   * call started from the vendor's own records, as an operation to wait on, or `null` when the vendor shows
   * it never started. Retry the call only after `null`: an `outcome: 'unknown'` error may hide work that ran.
   *
   * ```ts
   * try { op = await provider.backups.create(site.id); }
   * catch (err) {
   *   if (isOmnihostError(err) && err.outcome === 'unknown') op = (await err.reconcile()) ?? (await provider.backups.create(site.id));
   *   else throw err;
   * }
   * ```
   * Errors of calls that start nothing, or that prove nothing started, resolve to `null`.
   */
  reconcile(): Promise<ReconciledOperation | null> {
    const reconciler = (this as unknown as Record<symbol, (() => Promise<ReconciledOperation | null>) | undefined>)[
      RECONCILER
    ];
    return reconciler ? reconciler() : Promise.resolve(null);
  }

  /** The safe, serialisable fields (used by `JSON.stringify` and the CLI's `--json`). */
  toJSON(): OmnihostErrorJSON {
    const json: OmnihostErrorJSON = { name: this.name, message: this.message };
    for (const key of [
      'vendor',
      'operation',
      'method',
      'path',
      'status',
      'vendorCode',
      'requestId',
      'outcome',
      'intent',
    ] as const) {
      if (this[key] !== undefined) (json as Record<string, unknown>)[key] = this[key];
    }
    return json;
  }
}

/**
 * True for any error thrown by omnihost, from any copy of the package.
 * @public
 */
export function isOmnihostError(value: unknown): value is OmnihostError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Records what an error proves about the work of the call that failed. The outcome is decided where the call
 * was made (the transport knows whether the request left), after the error was built.
 * @internal
 */
export function markOutcome<E extends OmnihostError>(error: E, outcome: CallOutcome): E {
  (error as { outcome: CallOutcome | undefined }).outcome = outcome;
  return error;
}

/**
 * Records what a start call meant to do on its error, and how to find the work again (`err.reconcile()`).
 * @internal
 */
export function attachIntent<E extends OmnihostError>(
  error: E,
  intent: StartIntent,
  reconcile: () => Promise<ReconciledOperation | null>,
): E {
  (error as { intent: StartIntent | undefined }).intent = intent;
  Object.defineProperty(error, RECONCILER, { value: reconcile, enumerable: false, configurable: true });
  return error;
}
