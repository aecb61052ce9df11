import { z } from 'zod';
import { VENDOR_IDS, type VendorId } from '../vendors/table.js';

/**
 * Which stage a site serves. Vendors name stages freely (`prod`, `live`, `production`, `test`, `stage`,
 * `01dev`); each package maps its names here so `site.environment === 'prod'` means the same everywhere.
 * @public
 */
export type SiteEnvironment = 'prod' | 'staging' | 'dev' | 'other';

/**
 * Normalised condition of a site. `busy` means the vendor is running something on it (a deploy, a
 * locked server) and may refuse new work.
 * @public
 */
export type SiteStatus = 'active' | 'provisioning' | 'busy' | 'stopped' | 'failed' | 'unknown';

/**
 * A thing that serves a website: an Acquia environment, a Site Factory site, a Cloud 66 stack, an OnApp
 * virtual server.
 * @public
 */
export interface Site {
  readonly vendor: VendorId;
  /** The vendor's id, as a string. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  readonly environment: SiteEnvironment;
  /** The vendor's own stage name (`prod`, `production`, `01live`, ...). */
  readonly environmentName?: string | undefined;
  readonly status: SiteStatus;
  /** Primary URL or host name, when the vendor has one. */
  readonly url?: string | undefined;
  /** The vendor's grouping: Acquia application, Site Factory stack, Cloud 66 account, OnApp hypervisor zone. */
  readonly group?: string | undefined;
  readonly createdAt?: Date | undefined;
  /** The vendor's status, untouched. */
  readonly rawStatus: string;
  /** The untouched vendor payload. */
  readonly raw: unknown;
}

/** Zod schema for {@link Site}, used by the contract suite. @public */
export const siteSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  id: z.string().min(1),
  name: z.string(),
  environment: z.enum(['prod', 'staging', 'dev', 'other']),
  environmentName: z.string().optional(),
  status: z.enum(['active', 'provisioning', 'busy', 'stopped', 'failed', 'unknown']),
  url: z.string().optional(),
  group: z.string().optional(),
  createdAt: z.date().optional(),
  rawStatus: z.string(),
  raw: z.unknown(),
});

/**
 * Maps a vendor's stage name to {@link SiteEnvironment} by the names vendors actually use. Vendor
 * packages call it after stripping their own prefixes (Site Factory's `01live`).
 * @public
 */
export function environmentFromName(name: string | undefined | null): SiteEnvironment {
  const value = (name ?? '').trim().toLowerCase();
  if (/^(prod|production|live|prd)$/.test(value)) return 'prod';
  if (/^(test|testing|stage|staging|stg|uat|preprod|pprod|qa)$/.test(value)) return 'staging';
  if (/^(dev|development|develop|local|ode\d*)$/.test(value)) return 'dev';
  return 'other';
}
