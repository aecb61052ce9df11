import { ConfigurationError, isOmnihostError, ValidationError } from '@omnihost/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  ACCOUNTS_FILE_VARIABLE,
  type Accounts,
  accountsFromFile,
  type Environment,
  providerConfigFor,
} from '../accounts/accounts.js';
import { crashPointsFromEnv } from '../engine/context.js';
import { cancelRun, resumeRun, startRun } from '../engine/coordinator.js';
import { isRunId } from '../engine/ids.js';
import { runPlanInProcess } from '../engine/in-process.js';
import type { RunRecord, SiteResult } from '../engine/model.js';
import { type ProgressSnapshot, ProgressTracker } from '../engine/progress.js';
import type { RunStore } from '../engine/store.js';
import { accountsOfStep, type Plan, planFromFile } from '../plan/plan.js';
import { displayRedisUrl, REDIS_URL_VARIABLE } from '../redis/connection.js';
import { DEFAULT_FLEET_PREFIX, RedisFleet, startWorker } from '../redis/fleet.js';
import { startDashboard } from './dashboard.js';
import { LiveProgress, type OutputStream } from './live.js';
import { describeRun, progressTable, reportTable, summarize } from './render.js';

/** What the fleet commands read and write: injectable, so they run in-process as well as from a binary. @public */
export interface FleetIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Environment;
  /** Fires on Ctrl-C (and SIGTERM): a worker finishes its jobs in hand and stops; `--watch` stops watching. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Sets the process's exit code for an outcome that is not an error (a run with failed sites, stopped by its
   * failure budget, cancelled). Default: `process.exitCode`.
   */
  readonly setExitCode?: ((code: number) => void) | undefined;
}

/**
 * Exit codes of `fleet run`, `resume --watch` and `status` for how a run ended (errors keep the omnihost
 * CLI's codes: 3 configuration, 7 validation, 11 network).
 * @public
 */
export const FLEET_EXIT_CODES = {
  ok: 0,
  /** The run completed, and some sites failed (or their outcome is unknown). */
  sitesFailed: 20,
  /** A wave went over its failure budget: `fleet resume <run>` goes on. */
  stopped: 21,
  cancelled: 22,
  /** The run could not go on (a step selected no site). */
  runFailed: 23,
  /** Still running (`status` of a run not finished). */
  running: 24,
} as const;

interface FleetOptions {
  redis?: string;
  accountsFile?: string;
  prefix?: string;
  json?: boolean;
  jsonl?: boolean;
  watch?: boolean;
  concurrency?: number;
  checkSecrets?: boolean;
  runId?: string;
  port?: number;
}

/** Options of {@link fleetCommand}. @public */
export interface FleetCommandOptions {
  /**
   * Whether the subcommands that read accounts define `--accounts-file` themselves. Default true; false where
   * the program mounting the command defines it for every command (`omnihost --accounts-file`).
   */
  readonly accountsFileOption?: boolean | undefined;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`not a positive integer: ${value}`);
  return number;
}

/** The exit code a settled run ends a command with. @public */
export function exitCodeForRun(run: RunRecord, results: readonly SiteResult[]): number {
  switch (run.status) {
    case 'stopped':
      return FLEET_EXIT_CODES.stopped;
    case 'cancelled':
      return FLEET_EXIT_CODES.cancelled;
    case 'failed':
      return FLEET_EXIT_CODES.runFailed;
    case 'running':
      return FLEET_EXIT_CODES.running;
    default:
      return results.some((result) => result.outcome === 'failed' || result.outcome === 'unknown')
        ? FLEET_EXIT_CODES.sitesFailed
        : FLEET_EXIT_CODES.ok;
  }
}

/**
 * `omnihost fleet`: run plans over many sites and accounts, in-process or on BullMQ + Redis.
 *
 * - `fleet run plan.json [--redis URL] [--watch]`: without `--redis`, runs in this process and prints the
 *   report; with it, adds the run to Redis for the workers (and follows it with `--watch`).
 * - `fleet worker [--redis URL] [--concurrency N]`: works on the runs' jobs until Ctrl-C.
 * - `fleet status|cancel|resume <run>`, `fleet report <run> [--json|--jsonl]`, `fleet runs`.
 * - `fleet dashboard [--port N]`: a web view of the runs on 127.0.0.1.
 *
 * Accounts come from `--accounts-file PATH`, `$OMNIHOST_ACCOUNTS_FILE` or `./omnihost.accounts.json`; Redis
 * from `--redis` or `$OMNIHOST_REDIS_URL`. Options are read with those of the commands above (commander's
 * `optsWithGlobals`), so a program that mounts this command may own `--json` or `--accounts-file` itself
 * (the `omnihost` program does: `options.accountsFileOption: false`).
 * @public
 */
export function fleetCommand(io: FleetIo, options: FleetCommandOptions = {}): Command {
  const setExitCode = (code: number) => {
    if (io.setExitCode) io.setExitCode(code);
    else process.exitCode = code;
  };
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);

  const common = (command: Command) =>
    command
      .addOption(new Option('--redis <url>', `Redis for durable, distributed runs (${REDIS_URL_VARIABLE})`))
      .addOption(
        new Option('--prefix <prefix>', 'Redis key prefix (several fleets in one Redis)').default(DEFAULT_FLEET_PREFIX),
      );
  const withAccounts = (command: Command) =>
    options.accountsFileOption === false
      ? command
      : command.addOption(
          new Option(
            '--accounts-file <path>',
            `the accounts file (${ACCOUNTS_FILE_VARIABLE}, default ./omnihost.accounts.json)`,
          ),
        );
  const redisUrl = (options: FleetOptions) => options.redis ?? io.env[REDIS_URL_VARIABLE];
  const needRedis = (options: FleetOptions, what: string): string => {
    const url = redisUrl(options);
    if (!url) {
      throw new ConfigurationError(
        `${what} needs --redis URL (or ${REDIS_URL_VARIABLE}): an in-process run lives only as long as its \`fleet run\``,
        { problems: ['--redis is required'] },
      );
    }
    return url;
  };
  const connect = (options: FleetOptions, what: string) =>
    RedisFleet.connect({ url: needRedis(options, what), prefix: options.prefix });
  const checkRun = (id: string) => {
    if (!isRunId(id)) {
      throw new ValidationError(`not a run id: ${id}`, {
        fieldErrors: { run: ['not a run id (fleet runs lists them)'] },
      });
    }
  };
  const loadRun = async (store: RunStore, id: string): Promise<RunRecord> => {
    checkRun(id);
    const run = await store.getRun(id);
    if (!run) throw new ValidationError(`no run ${id} in this Redis`, { fieldErrors: { run: ['unknown run'] } });
    return run;
  };

  /** Follows a run until it settles (or Ctrl-C: the run goes on without us). */
  const watch = async (store: RunStore, id: string): Promise<ProgressSnapshot | undefined> => {
    const tracker = new ProgressTracker(store, id);
    const live = new LiveProgress(io.stderr);
    let snapshot: ProgressSnapshot | undefined;
    while (!io.signal?.aborted) {
      snapshot = await tracker.snapshot();
      if (snapshot) live.update(snapshot);
      if (!snapshot || snapshot.finished) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        io.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    live.stop();
    return snapshot;
  };

  /** The accounts the plan uses, resolved in this environment: a missing variable fails before anything is added. */
  const checkSecrets = (plan: Plan, accounts: Accounts) => {
    const used = new Set(plan.steps.flatMap((step) => accountsOfStep(step, accounts.list)));
    for (const name of used) providerConfigFor(accounts.get(name), io.env);
  };

  const printReport = (run: RunRecord, results: readonly SiteResult[], options: FleetOptions) => {
    if (options.jsonl) {
      for (const result of results) out(JSON.stringify(result));
    } else if (options.json) {
      out(JSON.stringify({ run, results }, null, 2));
    } else {
      if (results.length > 0) out(reportTable(results, io.stdout.columns || 160));
      out(`\n${describeRun(run)}\n${summarize(results) || 'no site'}`);
    }
  };

  const fleet = new Command('fleet').description(
    'Run plans (back up, deploy, in waves) over many sites and accounts: in-process, or durable on BullMQ + Redis',
  );

  withAccounts(
    common(
      fleet.command('run <plan>').description('Run a plan (JSON): in this process, or added to Redis with --redis'),
    ),
  )
    .option('--watch', 'with --redis: follow the run until it ends')
    .option('--json', 'print the report as JSON')
    .option('--jsonl', 'print the report as JSON lines, one per site and step')
    .addOption(
      new Option('--concurrency <n>', 'in-process: jobs at once per account').argParser(positiveInteger).default(50),
    )
    .option(
      '--no-check-secrets',
      "with --redis: do not require the accounts' secret variables here (workers have them)",
    )
    .option('--run-id <id>', 'the run id to use (default: generated)')
    .action(async (planPath: string, _local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const accounts = await accountsFromFile(options.accountsFile, io.env);
      const plan = await planFromFile(planPath, accounts);
      if (options.runId !== undefined) checkRun(options.runId);
      const url = redisUrl(options);
      if (!url) {
        checkSecrets(plan, accounts);
        err('running in this process: nothing is kept if it stops (--redis URL makes the run durable and distributed)');
        const live = new LiveProgress(io.stderr);
        const controller = new AbortController();
        io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
        const result = await runPlanInProcess(
          plan,
          { accounts, env: io.env },
          {
            onProgress: (snapshot) => live.update(snapshot),
            concurrency: options.concurrency,
            signal: controller.signal,
            runId: options.runId,
          },
        );
        live.update(result.progress);
        live.stop();
        printReport(result.run, result.results, options);
        setExitCode(exitCodeForRun(result.run, result.results));
        return;
      }
      if (options.checkSecrets !== false) checkSecrets(plan, accounts);
      const durable = await connect(options, 'fleet run');
      try {
        const run = await startRun(durable.context(), {
          plan,
          accounts: accounts.list,
          mode: 'redis',
          runId: options.runId,
        });
        err(
          `run ${run.id} added to ${displayRedisUrl(url)}: workers take it from there ` +
            `(omnihost fleet worker --redis ${displayRedisUrl(url)}); follow it with omnihost fleet status ${run.id}`,
        );
        if (!options.watch) {
          if (options.json || options.jsonl) out(JSON.stringify({ run: run.id }));
          else out(run.id);
          return;
        }
        const snapshot = await watch(durable.store, run.id);
        const current = snapshot?.run ?? run;
        const results = await durable.store.results(run.id);
        if (snapshot?.finished) printReport(current, results, options);
        setExitCode(exitCodeForRun(current, results));
      } finally {
        await durable.close();
      }
    });

  withAccounts(common(fleet.command('worker').description('Work on the runs in Redis until Ctrl-C')))
    .addOption(
      new Option('--concurrency <n>', 'jobs at once per account (a job holds a slot only while it calls the vendor)')
        .argParser(positiveInteger)
        .default(20),
    )
    .action(async (_local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const accounts = await accountsFromFile(options.accountsFile, io.env);
      const url = needRedis(options, 'fleet worker');
      const worker = await startWorker({
        url,
        prefix: options.prefix,
        accounts,
        env: io.env,
        concurrency: options.concurrency,
        log: err,
        lockDurationMs: numberFrom(io.env.OMNIHOST_FLEET_LOCK_MS),
        stalledIntervalMs: numberFrom(io.env.OMNIHOST_FLEET_STALLED_INTERVAL_MS),
        crash: crashPointsFromEnv(io.env),
      });
      err(
        `worker ${process.pid} on ${displayRedisUrl(url)}: ${options.concurrency} jobs at once per account, ${accounts.list.length} accounts`,
      );
      await new Promise<void>((resolve) => {
        if (io.signal?.aborted) resolve();
        io.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      err('stopping: finishing the jobs in hand');
      await worker.close();
    });

  common(fleet.command('status <run>').description("A run's progress per step and account"))
    .option('--json', 'print as JSON')
    .action(async (id: string, _local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet status');
      try {
        await loadRun(durable.store, id);
        const snapshot = (await new ProgressTracker(durable.store, id).snapshot()) as ProgressSnapshot;
        if (options.json) out(JSON.stringify(snapshot, null, 2));
        else out(`${describeRun(snapshot.run)}\n${progressTable(snapshot)}`);
      } finally {
        await durable.close();
      }
    });

  common(
    fleet
      .command('cancel <run>')
      .description('Start nothing more for a run (tasks already running are watched to their end)'),
  )
    .option('--json', 'print as JSON')
    .action(async (id: string, _local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet cancel');
      try {
        await loadRun(durable.store, id);
        const run = await cancelRun(durable.context(), id, 'cancelled with fleet cancel');
        if (options.json) out(JSON.stringify({ run }));
        else out(describeRun(run));
      } finally {
        await durable.close();
      }
    });

  common(
    fleet
      .command('resume <run>')
      .description('Go on with a run its failure budget stopped (the failures so far are accepted)'),
  )
    .option('--watch', 'follow the run until it ends')
    .option('--json', 'print as JSON')
    .action(async (id: string, _local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet resume');
      try {
        await loadRun(durable.store, id);
        const run = await resumeRun(durable.context(), id);
        if (!options.watch) {
          if (options.json) out(JSON.stringify({ run }));
          else out(describeRun(run));
          return;
        }
        const snapshot = await watch(durable.store, id);
        const results = await durable.store.results(id);
        if (snapshot?.finished) printReport(snapshot.run, results, options);
        setExitCode(exitCodeForRun(snapshot?.run ?? run, results));
      } finally {
        await durable.close();
      }
    });

  common(
    fleet.command('report <run>').description("Per site: outcome, task id, backup or deploy id, the vendor's message"),
  )
    .option('--json', 'one JSON document: the run and its results')
    .option('--jsonl', 'JSON lines: one per site and step')
    .action(async (id: string, _local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet report');
      try {
        const run = await loadRun(durable.store, id);
        printReport(run, await durable.store.results(id), options);
      } finally {
        await durable.close();
      }
    });

  common(fleet.command('runs').description('The latest runs'))
    .option('--json', 'print as JSON')
    .action(async (_local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet runs');
      try {
        const runs = await durable.store.listRuns(50);
        if (options.json) out(JSON.stringify({ runs }, null, 2));
        else
          for (const run of runs)
            out(`${run.id}  ${run.status.padEnd(9)}  ${run.createdAt}  ${run.plan.name ?? ''}`.trimEnd());
      } finally {
        await durable.close();
      }
    });

  common(fleet.command('dashboard').description('A web view of the runs on 127.0.0.1 until Ctrl-C'))
    .addOption(new Option('--port <n>', 'port (default: any free one)').argParser(positiveInteger))
    .action(async (_local: FleetOptions, command: Command) => {
      const options = command.optsWithGlobals<FleetOptions>();
      const durable = await connect(options, 'fleet dashboard');
      try {
        const dashboard = await startDashboard({ store: durable.store, port: options.port });
        out(`fleet dashboard at ${dashboard.url}`);
        await new Promise<void>((resolve) => {
          if (io.signal?.aborted) resolve();
          io.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        await dashboard.close();
      } finally {
        await durable.close();
      }
    });

  return fleet;
}

function numberFrom(value: string | undefined): number | undefined {
  const number = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** Error exit codes of the standalone `omnihost-fleet` (the same numbers as the omnihost CLI's table). */
const ERROR_EXIT_CODES: Readonly<Record<string, number>> = {
  ConfigurationError: 3,
  ValidationError: 7,
  NetworkError: 11,
  AbortError: 130,
};

/**
 * Runs the fleet command on its own (`omnihost-fleet ...`, and tests) and returns the exit code: errors are
 * printed without a stack, with the omnihost CLI's exit codes; a run's outcome sets {@link FLEET_EXIT_CODES}.
 * Never calls `process.exit`. (Wired into `omnihost`, the CLI's own error handling does this.)
 * @public
 */
export async function runFleetCli(argv: readonly string[], io: FleetIo): Promise<number> {
  let code = 0;
  const program = fleetCommand({ ...io, setExitCode: (value) => (code = value) });
  const apply = (command: Command) => {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
    for (const sub of command.commands) apply(sub);
  };
  apply(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const name = isOmnihostError(error) ? error.name : 'Error';
    io.stderr.write(`${name}: ${(error as Error)?.message ?? String(error)}\n`);
    return ERROR_EXIT_CODES[name] ?? 1;
  }
}
