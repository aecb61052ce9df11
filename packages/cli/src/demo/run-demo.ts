import { createProvider, type Provider, type VendorId } from '@omnihost/core';
import pc from 'picocolors';
import type { OutputStream } from '../context.js';
import { type DemoPlan, type DemoSimulator, describePlan, startDemoSimulators } from './demo-simulators.js';
import { LiveLog } from './live-log.js';
import { type JobKind, type ReleaseEvent, type ReleaseReport, runReleaseNight } from './release-night.js';
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
 * `omnihost demo` and `npm run demo`: starts the four vendor simulators in-process and runs the same
 * vendor-neutral release night ({@link runReleaseNight}) on all of them at once, through
 * `createProvider(config)` exactly as a user's script would — with live progress, a summary table, and
 * the failed tasks as a person needs them. No credentials, no network.
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
    const progress = new ProgressCounter();
    const onEvent = (event: ReleaseEvent) => {
      progress.count(event);
      const line = describeEvent(event, colors);
      if (line) log.line(line);
      log.status(progress.summary());
    };
    const plans = new Map(simulators.map(({ vendor, plan }) => [vendor, plan]));
    const refFor = (provider: Provider) => plans.get(provider.vendor)?.ref ?? ref;
    const reports = await Promise.all(
      // The demo's servers are simulated: OnApp's rebuild (a destructive deploy) is part of the show.
      providers.map((provider) =>
        runReleaseNight(provider, { ref: refFor, onEvent, signal: options.signal, allowDestructiveDeploys: true }),
      ),
    );
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

/** Counts jobs for the live status line. */
class ProgressCounter {
  private started = 0;
  private finished = 0;
  private failed = 0;

  count(event: ReleaseEvent): void {
    if (event.type === 'started') this.started += 1;
    if (event.type === 'finished') {
      this.finished += 1;
      if (!event.ok) this.failed += 1;
    }
  }

  summary(): string {
    const failed = this.failed > 0 ? `, ${this.failed} failed` : '';
    return `${this.finished}/${this.started} tasks finished${failed}`;
  }
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
