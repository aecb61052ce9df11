import {
  type Backup,
  type BackupService,
  type CallOptions,
  type CreateBackupOptions,
  checkComponents,
  type DeleteBackupOptions,
  deferList,
  type ListBackupsOptions,
  mapPaged,
  NotFoundError,
  type PagedIterable,
  type RestoreBackupOptions,
  withIdempotencyKey,
} from '@omnihost/core';
import { BACKUP_COMPONENTS, RESTORE_COMPONENTS } from '../capabilities.js';
import { requestOperation } from '../client/request-operation.js';
import { DOWNLOAD_URL_LIFETIME_S } from '../constants.js';
import { toBackup } from '../mapping/to-backup.js';
import { backupUrlSchema } from '../schemas/backup.js';
import { backupRows } from './backup-records.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';
import { type SiteFactoryStarts, siteFactoryIntent } from './operations.js';
import { startTaskOperation } from './started-task.js';

/**
 * Backups: whole-site archives with selectable parts (seed 002). Creating one starts a `SiteArchive` WIP
 * task; the task does not name the backup it writes, so the call's idempotency key travels in the label
 * (`<label> omnihost:<key>`, shown without the key), and the finished backup is the site's archive whose label
 * carries the key. Every start (create, restore, delete) is run by core's `startOperation`: a failure says
 * whether the work may have started, and `err.reconcile()` finds it (issue 15).
 * @internal
 */
export function createBackupService(context: ServiceContext, starts: SiteFactoryStarts): BackupService {
  function list(siteId: string, options: ListBackupsOptions = {}): PagedIterable<Backup> {
    return deferList(() => {
      const site = numericId(siteId, 'siteId', 'backups.list');
      return mapPaged(backupRows(context, site, options.signal, 'backups.list'), toBackup);
    });
  }

  async function get(siteId: string, backupId: string, options: CallOptions = {}): Promise<Backup> {
    const wanted = String(numericId(backupId, 'backupId', 'backups.get'));
    for await (const backup of list(siteId, options)) if (backup.id === wanted) return backup;
    throw new NotFoundError(`sitefactory backups.get: site ${siteId} has no backup ${wanted}`, {
      vendor: 'sitefactory',
      operation: 'backups.get',
    });
  }

  return {
    list,
    get,
    async create(siteId: string, options: CreateBackupOptions = {}) {
      const intent = siteFactoryIntent(
        'backups.create',
        { siteId, label: options.label, components: options.components },
        options,
      );
      return starts.run(intent, (start) => {
        const site = numericId(siteId, 'siteId', 'backups.create');
        const components = checkComponents('sitefactory', options.components, BACKUP_COMPONENTS, 'backups.create');
        // The key travels in the label, the one free text a backup keeps; the label reads back without it.
        const label = withIdempotencyKey(options.label, intent.key);
        return startTaskOperation(context, 'backups.create', start, {
          operationId: 'post_Sites_backupSite',
          input: { path: { site_id: site }, body: { label, components }, signal: options.signal },
        });
      });
    },
    async restore(siteId: string, backupId: string, options: RestoreBackupOptions = {}) {
      const intent = siteFactoryIntent(
        'backups.restore',
        { siteId, backupId, targetSiteId: options.targetSiteId, components: options.components },
        options,
      );
      return starts.run(intent, (start) => {
        const site = numericId(siteId, 'siteId', 'backups.restore');
        const body = {
          backup_id: numericId(backupId, 'backupId', 'backups.restore'),
          target_site_id: options.targetSiteId
            ? numericId(options.targetSiteId, 'targetSiteId', 'backups.restore')
            : undefined,
          components: checkComponents('sitefactory', options.components, RESTORE_COMPONENTS, 'backups.restore'),
        };
        return startTaskOperation(context, 'backups.restore', start, {
          operationId: 'post_Sites_restoreSite',
          input: { path: { site_id: site }, body, signal: options.signal },
        });
      });
    },
    async delete(siteId: string, backupId: string, options: DeleteBackupOptions = {}) {
      const intent = siteFactoryIntent('backups.delete', { siteId, backupId }, options);
      return starts.run(intent, (start) => {
        const path = {
          site_id: numericId(siteId, 'siteId', 'backups.delete'),
          backup_id: numericId(backupId, 'backupId', 'backups.delete'),
        };
        return startTaskOperation(context, 'backups.delete', start, {
          operationId: 'delete_Sites_deleteSiteBackup',
          input: { path, signal: options.signal },
        });
      });
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
