import { z } from 'zod';
import { flagField, idField, intField, textField, timestampField } from './scalars.js';

/**
 * The hypervisor types a template runs on, as a list. Current panels send an array (`<virtualization
 * type="array"><virtualization>xen</virtualization>…`, JSON `["xen","kvm"]`; the Go SDK's `[]string`),
 * older ones a comma string (`"xen,kvm"`; the PHP wrapper's older field maps type it `string`). Both
 * read as `["xen", "kvm"]`; null and `""` as null.
 */
const virtualizationField = z
  .unknown()
  .transform((value, ctx): string[] | null | undefined => {
    if (value === undefined) return undefined;
    if (value === null || value === '') return null;
    const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
    if (items?.every((item) => typeof item === 'string')) {
      return items.map((item: string) => item.trim()).filter((item: string) => item !== '');
    }
    ctx.addIssue({ code: 'custom', message: 'expected a list of hypervisor types' });
    return z.NEVER;
  })
  .optional();

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
  virtualization: virtualizationField,
  state: textField,
  user_id: intField,
  created_at: timestampField,
  updated_at: timestampField,
});

/** A template as the typed client returns it. @public */
export type Template = z.output<typeof templateSchema>;
