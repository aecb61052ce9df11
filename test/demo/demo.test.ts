/**
 * The demo, run in-process as CI runs it: four simulators, one vendor-neutral release night, and a report
 * that shows exactly the failures the demo planted — with site, task, vendor status and message.
 */
import { checkAgainstPlan, DEMO_PLANS, type DemoResult, type ReleaseReport, runDemo } from '@omnihost/cli';
import { VENDOR_IDS } from '@omnihost/core';
import { beforeAll, describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  let result: DemoResult;
  let printed = '';

  beforeAll(async () => {
    const out = {
      isTTY: false,
      write(text: string) {
        printed += text;
        return true;
      },
    };
    result = await runDemo({ out, color: false });
  }, 60_000);

  it('runs the release night on all four vendors and finds what it planted, nothing else', () => {
    expect(result.reports.map((report) => report.vendor)).toEqual([...VENDOR_IDS]);
    expect(result.check).toEqual({ asPlanned: true, unplanned: [], missing: [] });
    expect(printed).toBe(result.output);
  });

  it.each(VENDOR_IDS)('%s: sites listed, production backed up (or said why not), staging deployed', (vendor) => {
    const report = result.reports.find((item) => item.vendor === vendor) as ReleaseReport;
    const plan = DEMO_PLANS[vendor];
    expect(report.prodSites).toBeGreaterThan(0);
    expect(report.stagingSites).toBeGreaterThan(0);
    const { backups, deploys, tasks } = report;
    if (backups.unsupported > 0) {
      expect(backups.unsupported).toBe(report.prodSites);
      expect(report.unsupported.join(' ')).toContain('no on-demand backups');
    } else {
      expect(backups.succeeded + backups.failed).toBe(report.prodSites);
      expect(backups.failed).toBe(plan.failures.backup ?? 0);
    }
    expect(deploys.failed).toBe(plan.failures.deploy ?? 0);
    // Every staging site is either deployed to or, when its stack also serves production, skipped and said so.
    expect(deploys.sitesSkipped + (deploys.sitesCovered || deploys.succeeded) + deploys.failed).toBeGreaterThanOrEqual(
      report.stagingSites,
    );
    // The fleet's wording (issue 16): the stack also serves sites the staging step did not select (production).
    if (deploys.sitesSkipped > 0)
      expect(report.skipped.join(' ')).toContain('also serves sites this step did not select');
    else expect(deploys.succeeded).toBeGreaterThan(0);
    expect(tasks).toEqual({
      succeeded: backups.succeeded + deploys.succeeded,
      failed: backups.failed + deploys.failed,
    });
    expect(report.apiCalls).toBeGreaterThan(0);
    // Planted throttling was absorbed by retries, not surfaced as a failure.
    expect(report.throttled).toBeGreaterThanOrEqual(plan.throttles);
  });

  it('reports every failed task with its site, task id, vendor status and the vendor message', () => {
    const failures = result.reports.flatMap((report) => report.failures.map((f) => ({ vendor: report.vendor, ...f })));
    const planted = VENDOR_IDS.reduce(
      (sum, vendor) => sum + Object.values(DEMO_PLANS[vendor].failures).reduce((a, b) => a + b, 0),
      0,
    );
    expect(failures).toHaveLength(planted);
    for (const failure of failures) {
      expect(failure.error).toBe('TaskFailedError');
      expect(failure.site).not.toBe('');
      expect(failure.taskId).toBeTruthy();
      expect(failure.rawStatus).toBeTruthy();
      expect(failure.message.length).toBeGreaterThan(5);
      const line = printed
        .split('\n')
        .find((text) => text.includes(`✗ ${failure.vendor} ${failure.job} of ${failure.site}`));
      expect(line, `${failure.vendor} ${failure.job} of ${failure.site}`).toBeDefined();
      expect(line).toContain(`task ${failure.taskId}`);
      expect(line).toContain(failure.message);
    }
  });

  it('runs as one fleet plan in this process (issue 16): every site a line of the report, live as it ends', () => {
    expect(printed).toContain('One fleet plan, in this process: 1. back up production, 2. deploy to staging.');
    for (const report of result.reports) {
      if (report.backups.unsupported > 0) continue;
      // Each backup's line, as the fleet recorded the site's result.
      const lines = printed
        .split('\n')
        .filter((line) => line.startsWith(`[${report.vendor}]`) && / backup of /.test(line));
      expect(lines.length, report.vendor).toBe(report.backups.succeeded + report.backups.failed);
    }
  });

  it('prints the summary table, one row per vendor, and the verdict', () => {
    expect(printed).toMatch(/│ vendor\s+│ sites \(prod\/staging\)\s+│ backups ok\/failed/);
    for (const vendor of VENDOR_IDS) expect(printed).toMatch(new RegExp(`│ ${vendor}\\s+│ \\d+ \\(\\d+/\\d+\\)`));
    expect(printed).toContain('n/a (scheduled only)');
    expect(printed).toContain('Every failure above was planted by the demo');
  });
});

describe('checkAgainstPlan', () => {
  const report = (failures: ReleaseReport['failures']): ReleaseReport => ({
    vendor: 'acquia',
    sites: 2,
    prodSites: 1,
    stagingSites: 1,
    backups: { succeeded: 0, failed: 1, unsupported: 0 },
    deploys: { succeeded: 1, failed: 0, sitesCovered: 1, sitesSkipped: 0 },
    tasks: { succeeded: 1, failed: 1 },
    failures,
    apiCalls: 10,
    throttled: 0,
    retries: 0,
    elapsedMs: 1,
    unsupported: [],
    skipped: [],
  });
  const failure = (job: 'backup' | 'deploy', error = 'TaskFailedError') => ({
    job,
    site: 'a.prod',
    siteId: '1',
    error,
    taskId: '9',
    rawStatus: 'failed',
    message: 'boom',
  });
  const plan = [{ vendor: 'acquia' as const, plan: { taskDurationMs: 1, failures: { backup: 1 }, throttles: 0 } }];

  it('accepts exactly the planted failures', () => {
    expect(checkAgainstPlan([report([failure('backup')])], plan).asPlanned).toBe(true);
  });

  it('flags a failure nobody planted, a failure of another kind, and a planted one that went missing', () => {
    const extra = checkAgainstPlan([report([failure('backup'), failure('deploy')])], plan);
    expect(extra.asPlanned).toBe(false);
    expect(extra.unplanned).toEqual(['acquia: 1 unplanned failed deploy task(s)']);
    const network = checkAgainstPlan([report([failure('backup'), failure('deploy', 'NetworkError')])], plan);
    expect(network.unplanned[0]).toContain('NetworkError');
    const missing = checkAgainstPlan([report([])], plan);
    expect(missing.missing).toEqual(['acquia: 1 planted backup failure(s) not reported']);
  });
});
