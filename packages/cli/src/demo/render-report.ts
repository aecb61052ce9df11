import pc from 'picocolors';
import { createTable } from '../output/tables.js';
import type { ReleaseFailure, ReleaseReport } from './release-night.js';

/** How to print the report. @public */
export interface RenderOptions {
  readonly color: boolean;
}

/**
 * The release night's summary: one row per vendor, then every failed task with its site, task, vendor
 * status and the vendor's message, then what a vendor could not do.
 * @public
 */
export function renderReleaseReport(reports: readonly ReleaseReport[], options: RenderOptions): string {
  const colors = pc.createColors(options.color);
  const table = createTable(
    [
      'vendor',
      'sites (prod/staging)',
      'backups ok/failed',
      'deploys ok/failed',
      'tasks ok/failed',
      'API calls',
      'throttled (absorbed)',
      'elapsed',
    ],
    options,
  );
  for (const report of reports) {
    table.push([
      report.vendor,
      `${report.sites} (${report.prodSites}/${report.stagingSites})`,
      report.backups.unsupported > 0 ? 'n/a (scheduled only)' : `${report.backups.succeeded}/${report.backups.failed}`,
      deploysCell(report),
      `${report.tasks.succeeded}/${report.tasks.failed}`,
      report.apiCalls,
      report.throttled,
      `${(report.elapsedMs / 1000).toFixed(1)} s`,
    ]);
  }
  const lines = [table.toString()];
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
