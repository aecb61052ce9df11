import type { Backup, BackupDownloadLink, Deployment, Site, Task } from '@omnihost/core';
import Table from 'cli-table3';
import pc from 'picocolors';

/** How tables are drawn: colour in the header only when colour is on. @public */
export interface TableStyle {
  readonly color: boolean;
}

/** No rule between rows: lists stay one line per item, as `ls -l` or `kubectl get` print them. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * A compact table whose header is coloured only when `style.color` says so. The colour is applied here with
 * picocolors rather than through cli-table3's `style.head`: that goes through @colors/colors, which decides on
 * its own from the process's stdout and environment (a CI runner without a TTY turned it off even when the
 * CLI wrote to a terminal-like stream), so the CLI's decision — TTY, NO_COLOR, --no-color — would not be the
 * one that counts.
 */
export function createTable(head: readonly string[], style: TableStyle): Table.Table {
  const colors = pc.createColors(style.color);
  return new Table({ head: head.map((cell) => colors.cyan(cell)), chars: COMPACT, style: { head: [], border: [] } });
}

const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
};

/** Sites, one row each. @public */
export function sitesTable(sites: readonly Site[], style: TableStyle): string {
  const out = createTable(['id', 'name', 'environment', 'status', 'url', 'group'], style);
  for (const site of sites) {
    const environment =
      site.environmentName && site.environmentName !== site.environment
        ? `${site.environment} (${site.environmentName})`
        : site.environment;
    out.push([site.id, site.name, environment, `${site.status} (${site.rawStatus})`, text(site.url), text(site.group)]);
  }
  return out.toString();
}

/** Backups, one row each. @public */
export function backupsTable(backups: readonly Backup[], style: TableStyle): string {
  const out = createTable(['id', 'state', 'trigger', 'label', 'components', 'size', 'created'], style);
  for (const backup of backups) {
    out.push([
      backup.id,
      `${backup.state} (${backup.rawStatus})`,
      text(backup.trigger),
      text(backup.label),
      text(backup.components),
      backup.sizeBytes === undefined ? '' : formatBytes(backup.sizeBytes),
      text(backup.createdAt),
    ]);
  }
  return out.toString();
}

/** Deploys, one row each: what was deployed, how it ended and when. @public */
export function deploymentsTable(deployments: readonly Deployment[], style: TableStyle): string {
  const out = createTable(['id', 'ref', 'state', 'started', 'finished', 'message'], style);
  for (const deployment of deployments) {
    out.push([
      deployment.id,
      text(deployment.ref),
      `${deployment.state} (${deployment.rawStatus})`,
      text(deployment.startedAt),
      text(deployment.finishedAt),
      text(deployment.message),
    ]);
  }
  return out.toString();
}

/** One record as a two-column field/value table, skipping empty fields and the raw payload. @public */
export function recordTable(record: Site | Backup | Task | Deployment | BackupDownloadLink, style: TableStyle): string {
  const out = createTable(['field', 'value'], style);
  for (const [field, value] of Object.entries(record)) {
    if (field === 'raw' || value === undefined) continue;
    if (field === 'segments' && Array.isArray(value)) {
      value.forEach((segment: { url: string }, index) => {
        out.push([`segment ${index + 1}`, segment.url]);
      });
      continue;
    }
    out.push([field, text(value)]);
  }
  return out.toString();
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
