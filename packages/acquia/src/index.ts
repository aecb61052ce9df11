/**
 * `@omnihost/acquia`: Acquia Cloud Platform API v2 behind the omnihost vocabulary, with a typed client for
 * every operation of Acquia's official OpenAPI spec (`provider.raw`). The simulator is in
 * `@omnihost/acquia/testing`.
 * @packageDocumentation
 */

export { type AcquiaCapabilities, acquiaCapabilities } from './capabilities.js';
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
export { ACQUIA_STATUS_TABLE, acquiaErrorMapping, parseAcquiaErrorBody } from './errors/error-mapping.js';
export type { components as AcquiaComponents } from './generated/acquia-api.js';
export { acquiaHalCodec } from './http/create-acquia-http-client.js';
export { applicationUuidOfEnvironment, idFromHref, isUuid } from './links.js';
export {
  ACQUIA_BACKUP_TRIGGERS,
  backupRawStatus,
  toBackup,
  toDownloadLink,
} from './mappers/backup.js';
export { taskToDeployment } from './mappers/deployment.js';
export { ACQUIA_SITE_STATUSES, environmentToSite } from './mappers/site.js';
export {
  ACQUIA_TASK_STATES,
  notificationToTask,
  resolveNotificationRef,
  taskFromAccepted,
  taskStateOf,
  UNTRACKED_TASK_PREFIX,
} from './mappers/task.js';
export { type AcquiaProvider, createAcquiaProvider } from './provider.js';
export type { BackupDownloadResponse, HandTypedOperations, HandTypedPaths } from './raw/hand-typed-operations.js';
export { ACQUIA_OPERATIONS, ACQUIA_SPEC_OPERATION_COUNT } from './raw/operation-index.js';
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
} from './raw/operation-types.js';
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
