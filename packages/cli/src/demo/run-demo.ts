import { createProvider, type Provider, type VendorId } from '@omnihost/core';
import type { ProgressSnapshot } from '@omnihost/fleet';
import pc from 'picocolors';
import type { OutputStream } from '../context.js';
import { type DemoPlan, type DemoSimulator, describePlan, startDemoSimulators } from './demo-simulators.js';
import { LiveLog } from './live-log.js';
import { type JobKind, type ReleaseEvent, type ReleaseReport, runReleaseFleet } from './release-night.js';
import { renderReleaseReport } from './render-report.js';

/** Options of {@link runDemo}. @public */
export interface DemoOptions {
  /** Where to print. Default `process.stdout`. A TTY gets a live status line too. */
  readonly out?: OutputStream | undefined;
  /** Colours. Default: `out` is a TTY and `NO_COLOR` is not set. */
  readonly color?: boolean | undefined;
  /** The git ref to deploy to staging. Default `tags/2.4.0`. */
  readonly ref?: string | undefined;
  /** Seed of the simulated fleets. */
  readonly seed?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Whether the demo failed exactly where it planted failures. @public */
export interface DemoCheck {
  /** True when every planted failure was reported and nothing else failed. */
  readonly asPlanned: boolean;
  /** Failures that were not planted (a real problem). */
  readonly unplanned: readonly string[];
  /** Planted failures the report does not show (the demo would be hiding something). */
  readonly missing: readonly string[];
}

/** What the demo produced (also printed). @public */
export interface DemoResult {
  readonly reports: readonly ReleaseReport[];
  readonly check: DemoCheck;
  readonly elapsedMs: number;
  /** Everything printed, without the live status line. */
  readonly output: string;
}

/**
 * `omnihost demo` and `npm run demo`: starts the four vendor simulators in-process and runs the
 * vendor-neutral release night on all of them at once as one fleet plan, in-process
 * ({@link runReleaseFleet}: `@omnihost/fleet`, the same step code as `omnihost fleet run` and its durable
 * workers), with providers made by `createProvider(config)` exactly as a user's script would — with live
 * progress, a summary table, and the failed tasks as a person needs them. No credentials, no network.
 * @public
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const out = options.out ?? process.stdout;
  const color = options.color ?? (out.isTTY === true && !process.env.NO_COLOR);
  const colors = pc.createColors(color);
  const ref = options.ref ?? 'tags/2.4.0';
  const log = await LiveLog.open(out, color);
  const started = performance.now();

  log.line(colors.bold(`omnihost release night: back up production, deploy ${ref} to staging, on four vendors`));
  const simulators = await startDemoSimulators(options.seed);
  try {
    for (const { vendor, simulator, plan } of simulators) {
      log.line(`  ${vendor.padEnd(12)} simulator at ${simulator.url}  ${colors.dim(`planted: ${describePlan(plan)}`)}`);
    }
    log.line('');
    const providers = await Promise.all(
      simulators.map(async ({ simulator }) => (await createProvider(simulator.config)) as Provider),
    );
    log.line(colors.dim('One fleet plan, in this process: 1. back up production, 2. deploy to staging.'));
    let status = '';
    const onEvent = (event: ReleaseEvent) => {
      const line = describeEvent(event, colors);
      if (line) log.line(line);
      if (status) log.status(status);
    };
    const onProgress = (snapshot: ProgressSnapshot) => {
      status = describeProgress(snapshot);
      log.status(status);
    };
    const plans = new Map(simulators.map(({ vendor, plan }) => [vendor, plan]));
    const refFor = (provider: Provider) => plans.get(provider.vendor)?.ref ?? ref;
    // The demo's servers are simulated: OnApp's rebuild (a destructive deploy) is part of the show.
    const reports = await runReleaseFleet(providers, {
      ref: refFor,
      onEvent,
      onProgress,
      signal: options.signal,
      allowDestructiveDeploys: true,
    });
    log.stop();
    log.line('');
    const width = out.isTTY === true && (out.columns ?? 0) > 0 ? out.columns : undefined;
    log.line(renderReleaseReport(reports, { color, width }));
    const check = checkAgainstPlan(reports, simulators);
    const elapsedMs = Math.round(performance.now() - started);
    log.line('');
    log.line(verdict(check, colors));
    log.line(
      colors.dim(
        `Finished in ${(elapsedMs / 1000).toFixed(1)} s against in-process simulators (no network, no credentials).`,
      ),
    );
    return { reports, check, elapsedMs, output: log.text() };
  } finally {
    log.stop();
    await Promise.all(simulators.map(({ simulator }) => simulator.close()));
  }
}

/**
 * Compares what failed with what was planted: per vendor and job, the tasks that failed (`TaskFailedError`)
 * must be exactly the planted ones, and nothing may fail any other way.
 * @public
 */
export function checkAgainstPlan(
  reports: readonly ReleaseReport[],
  simulators: readonly Pick<DemoSimulator, 'vendor' | 'plan'>[],
): DemoCheck {
  const unplanned: string[] = [];
  const missing: string[] = [];
  const plans = new Map<VendorId, DemoPlan>(simulators.map(({ vendor, plan }) => [vendor, plan]));
  for (const report of reports) {
    const plan = plans.get(report.vendor);
    for (const failure of report.failures) {
      if (failure.error !== 'TaskFailedError') {
        unplanned.push(
          `${report.vendor} ${failure.job} of ${failure.site || 'the fleet'}: ${failure.error}: ${failure.message}`,
        );
      }
    }
    for (const job of ['backup', 'deploy'] as const satisfies JobKind[]) {
      const planted = plan?.failures[job] ?? 0;
      const failed = report.failures.filter((f) => f.job === job && f.error === 'TaskFailedError').length;
      if (failed > planted) unplanned.push(`${report.vendor}: ${failed - planted} unplanned failed ${job} task(s)`);
      if (failed < planted)
        missing.push(`${report.vendor}: ${planted - failed} planted ${job} failure(s) not reported`);
    }
  }
  return { asPlanned: unplanned.length === 0 && missing.length === 0, unplanned, missing };
}

function verdict(check: DemoCheck, colors: ReturnType<typeof pc.createColors>): string {
  if (check.asPlanned) {
    return colors.green('Every failure above was planted by the demo, and every planted failure was reported.');
  }
  return [
    colors.red('The demo did not go as planned:'),
    ...check.unplanned.map((line) => `  unplanned: ${line}`),
    ...check.missing.map((line) => `  missing:   ${line}`),
  ].join('\n');
}

/** The live status line: the step under way and its figures (`2/2 deploy to staging: 9/12 done, 1 failed, 3 running`). */
function describeProgress(snapshot: ProgressSnapshot): string {
  const current = snapshot.steps[snapshot.steps.length - 1];
  if (!current) return 'listing sites';
  const { counts } = current;
  const failed = counts.failed + counts.unknown;
  const rate = snapshot.sitesPerMinute ? `, ${Math.round(snapshot.sitesPerMinute)} sites/min` : '';
  return (
    `${current.index + 1}/${snapshot.run.plan.steps.length} ${current.name}: ${counts.done}/${counts.targets} done` +
    `${failed > 0 ? `, ${failed} failed` : ''}, ${current.running} running${rate}`
  );
}

/** A log line per event worth one. Progress prints on each change a poll saw: a few per task, as polls back off. */
function describeEvent(event: ReleaseEvent, colors: ReturnType<typeof pc.createColors>): string | undefined {
  const who = `[${event.vendor}]`.padEnd(14);
  switch (event.type) {
    case 'sites':
      return `${who}${event.total} sites: ${event.prod} production, ${event.staging} staging`;
    case 'started':
      return colors.dim(`${who}${event.job} of ${event.site} started (task ${event.taskId})`);
    case 'progress': {
      const progress = event.task.progress;
      if (progress === undefined || progress <= 0 || progress >= 100) return undefined;
      return colors.dim(`${who}${event.job} of ${event.site}: ${event.task.state} ${Math.round(progress)}%`);
    }
    case 'finished':
      return event.ok
        ? `${who}${colors.green('✓')} ${event.job} of ${event.site} succeeded`
        : `${who}${colors.red('✗')} ${event.job} of ${event.site} failed: ${clip(event.detail)}`;
    case 'unsupported':
    case 'skipped':
      return `${who}${colors.yellow('–')} ${event.detail}`;
    case 'error':
      return `${who}${colors.red('✗')} ${event.detail}`;
  }
}

/** Vendor messages can be whole logs (OnApp joins its transaction log); the live line shows the start, the report all of it. */
function clip(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
