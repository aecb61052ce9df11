import { z } from 'zod';
import { flagField, idField, intField, textField, timestampField } from './scalars.js';

/** A template (`<image_template>`): what a server is built or rebuilt from. @public */
export const templateSchema = z.looseObject({
  id: idField,
  identifier: textField,
  label: textField,
  version: textField,
  file_name: textField,
  operating_system: textField,
  operating_system_distro: textField,
  min_disk_size: intField,
  min_memory_size: intField,
  allowed_swap: flagField,
  state: textField,
  user_id: intField,
  created_at: timestampField,
  updated_at: timestampField,
});

/** A template as the typed client returns it. @public */
export type Template = z.output<typeof templateSchema>;
