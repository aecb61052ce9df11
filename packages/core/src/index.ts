/**
 * `@omnihost/core`: the vocabulary (Site, Backup, Deployment, Task), the error hierarchy, the transport
 * every vendor package is built on, lazy paging, waiting, and the provider registry.
 * @packageDocumentation
 */

export {
  clearTokenCache,
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
} from './auth/oauth2-client-credentials.js';
export { apiKeyBasicAuth, basicAuth, bearerAuth, noAuth } from './auth/static-auth.js';
export { abortable, sleep, throwIfAborted } from './errors/abort.js';
export {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ERROR_CLASSES,
  type FieldErrors,
  NetworkError,
  NotFoundError,
  type OmnihostErrorName,
  PermissionError,
  RateLimitError,
  type ResponseIssue,
  ResponseValidationError,
  ServerError,
  TaskFailedError,
  TimeoutError,
  UnsupportedOperationError,
  ValidationError,
} from './errors/error-classes.js';
export {
  isAuthenticationError,
  isNotFoundError,
  isOmnihostErrorNamed,
  isPermissionError,
  isRateLimitError,
  isTaskFailedError,
  isTimeoutError,
  isUnsupportedOperationError,
  isValidationError,
} from './errors/guards.js';
export {
  type CallOutcome,
  type ErrorContext,
  isOmnihostError,
  OmnihostError,
  type OmnihostErrorJSON,
} from './errors/omnihost-error.js';
export {
  createHttpError,
  DEFAULT_STATUS_TABLE,
  type HttpErrorInput,
  type HttpErrorKind,
  kindForStatus,
  type StatusTable,
  type VendorErrorDetails,
} from './errors/status-table.js';
export type { AuthStrategy } from './http/auth-strategy.js';
export { CALL_ID_HEADER, createHttpClient } from './http/create-http-client.js';
export { encodePath, encodePathSegment, fillPathTemplate, type PathParams } from './http/encode-path.js';
export { describeExcerpt, jsonCodec } from './http/json-codec.js';
export {
  createOperationTable,
  type OperationCallSpec,
  type OperationInput,
  type OperationRow,
  type OperationTable,
  type OperationTableOptions,
  type QueryListStyle,
} from './http/operation-table.js';
export {
  type RateLimiter,
  type ReleaseSlot,
  SlidingWindowRateLimiter,
  sharedRateLimiter,
} from './http/rate-limiter.js';
export { parseRetryAfter } from './http/retry-after.js';
export {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  decideRetry,
  type RetryDecision,
  type RetryDecisionInput,
} from './http/retry-policy.js';
export {
  type ConfiguredTransportOptions,
  type TransportConfig,
  type TransportDefaults,
  transportOptionsFor,
} from './http/transport-options.js';
export type {
  Codec,
  ErrorMapping,
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  QueryValue,
  RateLimitOptions,
  ResponseInfo,
  RetryOptions,
  TransportStats,
} from './http/types.js';
export { shapeError } from './http/validate-response.js';
export {
  type Backup,
  type BackupDownloadLink,
  type BackupState,
  backupSchema,
  type DownloadSegment,
} from './model/backup.js';
export type { Capabilities } from './model/capabilities.js';
export { type Deployment, type DeployScope, deploymentSchema } from './model/deployment.js';
export {
  type OperationJSON,
  operationJsonSchema,
  type ReconciledOperation,
  type ReconcileMatch,
  START_KINDS,
  type StartIntent,
  type StartKind,
  startIntentSchema,
} from './model/intent.js';
export { environmentFromName, type Site, type SiteEnvironment, type SiteStatus, siteSchema } from './model/site.js';
export { isTerminalTaskState, type Task, type TaskState, taskSchema, taskStateSchema } from './model/task.js';
export {
  isLastNumberedPage,
  type NumberedPage,
  type NumberedPagesOptions,
  numberedPages,
  type PageRequest,
} from './paging/numbered-pages.js';
export {
  type CollectOptions,
  collect,
  deferList,
  MAX_COLLECT_LIMIT,
  MAX_EMPTY_PAGES_IN_A_ROW,
  mapPaged,
  type Page,
  type PagedIterable,
  type PaginateOptions,
  paginate,
  unsupportedList,
} from './paging/paginate.js';
export type { Provider, ProviderFor, ProviderRegistry } from './provider/provider.js';
export {
  type AdoptOptions,
  adoptCandidate,
  type ReconcileCandidate,
} from './provider/reconcile.js';
export {
  type EnvironmentSelectionContext,
  isEnvironmentUnknown,
  selectByEnvironment,
} from './provider/select-sites.js';
export type {
  BackupService,
  CallOptions,
  CreateBackupOptions,
  DeleteBackupOptions,
  DeployInput,
  DeployService,
  ListBackupsOptions,
  ListSitesOptions,
  OperationService,
  ReconcileOptions,
  RestoreBackupOptions,
  SiteService,
  StartResult,
  TaskService,
} from './provider/services.js';
export {
  idempotencyKeyIn,
  newIntent,
  type StartContext,
  type StartOptions,
  startOperation,
  withIdempotencyKey,
  withoutIdempotencyKey,
} from './provider/start-operation.js';
export { checkComponents, notKept, withWarnings } from './provider/start-rules.js';
export { processTaskClaims, type TaskClaims } from './provider/task-claims.js';
export { taskWaiter } from './provider/task-waiter.js';
export { unsupportedOperations } from './provider/unsupported-operations.js';
export { createProvider, type PackageLoader } from './registry/create-provider.js';
export { ENV_VALUE_KINDS, type EnvReading, type EnvValueKind, readEnvValue } from './registry/env-values.js';
export { parseConfig } from './registry/parse-config.js';
export {
  COMMON_ENV_VARIABLES,
  configFromEnv,
  ENV_VARIABLES,
  providerFromEnv,
} from './registry/provider-from-env.js';
export {
  lenientBoolean,
  lenientInteger,
  lenientNumber,
  lenientOptional,
  lenientString,
} from './schemas/lenient.js';
export { registerStrictTwin, safeParseFast, strictTwinOf } from './schemas/strict-twin.js';
export type { Logger } from './util/logger.js';
export { REDACTED, scrubAndCut, scrubSecrets } from './util/redact.js';
export { VERSION } from './util/version.js';
export {
  type AcquiaConfig,
  acquiaConfigSchema,
  type Cloud66Config,
  cloud66ConfigSchema,
  type OnAppConfig,
  onAppConfigSchema,
  type SiteFactoryConfig,
  siteFactoryConfigSchema,
  transportOptionsShape,
} from './vendors/config-schemas.js';
export { type ProviderConfig, providerConfigSchema } from './vendors/provider-config.js';
export {
  isVendorId,
  VENDOR_IDS,
  VENDOR_PACKAGES,
  VENDORS,
  type VendorConfig,
  type VendorId,
  type VendorRateLimit,
  type VendorTable,
  type VendorTableRow,
} from './vendors/table.js';
export { realClock, type WaitClock } from './wait/clock.js';
export { DurationMemory, durationOf } from './wait/duration-memory.js';
export { createOperation, type Operation, type OperationSpec } from './wait/operation.js';
export type { PollScheduleOptions } from './wait/poll-schedule.js';
export { DEFAULT_WAIT_TIMEOUT_MS, type WaitOptions, waitForTask } from './wait/wait-for-task.js';
