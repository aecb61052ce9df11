/**
 * `@omnihost/cloud66`: Cloud 66 API v3 behind the omnihost vocabulary, with a typed client for the rest
 * of the API (`provider.raw`). The simulator lives in `@omnihost/cloud66/testing`.
 * @packageDocumentation
 */

export { type Cloud66Capabilities, cloud66Capabilities } from './capabilities.js';
export {
  type ActionListOptions,
  type Cloud66ActionsClient,
  type Cloud66DatabaseType,
  STACK_ACTION_BODIES,
  type StackActionCommand,
  type StackActionName,
  stackActionBody,
} from './client/actions.js';
export type {
  BackupImportInput,
  BackupListOptions,
  BackupScheduleInput,
  Cloud66BackupsClient,
} from './client/backups.js';
export { type Cloud66Client, createCloud66Client } from './client/cloud66-client.js';
export type { Cloud66DeploymentsClient, RedeployInput } from './client/deployments.js';
export type {
  ApplyStrategy,
  Cloud66EnvironmentVariablesClient,
  CreateEnvironmentVariableInput,
  UpdateEnvironmentVariableInput,
} from './client/environment-variables.js';
export { cloud66HasNextPage, nextPage } from './client/paging.js';
export type { Cloud66ServersClient } from './client/servers.js';
export type {
  Cloud66ServicesClient,
  ContainerListOptions,
  ScaleServiceInput,
  ServerFilterOptions,
} from './client/services.js';
export type {
  Cloud66StacksClient,
  CreateStackInput,
  RebootServersInput,
  StackListOptions,
} from './client/stacks.js';
export {
  type Cloud66ProviderConfig,
  cloud66ProviderConfigSchema,
  type ParsedCloud66Config,
  parseCloud66Config,
} from './config.js';
export {
  CLOUD66_DEFAULT_BASE_URL,
  CLOUD66_DEFAULT_RATE_LIMIT,
  CLOUD66_PAGE_SIZE,
  CLOUD66_SCOPES,
  type Cloud66Scope,
} from './constants.js';
export { parseCloud66Date } from './mapping/dates.js';
export { actionTaskId, type Cloud66TaskRef, parseCloud66TaskId, stackTaskId } from './mapping/task-id.js';
export { fixCloud66SignedUrl, toBackup, toDownloadLink } from './mapping/to-backup.js';
export { type DeploymentOverrides, toDeployment } from './mapping/to-deployment.js';
export { stackToSite } from './mapping/to-site.js';
export { actionToTask, stackToTask } from './mapping/to-task.js';
export { type Cloud66Provider, createCloud66Provider } from './provider.js';
export {
  BACKUP_STATUS_TABLE,
  backupStateOf,
  CLOUD66_BACKUP_STATES,
} from './rules/backup-states.js';
export { CLOUD66_STATUS_TABLE, cloud66ErrorMapping, parseCloud66ErrorBody } from './rules/http-errors.js';
export {
  CLOUD66_SITE_STATES,
  type Cloud66SiteStates,
  STACK_HEALTH_TABLE,
  STACK_STATUS_TABLE,
  type StackHealth,
  type StackHealthRow,
  type StackStatusInfo,
  type StackStatusRow,
  siteStatusOf,
  stackHealthRow,
  stackStatusInfo,
  stackStatusRow,
} from './rules/site-states.js';
export {
  ACTION_STATE_TABLE,
  type ActionPhase,
  actionPhase,
  CLOUD66_TASK_STATES,
  type Cloud66TaskStates,
  DEPLOYMENT_OUTCOME_TABLE,
  deploymentState,
  type StackTaskRow,
  stackTaskRow,
  stackTaskState,
} from './rules/task-states.js';
export { accountSchema, type Cloud66Account } from './schemas/account.js';
export { asyncActionSchema, type Cloud66AsyncAction } from './schemas/async-action.js';
export {
  backupFileLinkSchema,
  backupFileSchema,
  backupSchema,
  type Cloud66Backup,
  type Cloud66BackupFile,
  type Cloud66BackupFileLink,
} from './schemas/backup.js';
export {
  boolLike,
  type Cloud66GenericResponse,
  codeMeaningSchema,
  enveloped,
  genericResponseSchema,
  idString,
  intLike,
  listPage,
  numberLike,
  type Pagination,
  paginationSchema,
  untouchedPayload,
} from './schemas/common.js';
export {
  type Cloud66Deployment,
  type Cloud66RedeployResponse,
  deploymentSchema,
  redeployResponseSchema,
} from './schemas/deployment.js';
export { type Cloud66EnvironmentVariable, environmentVariableSchema } from './schemas/environment-variable.js';
export { type Cloud66Server, serverSchema } from './schemas/server.js';
export { type Cloud66Container, type Cloud66Service, containerSchema, serviceSchema } from './schemas/service.js';
export { type Cloud66SslCertificate, sslCertificateSchema } from './schemas/ssl-certificate.js';
export { type Cloud66Stack, stackSchema } from './schemas/stack.js';
export type {
  Cloud66DeployInput,
  Cloud66DeployOperation,
  Cloud66DeployService,
} from './services/deploys.js';
