import pc from 'picocolors';
import { displayWidth, layoutTable } from '../output/layout.js';
import type { ReleaseFailure, ReleaseReport } from './release-night.js';

/** How to print the report. @public */
export interface RenderOptions {
  readonly color: boolean;
  /** The terminal's width: the summary table wraps its cells to fit. Absent: drawn at its natural width. */
  readonly width?: number | undefined;
}

/**
 * The release night's summary: one row per vendor, then every failed task with its site, task, vendor
 * status and the vendor's message, then what a vendor could not do.
 * @public
 */
export function renderReleaseReport(reports: readonly ReleaseReport[], options: RenderOptions): string {
  const colors = pc.createColors(options.color);
  const headers = [
    'vendor',
    'sites (prod/staging)',
    'backups ok/failed',
    'deploys ok/failed',
    'tasks ok/failed',
    'API calls',
    'throttled (absorbed)',
    'elapsed',
  ];
  const rows = reports.map((report) => [
    report.vendor,
    `${report.sites} (${report.prodSites}/${report.stagingSites})`,
    report.backups.unsupported > 0 ? 'n/a (scheduled only)' : `${report.backups.succeeded}/${report.backups.failed}`,
    deploysCell(report),
    `${report.tasks.succeeded}/${report.tasks.failed}`,
    String(report.apiCalls),
    String(report.throttled),
    `${(report.elapsedMs / 1000).toFixed(1)} s`,
  ]);
  // A row per vendor reads best; where that is wider than the terminal, a row per figure (a column per
  // vendor) fits, its cells wrapped at words. Nothing is cut or hidden: it is the demo's result.
  const wide = layoutTable(
    headers.map((header) => ({ header })),
    rows,
    { color: options.color },
  ).text;
  const fits =
    options.width === undefined || wide.split('\n').every((line) => displayWidth(line) <= (options.width ?? 0));
  const table = fits
    ? wide
    : layoutTable(
        [{ header: '', keep: true }, ...reports.map((report) => ({ header: report.vendor, minWidth: 5 }))],
        headers.slice(1).map((header, index) => [header, ...rows.map((row) => row[index + 1] ?? '')]),
        { color: options.color, width: options.width, wrap: true },
      ).text;
  const lines = [table];
  const failures = reports.flatMap((report) => report.failures.map((failure) => ({ vendor: report.vendor, failure })));
  if (failures.length > 0) {
    lines.push('', colors.bold('Failed'));
    for (const { vendor, failure } of failures)
      lines.push(`  ${colors.red('✗')} ${vendor} ${describeFailure(failure)}`);
  }
  const unsupported = reports.flatMap((report) => report.unsupported);
  if (unsupported.length > 0) {
    lines.push('', colors.bold('Not supported by the vendor'));
    for (const note of unsupported) lines.push(`  ${colors.yellow('–')} ${note}`);
  }
  const skipped = reports.flatMap((report) => report.skipped);
  if (skipped.length > 0) {
    lines.push('', colors.bold('Skipped on purpose'));
    for (const note of skipped) lines.push(`  ${colors.yellow('–')} ${note}`);
  }
  return lines.join('\n');
}

/** `2/1`; `2/1 (6 sites)` when a deploy covered a whole stack; `0/0 (3 skipped)` when a stack was left alone. */
function deploysCell(report: ReleaseReport): string {
  const { succeeded, failed, sitesCovered, sitesSkipped } = report.deploys;
  const notes = [
    ...(sitesCovered > succeeded ? [`${sitesCovered} sites`] : []),
    ...(sitesSkipped > 0 ? [`${sitesSkipped} skipped`] : []),
  ];
  return `${succeeded}/${failed}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** "backup of shop.prod (id 42): task 7 ended with vendor status failed: Disk quota exceeded". */
function describeFailure(failure: ReleaseFailure): string {
  if (failure.job === 'list') return `could not list sites: ${failure.error}: ${failure.message}`;
  const site = `${failure.site}${failure.siteId && failure.siteId !== failure.site ? ` (id ${failure.siteId})` : ''}`;
  const task = failure.taskId
    ? `task ${failure.taskId}${failure.rawStatus ? ` ended with vendor status "${failure.rawStatus}"` : ''}`
    : failure.error;
  return `${failure.job} of ${site}: ${task}: ${failure.message}`;
}
