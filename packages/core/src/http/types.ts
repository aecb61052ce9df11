import type { ZodType } from 'zod';
import type { HttpErrorKind, StatusTable, VendorErrorDetails } from '../errors/status-table.js';
import type { Logger } from '../util/logger.js';
import type { VendorId } from '../vendors/table.js';
import type { AuthStrategy } from './auth-strategy.js';
import type { RateLimiter } from './rate-limiter.js';

/** HTTP methods the client sends. @public */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Query string values; arrays repeat the key, `undefined` drops it. @public */
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

/**
 * Turns bodies into bytes and back. JSON is built in; OnApp brings an XML codec.
 * @public
 */
export interface Codec {
  readonly name: string;
  /** Sent as `Accept`. */
  readonly accept: string;
  /** Sent as `Content-Type` with a body. */
  readonly contentType: string;
  encode(body: unknown): string;
  /**
   * Parses a response body. Throws {@link ResponseValidationError} (reason `parse`) on malformed input.
   * `text` is never empty: empty bodies become `undefined` before the codec is called.
   */
  decode(text: string, contentType: string | undefined): unknown;
}

/** How the vendor's errors are read: the status table and the body parser. @public */
export interface ErrorMapping {
  /** HTTP status → error kind, one table per vendor. */
  readonly statusTable: StatusTable;
  /** Reads the decoded error body (or the raw text when it did not decode). Must not throw. */
  parseBody(body: unknown, response: { status: number; headers: Readonly<Record<string, string>> }): VendorErrorDetails;
  /**
   * Reads a decoded 2xx body for an error the vendor reported with a success status (Site Factory answers
   * some failures with HTTP 200 and an error message). Return the error's details, with its `kind`, to
   * throw it as that typed error; `undefined` for a real success. Runs before the schema. Must not throw.
   */
  successError?(body: unknown): (VendorErrorDetails & { kind: HttpErrorKind }) | undefined;
}

/** Client-side rate limit: at most `limit` requests in any `windowMs` window, per account. @public */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /**
   * The budget's key. Providers built for the same account share one budget (default: vendor + host +
   * the auth strategy's non-secret account key).
   */
  key?: string | undefined;
}

/** Retry policy (wraps axios-retry). @public */
export interface RetryOptions {
  /** Attempts after the first. Default 4. */
  retries?: number | undefined;
  /** First backoff delay. Default 300 ms. */
  minDelayMs?: number | undefined;
  /** Largest single backoff delay (not a cap on `Retry-After`). Default 20 s. */
  maxDelayMs?: number | undefined;
  /** Total time a call may spend waiting between attempts; past it the error surfaces. Default 120 s. */
  maxTotalWaitMs?: number | undefined;
}

/** Options of {@link createHttpClient}. @public */
export interface HttpClientOptions {
  vendor: VendorId;
  /** Absolute base URL; every request path is resolved under it and must stay on its origin. */
  baseUrl: string;
  auth: AuthStrategy;
  errorMapping: ErrorMapping;
  /** `false` disables client-side limiting. */
  rateLimit?: RateLimitOptions | false | undefined;
  /**
   * The limiter to ask instead of the process-wide one `rateLimit` describes (a fleet's, shared through Redis).
   * `rateLimit: false` still turns limiting off.
   */
  limiter?: RateLimiter | undefined;
  retry?: RetryOptions | undefined;
  /** Default JSON. */
  codec?: Codec | undefined;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Largest response body accepted. Default 32 MiB. */
  maxResponseBytes?: number | undefined;
  logger?: Logger | undefined;
  /** Allow credentials over plain `http://` (simulators on 127.0.0.1). Default false. */
  allowInsecureHttp?: boolean | undefined;
  /** Accept self-signed TLS certificates (self-hosted OnApp panels). Default false. */
  allowSelfSignedCertificates?: boolean | undefined;
  /** Appended to `omnihost/<version>`. */
  userAgent?: string | undefined;
  /** Sent on every request (vendor media types, account selectors). */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Body sent when a request of this method has none. Acquia and Site Factory reject body-less POSTs, so
   * their packages set `{ POST: {} }`.
   */
  emptyBody?: Partial<Record<HttpMethod, unknown>> | undefined;
  /** Called with every successful response's headers (Cloud 66's `X-Cloud66-Warning`). */
  onResponse?: ((info: ResponseInfo) => void) | undefined;
  /** Header names that carry the vendor's request id. Default `x-request-id`, `request-id`. */
  requestIdHeaders?: readonly string[] | undefined;
}

/** What `onResponse` sees. @public */
export interface ResponseInfo {
  readonly operation: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** One request through the pipeline. @public */
export interface HttpRequest<T = unknown> {
  /** Named in errors and logs: `sites.list`, `getEnvironmentsDatabaseBackup`, ... */
  operation: string;
  method: HttpMethod;
  /** Path under the base URL. Build it with {@link encodePath} so ids cannot change it. */
  path: string;
  query?: Readonly<Record<string, QueryValue>> | undefined;
  body?: unknown;
  /** Validates the decoded body; failures become {@link ResponseValidationError}. */
  schema?: ZodType<T> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /**
   * Whether the request may be replayed after it could have reached the server. Default: `true` for GET
   * and OPTIONS, `false` for POST/PUT/PATCH/DELETE. A non-replayable request is still retried when the response proves
   * the server did not process it (429, or 503 with `Retry-After`) or the connection was refused.
   */
  idempotent?: boolean | undefined;
  /** Override the client's codec for this request. */
  codec?: Codec | undefined;
}

/** A decoded, validated response. @public */
export interface HttpResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string | undefined;
}

/** Counters for one client (what the demo's summary table prints). @public */
export interface TransportStats {
  /** HTTP attempts sent (retries and replays included). */
  readonly requests: number;
  /** Attempts that were retries. */
  readonly retries: number;
  /** Throttling responses (429, or a vendor's throttling 503) absorbed by waiting and retrying. */
  readonly throttled: number;
  /** Calls that ended in an error. */
  readonly failures: number;
  /** Token replays after a 401. */
  readonly authReplays: number;
  /** Time spent queued in the client-side rate limiter, summed over calls. */
  readonly limiterWaitMs: number;
}

/** The transport every vendor package is built on. @public */
export interface HttpClient {
  readonly vendor: VendorId;
  readonly baseUrl: string;
  request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>>;
  stats(): TransportStats;
}
