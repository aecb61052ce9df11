import {
  type Backup,
  type BackupService,
  type CallOptions,
  type CreateBackupOptions,
  checkComponents,
  deferList,
  type ListBackupsOptions,
  NotFoundError,
  numberedPages,
  type PagedIterable,
  ResponseValidationError,
  type RestoreBackupOptions,
  type Task,
} from '@omnihost/core';
import { BACKUP_COMPONENTS, RESTORE_COMPONENTS } from '../capabilities.js';
import { listEnvelope } from '../client/list-envelope.js';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { DOWNLOAD_URL_LIFETIME_S } from '../constants.js';
import { toBackup } from '../mapping/to-backup.js';
import { backupRowSchema, backupUrlSchema } from '../schemas/backup.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';
import { startedTaskOperation } from './started-task.js';

const backupListSchema = listEnvelope(backupRowSchema, ['backups']);
/** The largest page `GET /api/v1/sites/{id}/backups` serves (100 in the spec). */
const MAX_PAGE = SITE_FACTORY_OPERATIONS.get_Sites_getSiteBackups.maxLimit ?? 100;

/**
 * Backups: whole-site archives with selectable parts (seed 002). Creating one starts a `SiteArchive` WIP
 * task; the task does not name the backup it writes, so the finished backup is found in the site's list
 * (newest first) as the newest one taken after the task was added, with the requested label.
 * @internal
 */
export function createBackupService(context: ServiceContext): BackupService {
  function list(siteId: string, options: ListBackupsOptions = {}): PagedIterable<Backup> {
    return deferList(() => listOf(numericId(siteId, 'siteId', 'backups.list'), options));
  }

  function listOf(site: number, options: ListBackupsOptions): PagedIterable<Backup> {
    return numberedPages(
      async ({ page }, signal) => {
        const data = await requestOperation(
          context.client,
          'get_Sites_getSiteBackups',
          { path: { site_id: site }, query: { page, limit: MAX_PAGE }, signal },
          backupListSchema,
          'backups.list',
        );
        return { items: data.items.map(toBackup), total: data.count };
      },
      { pageSize: MAX_PAGE, signal: options.signal },
    );
  }

  async function get(siteId: string, backupId: string, options: CallOptions = {}): Promise<Backup> {
    const wanted = String(numericId(backupId, 'backupId', 'backups.get'));
    for await (const backup of list(siteId, options)) if (backup.id === wanted) return backup;
    throw new NotFoundError(`sitefactory backups.get: site ${siteId} has no backup ${wanted}`, {
      vendor: 'sitefactory',
      operation: 'backups.get',
    });
  }

  async function findCreated(siteId: string, task: Task, label: string | undefined, signal?: AbortSignal) {
    const added = task.createdAt ? task.createdAt.getTime() / 1000 : 0;
    for await (const backup of list(siteId, { signal })) {
      const taken = backup.createdAt ? backup.createdAt.getTime() / 1000 : 0;
      // Newest first: once backups are older than the task, the new one is not in the list.
      if (taken < added) break;
      if (label === undefined || backup.label === label) return backup;
    }
    throw new ResponseValidationError(
      `sitefactory backups.create: task ${task.id} succeeded but site ${siteId} lists no backup taken after it started`,
      { vendor: 'sitefactory', operation: 'backups.create', reason: 'unexpected' },
    );
  }

  return {
    list,
    get,
    async create(siteId: string, options: CreateBackupOptions = {}) {
      const site = numericId(siteId, 'siteId', 'backups.create');
      const components = checkComponents('sitefactory', options.components, BACKUP_COMPONENTS, 'backups.create');
      const label = options.label;
      return startedTaskOperation(
        context,
        'post_Sites_backupSite',
        { path: { site_id: site }, body: { label, components }, signal: options.signal },
        'backups.create',
        (task, signal) => findCreated(String(site), task, label, signal),
      );
    },
    async restore(siteId: string, backupId: string, options: RestoreBackupOptions = {}) {
      const site = numericId(siteId, 'siteId', 'backups.restore');
      const body = {
        backup_id: numericId(backupId, 'backupId', 'backups.restore'),
        target_site_id: options.targetSiteId
          ? numericId(options.targetSiteId, 'targetSiteId', 'backups.restore')
          : undefined,
        components: checkComponents('sitefactory', options.components, RESTORE_COMPONENTS, 'backups.restore'),
      };
      return startedTaskOperation(
        context,
        'post_Sites_restoreSite',
        { path: { site_id: site }, body, signal: options.signal },
        'backups.restore',
        async (task) => task,
      );
    },
    async delete(siteId: string, backupId: string, options: CallOptions = {}) {
      const path = {
        site_id: numericId(siteId, 'siteId', 'backups.delete'),
        backup_id: numericId(backupId, 'backupId', 'backups.delete'),
      };
      return startedTaskOperation(
        context,
        'delete_Sites_deleteSiteBackup',
        { path, signal: options.signal },
        'backups.delete',
        async (task) => task,
      );
    },
    async downloadLink(siteId: string, backupId: string, options: CallOptions = {}) {
      const path = {
        site_id: numericId(siteId, 'siteId', 'backups.downloadLink'),
        backup_id: numericId(backupId, 'backupId', 'backups.downloadLink'),
      };
      const data = await requestOperation(
        context.client,
        'get_Sites_getSiteBackupUrl',
        { path, query: { lifetime: DOWNLOAD_URL_LIFETIME_S }, signal: options.signal },
        backupUrlSchema,
        'backups.downloadLink',
      );
      const expiresAt = new Date(Date.now() + (data.lifetime ?? DOWNLOAD_URL_LIFETIME_S) * 1000);
      return { url: data.url, expiresAt, segments: [{ url: data.url, expiresAt }] };
    },
  };
}
