/**
 * `@omnihost/onapp`: OnApp control panels (XML or JSON, HTTP Basic) behind the omnihost vocabulary, and
 * the typed OnApp client (`provider.raw`). Site = virtual server, Backup = disk or incremental backup,
 * Deploy = rebuild from a template, Task = transaction.
 * @packageDocumentation
 */

export { type OnAppCapabilities, onAppCapabilities } from './capabilities.js';
export {
  type ApiResult as OnAppApiResult,
  rawOf,
} from './client/api-context.js';
export type { BackupsApi, ConvertBackupInput } from './client/backups.js';
export type { CreateDiskBackupInput, DisksApi } from './client/disks.js';
export { createOnAppClient, type OnAppClient } from './client/onapp-client.js';
export type { ServerRef } from './client/resource-path.js';
export type { TemplatesApi } from './client/templates.js';
export type { ListTransactionsQuery, TransactionsApi } from './client/transactions.js';
export type {
  BuildInput,
  CreateVirtualServerInput,
  DeleteVirtualServerOptions,
  EditVirtualServerInput,
  ListVirtualServersQuery,
  OnAppPage,
  PageQuery,
  VirtualServersApi,
} from './client/virtual-servers.js';
export {
  createOnAppCodec,
  decodeRailsJson,
  type OnAppCodecOptions,
  type OnAppFormat,
  unwrapRailsJson,
} from './codec/onapp-codecs.js';
export {
  decodeRailsXml,
  decodeRailsXmlDocument,
  type RailsXmlDecodeOptions,
  type RailsXmlDocument,
} from './codec/rails-xml-decode.js';
export { encodeRailsXml } from './codec/rails-xml-encode.js';
export { DEFAULT_MAX_XML_CHARS } from './codec/xml-limits.js';
export { type OnAppProviderConfig, type ParsedOnAppConfig, parseOnAppConfig } from './config.js';
export { toBackup } from './mapping/to-backup.js';
export { toDeployment } from './mapping/to-deployment.js';
export { toSite } from './mapping/to-site.js';
export { logTail, toTask } from './mapping/to-task.js';
export { createOnAppProvider, type OnAppProvider } from './provider.js';
export { type EnvironmentInputs, environmentOfServer, type ServerEnvironment } from './rules/environments.js';
export { ONAPP_STATUS_TABLE, onAppErrorMapping, parseOnAppErrorBody } from './rules/http-errors.js';
export {
  ONAPP_SITE_STATES,
  type OnAppSiteStateRow,
  rawServerStatus,
  type ServerFlags,
  SITE_STATUS_TABLE,
  siteStatusOf,
} from './rules/site-states.js';
export { ONAPP_TASK_STATES, TASK_STATE_TABLE, taskStateOf } from './rules/task-states.js';
export { type OnAppBackup, onAppBackupSchema } from './schemas/backup.js';
export { type Disk, diskSchema } from './schemas/disk.js';
export { listOf, versionSchema } from './schemas/lists.js';
export {
  flagField,
  idField,
  intField,
  numberField,
  textField,
  timestampField,
  toDate,
} from './schemas/scalars.js';
export { type Template, templateSchema } from './schemas/template.js';
export { type Transaction, transactionSchema } from './schemas/transaction.js';
export {
  type IpAddress,
  ipAddressSchema,
  type VirtualServer,
  type VirtualServerStatus,
  virtualServerSchema,
  virtualServerStatusSchema,
} from './schemas/virtual-server.js';
export { resolveTemplateRef } from './services/template-ref.js';
