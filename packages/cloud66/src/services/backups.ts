import {
  type BackupDownloadLink,
  type BackupService,
  type CallOptions,
  type DownloadSegment,
  deferList,
  mapPaged,
  NotFoundError,
  newIntent,
  type Operation,
  type StartIntent,
  startOperation,
  UnsupportedOperationError,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { fixCloud66SignedUrl, toBackup, toDownloadLink } from '../mapping/to-backup.js';
import { checkedId } from './ids.js';

/** More segments than any real backup has: a list that never ends is cut here rather than followed forever. */
const MAX_SEGMENTS = 1000;

/** Why each missing backup operation is missing (vendor notes §3.4). */
const UNSUPPORTED = {
  create:
    'Cloud 66 takes backups only on a schedule (POST /stacks/{uid}/backups creates a schedule, not a backup); use provider.raw.backups.schedule()',
  restore:
    'the Cloud 66 API has no restore endpoint; download the backup with backups.downloadLink() and restore it by hand',
  delete: "the Cloud 66 API cannot delete a backup; a schedule's keep_count prunes old ones",
} as const;

/**
 * Backups are Cloud 66 managed database backups: list, get and download links; create, restore and
 * delete throw `UnsupportedOperationError`, as `capabilities.backups` says.
 * @internal
 */
export function createBackupService(raw: Cloud66Client): BackupService {
  return {
    list: (siteId, options = {}) =>
      deferList(() =>
        mapPaged(raw.backups.list(checkedId(siteId, 'site', 'backups.list'), { signal: options.signal }), (backup) =>
          toBackup(siteId, backup),
        ),
      ),
    get: async (siteId, backupId, options = {}) => {
      checkedId(siteId, 'site', 'backups.get');
      checkedId(backupId, 'backup', 'backups.get');
      return toBackup(siteId, await raw.backups.get(siteId, backupId, { signal: options.signal }));
    },
    create: (siteId, options = {}) =>
      refuse(newIntent('cloud66', 'backups.create', { siteId, label: options.label }, options), UNSUPPORTED.create),
    restore: (siteId, backupId, options = {}) =>
      refuse(
        newIntent('cloud66', 'backups.restore', { siteId, backupId, targetSiteId: options.targetSiteId }, options),
        UNSUPPORTED.restore,
      ),
    delete: (siteId, backupId, options = {}) =>
      refuse(newIntent('cloud66', 'backups.delete', { siteId, backupId }, options), UNSUPPORTED.delete),
    downloadLink: async (siteId, backupId, options = {}) => {
      checkedId(siteId, 'site', 'backups.downloadLink');
      checkedId(backupId, 'backup', 'backups.downloadLink');
      return downloadLink(raw, siteId, backupId, options);
    },
  };
}

/**
 * A start call Cloud 66 does not have, refused the way every start fails (issue 15): through `startOperation`,
 * so the error says `outcome: 'not-started'`, carries the intent, and `err.reconcile()` resolves `null`.
 */
function refuse<T>(intent: StartIntent, reason: string): Promise<Operation<T>> {
  return startOperation<T>(
    intent,
    async () => {
      throw new UnsupportedOperationError('cloud66', intent.kind, reason);
    },
    async () => null,
  );
}

/**
 * Lists the backup's file segments, then asks for each one's pre-signed URL, in order (what `cx backups
 * download` does before concatenating them). One request per segment, spent from the same budget.
 */
async function downloadLink(
  raw: Cloud66Client,
  siteId: string,
  backupId: string,
  options: CallOptions,
): Promise<BackupDownloadLink> {
  const segments: DownloadSegment[] = [];
  for await (const file of raw.backups.files(siteId, backupId, { signal: options.signal })) {
    const link = await raw.backups.fileLink(siteId, backupId, file.id, { signal: options.signal });
    segments.push(fixCloud66SignedUrl(link.public_url));
    if (segments.length >= MAX_SEGMENTS) break;
  }
  const result = toDownloadLink(segments);
  if (!result) {
    throw new NotFoundError(`cloud66 backups.downloadLink: backup ${backupId} has no files to download`, {
      vendor: 'cloud66',
      operation: 'backups.downloadLink',
    });
  }
  return result;
}
