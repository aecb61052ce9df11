/**
 * `@omnihost/acquia`: Acquia Cloud Platform API v2 behind the omnihost vocabulary, with a typed client for
 * every operation of Acquia's official OpenAPI spec (`provider.raw`). The simulator is in
 * `@omnihost/acquia/testing`.
 * @packageDocumentation
 */

export { type AcquiaCapabilities, acquiaCapabilities } from './capabilities.js';
export type { BackupDownloadResponse, HandTypedOperations, HandTypedPaths } from './client/hand-typed-operations.js';
export type {
  AcquiaOperationFor,
  AcquiaOperationId,
  AcquiaOperationInfo,
  AcquiaOperationKey,
  AcquiaOperations,
  AcquiaPaths,
  AcquiaRawCallOptions,
  AcquiaRawClient,
  AcquiaRequestArgs,
  AcquiaRequestParams,
  AcquiaResponseBody,
  AcquiaRoute,
} from './client/operation-types.js';
export { ACQUIA_OPERATIONS, ACQUIA_SPEC_OPERATION_COUNT } from './client/operations.js';
export {
  type AcquiaProviderConfig,
  acquiaProviderConfigSchema,
  parseAcquiaConfig,
  type ResolvedAcquiaConfig,
} from './config.js';
export {
  ACQUIA_DEFAULT_BASE_URL,
  ACQUIA_DEFAULT_TOKEN_URL,
  ACQUIA_MAX_PAGE_SIZE,
  ACQUIA_MEDIA_TYPE,
  ACQUIA_RATE_LIMIT,
} from './constants.js';
export type { components as AcquiaComponents } from './generated/acquia-api.js';
export { applicationUuidOfEnvironment, idFromHref, isUuid } from './mapping/links.js';
export { toBackup, toDownloadLink } from './mapping/to-backup.js';
export { taskToDeployment } from './mapping/to-deployment.js';
export { environmentToSite } from './mapping/to-site.js';
export {
  notificationToTask,
  resolveNotificationRef,
  taskFromAccepted,
  UNTRACKED_TASK_PREFIX,
} from './mapping/to-task.js';
export { type AcquiaProvider, createAcquiaProvider } from './provider.js';
export {
  ACQUIA_BACKUP_STATES,
  ACQUIA_BACKUP_TRIGGERS,
  backupRawStatus,
  backupStateOf,
  backupTriggerOf,
} from './rules/backup-states.js';
export { acquiaEnvironmentOf } from './rules/environments.js';
export {
  ACQUIA_STATUS_TABLE,
  acquiaErrorMapping,
  acquiaSuccessError,
  parseAcquiaErrorBody,
} from './rules/http-errors.js';
export { ACQUIA_SITE_STATES, ACQUIA_SITE_STATUSES, siteStatusOf } from './rules/site-states.js';
export { ACQUIA_START_EVENTS, startEventOf } from './rules/start-records.js';
export { ACQUIA_TASK_STATES, taskStateOf } from './rules/task-states.js';
export { type AcquiaAccepted, acceptedSchema } from './schemas/accepted.js';
export { accountSchema } from './schemas/account.js';
export { type AcquiaApplication, applicationListSchema, applicationSchema } from './schemas/application.js';
export { type AcquiaBackup, backupDownloadSchema, backupListSchema, backupSchema } from './schemas/backup.js';
export { codeReferenceListSchema, codeReferenceSchema } from './schemas/code.js';
export {
  halCollectionSchema,
  halLinkSchema,
  halLinksSchema,
  intLike,
  paginationSchema,
  timestampSchema,
} from './schemas/common.js';
export { type AcquiaDatabase, databaseListSchema, databaseSchema } from './schemas/database.js';
export { type AcquiaEnvironment, environmentListSchema, environmentSchema } from './schemas/environment.js';
export { type AcquiaNotification, notificationListSchema, notificationSchema } from './schemas/notification.js';
export { type Validated, withRaw } from './schemas/with-raw.js';
export type { AcquiaBackupService, AcquiaDatabaseOption } from './services/backups.js';
export type { AcquiaDeployService, CopyDatabaseInput, CopyFilesInput } from './services/deploys.js';
export type { AcquiaTaskRef, AcquiaTaskService } from './services/tasks.js';
export { acquiaHalCodec } from './transport.js';
