import { z } from 'zod';
import { flagField, idField, intField, textField, timestampField } from './scalars.js';

/** A disk of a virtual server (`<disk>`): normal backups are taken per disk. @public */
export const diskSchema = z.looseObject({
  id: idField,
  identifier: textField,
  label: textField,
  disk_size: intField,
  /** The system disk, the one a rebuild reinstalls. */
  primary: flagField,
  is_swap: flagField,
  built: flagField,
  locked: flagField,
  virtual_machine_id: intField,
  data_store_id: intField,
  mount_point: textField,
  file_system: textField,
  has_autobackups: flagField,
  created_at: timestampField,
  updated_at: timestampField,
});

/** A disk as the typed client returns it. @public */
export type Disk = z.output<typeof diskSchema>;
