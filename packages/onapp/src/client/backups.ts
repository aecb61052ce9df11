import { type CallOptions, encodePath } from '@omnihost/core';
import { type OnAppBackup, onAppBackupSchema } from '../schemas/backup.js';
import { type Template, templateSchema } from '../schemas/template.js';
import { type ApiContext, ignoredBody, optionalBody, sendData } from './api-context.js';
import { numericId, type ServerRef, serverRef } from './resource-path.js';

/** Options of `backups.convertToTemplate`. @public */
export interface ConvertBackupInput {
  label: string;
  minMemorySize?: number | undefined;
  minDiskSize?: number | undefined;
}

/** Backups (both kinds): the typed calls of `/backups` and incremental creation. @public */
export interface BackupsApi {
  get(backupId: string | number, options?: CallOptions): Promise<OnAppBackup>;
  /**
   * Takes an incremental (file) backup of the whole server; needs backup servers and
   * `support_incremental_backups` on the server.
   */
  createIncremental(
    server: ServerRef,
    input?: { note?: string | undefined },
    options?: CallOptions,
  ): Promise<OnAppBackup>;
  /** Restores the backup over its server's disks (`restore_backup` / `restore_incremental_backup`). */
  restore(backupId: string | number, options?: CallOptions): Promise<void>;
  /** Deletes the backup (`destroy_backup`). */
  delete(backupId: string | number, options?: CallOptions): Promise<void>;
  /** Turns the backup into a template (`convert_backup`); answers with the template. */
  convertToTemplate(
    backupId: string | number,
    input: ConvertBackupInput,
    options?: CallOptions,
  ): Promise<Template | undefined>;
}

/** Builds the `/backups` calls. @internal */
export function backupsApi(context: ApiContext): BackupsApi {
  return {
    get: (backupId, options) =>
      sendData(context, {
        operation: 'backups.get',
        method: 'GET',
        path: encodePath`/backups/${numericId(backupId, 'backup')}`,
        schema: onAppBackupSchema,
        options,
      }),
    async createIncremental(server, input = {}, options) {
      const backup = await sendData(context, {
        operation: 'backups.createIncremental',
        method: 'POST',
        path: encodePath`/virtual_machines/${serverRef(server)}/backups`,
        body: { backup: { note: input.note ?? null } },
        schema: optionalBody(onAppBackupSchema).refine((value) => value !== undefined, 'expected the new backup'),
        options,
      });
      return backup as OnAppBackup;
    },
    async restore(backupId, options) {
      await sendData(context, {
        operation: 'backups.restore',
        method: 'POST',
        path: encodePath`/backups/${numericId(backupId, 'backup')}/restore`,
        schema: ignoredBody,
        options,
      });
    },
    async delete(backupId, options) {
      await sendData(context, {
        operation: 'backups.delete',
        method: 'DELETE',
        path: encodePath`/backups/${numericId(backupId, 'backup')}`,
        schema: ignoredBody,
        options,
      });
    },
    convertToTemplate: (backupId, input, options) =>
      // The PHP wrapper POSTs `<backup><label>`; the QA suite sends `image_template` fields. POST with the
      // documented `backup` root (vendors/onapp.md §3; the Go SDK's PUT is the odd one out).
      sendData(context, {
        operation: 'backups.convertToTemplate',
        method: 'POST',
        path: encodePath`/backups/${numericId(backupId, 'backup')}/convert`,
        body: {
          backup: {
            label: input.label,
            ...(input.minMemorySize !== undefined ? { min_memory_size: input.minMemorySize } : {}),
            ...(input.minDiskSize !== undefined ? { min_disk_size: input.minDiskSize } : {}),
          },
        },
        schema: optionalBody(templateSchema),
        options,
      }),
  };
}
