import { z } from 'zod';
import { flagField, idField, intField, textField, timestampField } from './scalars.js';

/**
 * A backup (`<backup>`, vendors/onapp.md §3). `target_type` tells the two kinds apart: `Disk` for a
 * normal (image) backup of one disk, `VirtualMachine` for an incremental (file) backup of the server.
 * `built` is false while it is being taken. Pre-3.x panels send `backup_type` (`days-autobackup`) instead
 * of `initiated`, and an untyped `backup_size`.
 * @public
 */
export const onAppBackupSchema = z.looseObject({
  id: idField,
  identifier: textField,
  built: flagField,
  built_at: timestampField,
  locked: flagField,
  /** Size as the panel reports it (KB on the panels we have seen). */
  backup_size: intField,
  backup_type: textField,
  /** `manual`, or the schedule period (`days`, `weeks`, ...). */
  initiated: textField,
  target_id: intField,
  target_type: textField,
  disk_id: intField,
  backup_server_id: intField,
  template_id: intField,
  operating_system: textField,
  operating_system_distro: textField,
  min_disk_size: intField,
  min_memory_size: intField,
  marked_for_delete: flagField,
  note: textField,
  user_id: intField,
  created_at: timestampField,
  updated_at: timestampField,
});

/** A backup as the typed client returns it. @public */
export type OnAppBackup = z.output<typeof onAppBackupSchema>;
