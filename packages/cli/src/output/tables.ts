import type { Backup, BackupDownloadLink, Deployment, Site, Task } from '@omnihost/core';
import { type Cell, type Column, layoutTable } from './layout.js';
import { withVendorTerm } from './terms.js';

/** How tables are drawn. @public */
export interface TableStyle {
  /** Colour in the header. */
  readonly color: boolean;
  /** The terminal's width, when stdout is one: tables are fitted to it. Absent: nothing is shortened. */
  readonly width?: number | undefined;
  /** Where to say that columns were hidden to fit the width (stderr, for people). */
  note?(text: string): void;
}

/** `2026-12-04T22:00:43.000Z`, shortened to `2026-12-04 22:00` (UTC) where room is short. */
function dateCell(value: Date | undefined): Cell {
  if (value === undefined) return '';
  const iso = value.toISOString();
  return { text: iso, short: `${iso.slice(0, 10)} ${iso.slice(11, 16)}` };
}

function render(columns: readonly Column[], rows: readonly (readonly Cell[])[], style: TableStyle, wrap = false) {
  const { text, hidden } = layoutTable(columns, rows, { color: style.color, width: style.width, wrap });
  if (hidden.length > 0) {
    style.note?.(`(${hidden.join(', ')} not shown, to fit ${style.width} columns; --json prints every field)`);
  }
  return text;
}

const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
};

/** Sites, one row each. @public */
export function sitesTable(sites: readonly Site[], style: TableStyle): string {
  const columns: Column[] = [
    { header: 'id', keep: true },
    { header: 'name', minWidth: 16 },
    { header: 'environment', shortHeader: 'env', minWidth: 7 },
    { header: 'status', minWidth: 7 },
    { header: 'url', hideOrder: 1, minWidth: 16 },
    { header: 'group', hideOrder: 2 },
  ];
  const rows = sites.map((site) => [
    site.id,
    site.name,
    withVendorTerm(site.environment, site.environmentName),
    withVendorTerm(site.status, site.rawStatus),
    text(site.url),
    text(site.group),
  ]);
  return render(columns, rows, style);
}

/** Backups, one row each. @public */
export function backupsTable(backups: readonly Backup[], style: TableStyle): string {
  const columns: Column[] = [
    { header: 'id', keep: true },
    { header: 'state', minWidth: 7 },
    { header: 'trigger', hideOrder: 2 },
    { header: 'label', hideOrder: 1 },
    { header: 'components', shortHeader: 'parts', hideOrder: 3 },
    { header: 'size', minWidth: 8 },
    { header: 'created', minWidth: 16 },
  ];
  const rows = backups.map((backup) => [
    backup.id,
    withVendorTerm(backup.state, backup.rawStatus),
    text(backup.trigger),
    text(backup.label),
    text(backup.components),
    backup.sizeBytes === undefined ? '' : formatBytes(backup.sizeBytes),
    dateCell(backup.createdAt),
  ]);
  return render(columns, rows, style);
}

/** Deploys, one row each: what was deployed, how it ended and when. @public */
export function deploymentsTable(deployments: readonly Deployment[], style: TableStyle): string {
  const columns: Column[] = [
    { header: 'id', keep: true },
    { header: 'ref', minWidth: 12 },
    { header: 'state', minWidth: 7 },
    { header: 'started', minWidth: 16 },
    { header: 'finished', minWidth: 16, hideOrder: 2 },
    { header: 'message', hideOrder: 1 },
  ];
  const rows = deployments.map((deployment) => [
    deployment.id,
    text(deployment.ref),
    withVendorTerm(deployment.state, deployment.rawStatus),
    dateCell(deployment.startedAt),
    dateCell(deployment.finishedAt),
    text(deployment.message),
  ]);
  return render(columns, rows, style);
}

/**
 * One record as a two-column field/value table, skipping empty fields and the raw payload. Long values wrap
 * rather than being cut: this is the view of one item, where every character may matter.
 * @public
 */
export function recordTable(record: Site | Backup | Task | Deployment | BackupDownloadLink, style: TableStyle): string {
  const rows: Cell[][] = [];
  for (const [field, value] of Object.entries(record)) {
    if (field === 'raw' || value === undefined || value === null || value === '') continue;
    if (field === 'segments' && Array.isArray(value)) {
      value.forEach((segment: { url: string }, index) => {
        rows.push([`segment ${index + 1}`, segment.url]);
      });
      continue;
    }
    rows.push([field, text(value)]);
  }
  return render([{ header: 'field', keep: true }, { header: 'value' }], rows, style, true);
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
