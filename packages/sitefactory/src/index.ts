/**
 * `@omnihost/sitefactory`: Acquia Cloud Site Factory behind the omnihost vocabulary (sites, site backups,
 * stack code updates, WIP tasks), with the typed client for every operation of Site Factory's REST API.
 * The simulator lives at `@omnihost/sitefactory/testing`.
 * @packageDocumentation
 */

export {
  BACKUP_COMPONENTS,
  RESTORE_COMPONENTS,
  type SiteFactoryCapabilities,
  siteFactoryCapabilities,
} from './capabilities.js';
export { bool, dict, idValue, memo, num, opt, str } from './client/coerce.js';
export type { ExtraOperations, UpdateV2Request, UpdateV2SitesEntry } from './client/extra-operations.js';
export { type ListPage, listEnvelope } from './client/list-envelope.js';
export type {
  BodyOf,
  CallArgs,
  CallInput,
  ListItemOf,
  ListOperationId,
  PathParamsOf,
  QueryOf,
  ResponseOf,
} from './client/operation-types.js';
export {
  type OperationInfo,
  SITE_FACTORY_OPERATIONS,
  type SiteFactoryOperationId,
  type SiteFactoryOperations,
  SPEC_OPERATION_COUNT,
} from './client/operations.js';
export type { ListInput, SiteFactoryClient } from './client/raw-client.js';
export {
  type ParsedSiteFactoryConfig,
  parseSiteFactoryConfig,
  type SiteFactoryProviderConfig,
  siteFactoryProviderConfigSchema,
} from './config.js';
export { SITE_FACTORY_DEFAULT_RATE_LIMIT } from './constants.js';
export type { components, operations, paths } from './generated/acsf-api.js';
export { toBackup } from './mapping/to-backup.js';
export { toDeployment } from './mapping/to-deployment.js';
export { toSite } from './mapping/to-site.js';
export { toTask } from './mapping/to-task.js';
export { createSiteFactoryProvider, type SiteFactoryProvider } from './provider.js';
export {
  factoryStageFromUrl,
  type StageEvidence,
  type StageName,
  type StandardDomainTemplates,
  siteStage,
  stageFromSiteDomain,
  stageFromTemplates,
} from './rules/environments.js';
export {
  busyMessage,
  classifyMessage,
  SITE_FACTORY_BUSY_MESSAGES,
  SITE_FACTORY_MESSAGE_PREFIXES,
  SITE_FACTORY_STATUS_TABLE,
  siteFactoryErrorMapping,
  UNKNOWN_ROUTE_CODE,
} from './rules/http-errors.js';
export {
  isStartTask,
  SITE_FACTORY_START_TASKS,
  type StartTargets,
  type StartTaskRule,
} from './rules/start-records.js';
export {
  isWipDone,
  SITE_FACTORY_TASK_STATES,
  WIP_DONE_MASK,
  WIP_STATUS_TABLE,
  type WipStatusRule,
  wipStatusRule,
  wipTaskState,
} from './rules/task-states.js';
export { type BackupRow, backupRowSchema, backupUrlSchema } from './schemas/backup.js';
export { type SiteDetail, type SiteRow, siteDetailSchema, siteRowSchema } from './schemas/site.js';
export { type UpdateStatus, updateStatusSchema } from './schemas/update.js';
export {
  cacheClearResponseSchema,
  taskStartedSchema,
  type WipTask,
  wipTaskSchema,
  wipTaskStatusResponseSchema,
} from './schemas/wip-task.js';
export type { CacheClearOperation } from './services/cache-clear.js';
