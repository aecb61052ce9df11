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
export type { AuthStrategy } from './auth/types.js';
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
export { type ErrorContext, isOmnihostError, OmnihostError, type OmnihostErrorJSON } from './errors/omnihost-error.js';
export {
  createHttpError,
  DEFAULT_STATUS_TABLE,
  type HttpErrorInput,
  type HttpErrorKind,
  kindForStatus,
  type StatusTable,
  type VendorErrorDetails,
} from './errors/status-table.js';
export { CALL_ID_HEADER, createHttpClient } from './http/create-http-client.js';
export { encodePath, encodePathSegment } from './http/encode-path.js';
export { describeExcerpt, jsonCodec } from './http/json-codec.js';
export { SlidingWindowRateLimiter, sharedRateLimiter } from './http/rate-limiter.js';
export { REDACTED, scrubSecrets } from './http/redact.js';
export { parseRetryAfter } from './http/retry-after.js';
export {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  decideRetry,
  type RetryDecision,
  type RetryDecisionInput,
} from './http/retry-policy.js';
export type {
  Codec,
  ErrorMapping,
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  Logger,
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
export { createOperation, type Operation, type OperationSpec } from './model/operation.js';
export type { Provider, ProviderFor, ProviderRegistry } from './model/provider.js';
export type {
  BackupService,
  CallOptions,
  CreateBackupOptions,
  DeployInput,
  DeployService,
  ListBackupsOptions,
  ListSitesOptions,
  RestoreBackupOptions,
  SiteService,
  TaskService,
} from './model/services.js';
export { environmentFromName, type Site, type SiteEnvironment, type SiteStatus, siteSchema } from './model/site.js';
export { isTerminalTaskState, type Task, type TaskState, taskSchema, taskStateSchema } from './model/task.js';
export {
  type CollectOptions,
  collect,
  deferList,
  MAX_COLLECT_LIMIT,
  type Page,
  type PagedIterable,
  type PaginateOptions,
  paginate,
  unsupportedList,
} from './paging/paginate.js';
export {
  type AcquiaConfig,
  acquiaConfigSchema,
  type Cloud66Config,
  cloud66ConfigSchema,
  type OnAppConfig,
  onAppConfigSchema,
  type ProviderConfig,
  providerConfigSchema,
  type SiteFactoryConfig,
  siteFactoryConfigSchema,
  transportOptionsShape,
} from './registry/config-schemas.js';
export { createProvider, type PackageLoader } from './registry/create-provider.js';
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
export { abortable, sleep, throwIfAborted } from './util/abort.js';
export { VENDOR_IDS, VENDOR_PACKAGES, type VendorId } from './vendor.js';
export { VERSION } from './version.js';
export { realClock, type WaitClock } from './wait/clock.js';
export type { PollScheduleOptions } from './wait/poll-schedule.js';
export { DEFAULT_WAIT_TIMEOUT_MS, type WaitOptions, waitForTask } from './wait/wait-for-task.js';
