import { createServer } from 'node:net';
import { COMMON_ENV_VARIABLES, ENV_VARIABLES, type ProviderConfig, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { type SimulatorOptions, startSimulator } from '../simulators/start-simulator.js';
import { portNumber, positiveInteger, probability, seconds } from './option-values.js';
import { refuse } from './refuse.js';

interface SimulateFlags {
  port: number;
  linkBaseUrl?: string;
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
    .addOption(
      new Option('-p, --port <port>', 'port to listen on').argParser(portNumber).default(0, '0, any free port'),
    )
    .option('--sites <count>', 'sites to seed (default: a small realistic fleet)', positiveInteger)
    .option('--task-duration <seconds>', 'how long simulated tasks take', seconds)
    .option('--failure-rate <probability>', 'share of tasks that fail (0–1)', probability)
    .option('--seed <number>', 'seed for generated data and failures', positiveInteger)
    .option('--no-rate-limit', "turn off the vendor's simulated rate limit")
    .option(
      '--link-base-url <url>',
      "Acquia: base of the HAL links in responses (default: the simulator's own /api)",
      httpUrl,
    )
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  omnihost simulate acquia --port 8080',
        '  # then, in another shell, paste the exports it prints and run:',
        '  omnihost sites list',
      ].join('\n'),
    )
    .action(async (vendor: VendorId, options: SimulateFlags, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      if (options.linkBaseUrl !== undefined && !LINKING_SIMULATORS.has(vendor)) {
        command.error(`error: --link-base-url applies to the Acquia simulator only (${vendor} sends no links)`);
      }
      const simulatorOptions: CommonSimulatorOptions = {
        port: options.port,
        siteCount: options.sites,
        taskDurationMs: options.taskDuration === undefined ? undefined : options.taskDuration * 1000,
        taskFailureRate: options.failureRate,
        seed: options.seed,
        ...(options.rateLimit ? {} : { rateLimit: false }),
      };
      const simulator = await listen(command, vendor, simulatorOptions, options.linkBaseUrl);
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

/** Simulators whose responses carry absolute links (Acquia's HAL `_links`), and so take `linkBaseUrl`. */
const LINKING_SIMULATORS: ReadonlySet<VendorId> = new Set(['acquia']);

/** `--link-base-url`: an absolute http(s) URL. */
function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('Expected an absolute http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('Expected an absolute http:// or https:// URL.');
  }
  return value;
}

/**
 * Starts the simulator for `simulate`. Acquia's links point at the simulator itself unless
 * `--link-base-url` says otherwise (issue 14: a client following `_links.self.href` must not leave the
 * machine); the link base is fixed when the simulator starts, so with `--port 0` a free port is chosen
 * first. A port that is taken or not allowed is a usage error that names it and says how to choose another.
 */
async function listen(
  command: Command,
  vendor: VendorId,
  options: SimulatorOptions,
  linkBaseUrl: string | undefined,
): Promise<VendorSimulator<ProviderConfig>> {
  const ownLinks = LINKING_SIMULATORS.has(vendor) && linkBaseUrl === undefined;
  for (let attempt = 1; ; attempt++) {
    const port = ownLinks && options.port === 0 ? await freePort() : options.port;
    const links = ownLinks ? `http://127.0.0.1:${port}/api` : linkBaseUrl;
    try {
      return await startSimulator(vendor, { ...options, port, ...(links === undefined ? {} : { linkBaseUrl: links }) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      // A port chosen here and taken before the simulator got it: choose again.
      if (code === 'EADDRINUSE' && port !== options.port && attempt < 5) continue;
      if (code === 'EADDRINUSE') {
        refuse(
          command,
          `port ${port} on 127.0.0.1 is already in use. Choose another with --port <port>, or --port 0 for any free port.`,
          'omnihost.portInUse',
        );
      }
      if (code === 'EACCES') {
        refuse(
          command,
          `port ${port} needs privileges this user does not have. Choose a port above 1023 with --port <port>, or --port 0 for any free port.`,
          'omnihost.portNotAllowed',
        );
      }
      throw error;
    }
  }
}

/** A port that is free on 127.0.0.1 now (the operating system's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
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
