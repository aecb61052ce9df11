import { type CallOptions, encodePath } from '@omnihost/core';
import { type OnAppBackup, onAppBackupSchema } from '../schemas/backup.js';
import { type Disk, diskSchema } from '../schemas/disk.js';
import { arrayOf } from '../schemas/lists.js';
import { type ApiContext, optionalBody, sendData } from './api-context.js';
import { numericId } from './resource-path.js';

/** Options of `disks.createBackup`. @public */
export interface CreateDiskBackupInput {
  /** Free text stored with the backup. */
  note?: string | undefined;
  /** Back up a Windows disk while the server runs. */
  forceWindowsBackup?: boolean | undefined;
}

/** Disks: the typed calls of `/settings/disks`. @public */
export interface DisksApi {
  get(diskId: string | number, options?: CallOptions): Promise<Disk>;
  /** Normal (image) backups of one disk. */
  backups(diskId: string | number, options?: CallOptions): Promise<OnAppBackup[]>;
  /** Takes a normal backup of the disk: 201 + the backup (`built` false) and a `take_backup` transaction. */
  createBackup(diskId: string | number, input?: CreateDiskBackupInput, options?: CallOptions): Promise<OnAppBackup>;
}

/** Builds the `/settings/disks` calls. @internal */
export function disksApi(context: ApiContext): DisksApi {
  return {
    get: (diskId, options) =>
      sendData(context, {
        operation: 'disks.get',
        method: 'GET',
        path: encodePath`/settings/disks/${numericId(diskId, 'disk')}`,
        schema: diskSchema,
        options,
      }),
    backups: (diskId, options) =>
      sendData(context, {
        operation: 'disks.backups',
        method: 'GET',
        path: encodePath`/settings/disks/${numericId(diskId, 'disk')}/backups`,
        schema: arrayOf(onAppBackupSchema),
        options,
      }),
    async createBackup(diskId, input = {}, options) {
      const backup = await sendData(context, {
        operation: 'disks.createBackup',
        method: 'POST',
        path: encodePath`/settings/disks/${numericId(diskId, 'disk')}/backups`,
        body: {
          backup: {
            note: input.note ?? null,
            ...(input.forceWindowsBackup ? { force_windows_backup: 1 } : {}),
          },
        },
        schema: optionalBody(onAppBackupSchema).refine((value) => value !== undefined, 'expected the new backup'),
        options,
      });
      return backup as OnAppBackup;
    },
  };
}
