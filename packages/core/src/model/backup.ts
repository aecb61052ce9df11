import { z } from 'zod';
import { VENDOR_IDS, type VendorId } from '../vendors/table.js';

/** Normalised state of a backup (a backup being taken is `pending`). @public */
export type BackupState = 'pending' | 'completed' | 'failed' | 'unknown';

/**
 * A restorable copy of a site (libcloud's "recovery point"): an Acquia database backup, a Site Factory
 * site archive, a Cloud 66 managed database backup, an OnApp disk or incremental backup.
 * @public
 */
export interface Backup {
  readonly vendor: VendorId;
  readonly id: string;
  /** The site it belongs to. */
  readonly siteId: string;
  readonly state: BackupState;
  /** `manual` (on demand) or `scheduled` (taken by the vendor's schedule), when known. */
  readonly trigger?: 'manual' | 'scheduled' | undefined;
  readonly label?: string | undefined;
  /** What the backup holds (`database`, `codebase`, `public files`, a disk label). */
  readonly components?: readonly string[] | undefined;
  readonly sizeBytes?: number | undefined;
  readonly createdAt?: Date | undefined;
  readonly completedAt?: Date | undefined;
  readonly rawStatus: string;
  readonly raw: unknown;
}

/** Zod schema for {@link Backup}, used by the contract suite. @public */
export const backupSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  id: z.string().min(1),
  siteId: z.string().min(1),
  state: z.enum(['pending', 'completed', 'failed', 'unknown']),
  trigger: z.enum(['manual', 'scheduled']).optional(),
  label: z.string().optional(),
  components: z.array(z.string()).readonly().optional(),
  sizeBytes: z.number().nonnegative().optional(),
  createdAt: z.date().optional(),
  completedAt: z.date().optional(),
  rawStatus: z.string(),
  raw: z.unknown(),
});

/** One downloadable part of a backup. @public */
export interface DownloadSegment {
  readonly url: string;
  readonly expiresAt?: Date | undefined;
}

/**
 * Where to download a backup. `url` is the first (often only) part; Cloud 66 splits large backups into
 * several files, listed in order in `segments`. The URLs are pre-signed: fetch them without credentials.
 * @public
 */
export interface BackupDownloadLink {
  readonly url: string;
  readonly expiresAt?: Date | undefined;
  readonly segments: readonly DownloadSegment[];
}
