import type { ZodType } from 'zod';
import { acceptedSchema } from '../schemas/accepted.js';
import { accountSchema } from '../schemas/account.js';
import { applicationListSchema, applicationSchema } from '../schemas/application.js';
import { backupDownloadSchema, backupListSchema, backupSchema } from '../schemas/backup.js';
import { codeReferenceListSchema } from '../schemas/code.js';
import { environmentListSchema, environmentSchema } from '../schemas/environment.js';
import { notificationListSchema, notificationSchema } from '../schemas/notification.js';
import type { AcquiaOperationId } from './operation-types.js';

/**
 * Runtime validation `raw.request` applies to the operations whose shape the adapter knows (the ones the
 * vocabulary uses). The database list is deliberately absent: its schema strips credentials, which a raw
 * caller asked for on purpose.
 * @internal
 */
export const RAW_RESPONSE_SCHEMAS: Partial<Record<AcquiaOperationId, ZodType>> = {
  getAccount: accountSchema,
  getApplications: applicationListSchema,
  getApplicationByUuid: applicationSchema,
  getApplicationEnvironments: environmentListSchema,
  getEnvironment: environmentSchema,
  getCodeByApplicationUuid: codeReferenceListSchema,
  getEnvironmentsDatabaseBackups: backupListSchema,
  getEnvironmentsDatabaseBackup: backupSchema,
  getEnvironmentsDatabaseDownloadBackup: backupDownloadSchema,
  getNotificationByUuid: notificationSchema,
  getApplicationNotifications: notificationListSchema,
  postEnvironmentsSwitchCode: acceptedSchema,
  postEnvironmentsDeployCode: acceptedSchema,
  postEnvironmentsDatabases: acceptedSchema,
  postEnvironmentsFiles: acceptedSchema,
  postEnvironmentsDatabaseBackups: acceptedSchema,
  deleteEnvironmentsDatabaseBackup: acceptedSchema,
  postEnvironmentsDatabaseRestoreBackup: acceptedSchema,
};
