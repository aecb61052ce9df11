/**
 * The vendors omnihost speaks to. Every model and error names one of these.
 * @public
 */
export type VendorId = 'acquia' | 'sitefactory' | 'cloud66' | 'onapp';

/** All vendor ids, in a stable order (used by the registry and the CLI). @public */
export const VENDOR_IDS: readonly VendorId[] = ['acquia', 'sitefactory', 'cloud66', 'onapp'];

/** The npm package that implements each vendor, loaded on demand by `createProvider`. @public */
export const VENDOR_PACKAGES: Readonly<Record<VendorId, string>> = {
  acquia: '@omnihost/acquia',
  sitefactory: '@omnihost/sitefactory',
  cloud66: '@omnihost/cloud66',
  onapp: '@omnihost/onapp',
};
