import { COMMON_ENV_VARIABLES, ENV_VARIABLES, type ProviderConfig, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions } from '@omnihost/core/testing';
import { Argument, Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { startSimulator } from '../simulators/start-simulator.js';
import { portNumber, positiveInteger, probability, seconds } from './option-values.js';

interface SimulateFlags {
  port: number;
  sites?: number;
  taskDuration?: number;
  failureRate?: number;
  seed?: number;
  rateLimit: boolean;
}

/** What `simulate` prints once the server is up (the whole line with `--json`). @public */
export interface SimulatorAnnouncement {
  readonly vendor: VendorId;
  readonly url: string;
  /** A complete provider config for `createProvider()`. */
  readonly config: ProviderConfig;
  /** The same config as `OMNIHOST_*` variables, for the CLI or `providerFromEnv()`. */
  readonly env: Readonly<Record<string, string>>;
}

/** `omnihost simulate <vendor>`: a vendor simulator in the foreground until Ctrl-C. @public */
export function simulateCommand(io: CliIo): Command {
  return new Command('simulate')
    .description('serve a vendor simulator on 127.0.0.1 for local experiments, until Ctrl-C')
    .addArgument(new Argument('<vendor>', 'which vendor to simulate').choices(VENDOR_IDS))
    .option('-p, --port <port>', 'port to listen on (0: any free port)', portNumber, 0)
    .option('--sites <count>', 'sites to seed (default: a small realistic fleet)', positiveInteger)
    .option('--task-duration <seconds>', 'how long simulated tasks take', seconds)
    .option('--failure-rate <probability>', 'share of tasks that fail (0–1)', probability)
    .option('--seed <number>', 'seed for generated data and failures', positiveInteger)
    .option('--no-rate-limit', "turn off the vendor's simulated rate limit")
    .addHelpText(
      'after',
      '\nExample:\n  omnihost simulate acquia --port 8080\n  # then, in another shell, paste the exports it prints and run: omnihost sites list',
    )
    .action(async (vendor: VendorId, options: SimulateFlags, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const simulatorOptions: CommonSimulatorOptions = {
        port: options.port,
        siteCount: options.sites,
        taskDurationMs: options.taskDuration === undefined ? undefined : options.taskDuration * 1000,
        taskFailureRate: options.failureRate,
        seed: options.seed,
        ...(options.rateLimit ? {} : { rateLimit: false }),
      };
      const simulator = await startSimulator(vendor, simulatorOptions);
      try {
        const announcement: SimulatorAnnouncement = {
          vendor,
          url: simulator.url,
          config: simulator.config,
          env: envFor(vendor, simulator.config),
        };
        if (context.json) io.stdout.write(`${JSON.stringify(announcement)}\n`);
        else io.stdout.write(`${describe(announcement)}\n`);
        await untilAborted(io.signal);
      } finally {
        await simulator.close();
      }
      context.note(`${vendor} simulator stopped.`);
    });
}

/**
 * The simulator's config as `OMNIHOST_*` variables, through core's env tables (the same ones
 * `providerFromEnv()` reads). Fields with no variable are left out; the JSON config has everything.
 * @public
 */
export function envFor(vendor: VendorId, config: ProviderConfig): Record<string, string> {
  const names: Readonly<Record<string, string>> = { ...COMMON_ENV_VARIABLES, ...ENV_VARIABLES[vendor] };
  const env: Record<string, string> = {};
  for (const [field, value] of Object.entries(config)) {
    const variable = names[field];
    if (variable === undefined || value === undefined || value === null || typeof value === 'object') continue;
    env[variable] = String(value);
  }
  return env;
}

function describe(announcement: SimulatorAnnouncement): string {
  const exports = Object.entries(announcement.env).map(([name, value]) => `  export ${name}=${shellQuote(value)}`);
  return [
    `${announcement.vendor} simulator listening on ${announcement.url} (Ctrl-C to stop)`,
    '',
    'Point the CLI (or providerFromEnv()) at it:',
    ...exports,
    '  omnihost sites list',
    '',
    `Or from code: createProvider(${JSON.stringify(announcement.config)})`,
  ].join('\n');
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
