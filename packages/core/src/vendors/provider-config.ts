import { z } from 'zod';
import { VENDOR_IDS, VENDORS, type VendorConfig, type VendorId } from './table.js';

/** Any vendor's config as written by a user: the union of the table's config schemas. @public */
export type ProviderConfig = { [V in VendorId]: VendorConfig<V> }[VendorId];

type ConfigSchema = (typeof VENDORS)[VendorId]['configSchema'];

/** Any vendor's config, picked by `vendor`: the table's schemas as one discriminated union. @public */
export const providerConfigSchema = z.discriminatedUnion(
  'vendor',
  VENDOR_IDS.map((vendor) => VENDORS[vendor].configSchema) as unknown as [ConfigSchema, ...ConfigSchema[]],
);
