import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { ProviderConfig, VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, SimStats } from '@omnihost/core/testing';

/** The repository root (tests spawn `node --conditions=source --import tsx` there). */
export const ROOT = resolve(import.meta.dirname, '../../../..');
const TSX = ['--conditions=source', '--import', 'tsx'];

/** A simulator in its own process. */
export interface SimProcess {
  readonly vendor: VendorId;
  readonly url: string;
  readonly config: ProviderConfig;
  stats(): Promise<SimStats>;
  failNextTasks(count: number, kind: 'backup' | 'deploy' | 'any'): Promise<void>;
  close(): Promise<void>;
}

export async function startSimProcess(vendor: VendorId, options: CommonSimulatorOptions): Promise<SimProcess> {
  const child = spawn(
    process.execPath,
    [...TSX, join(import.meta.dirname, 'sim-child.ts'), vendor, JSON.stringify(options)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: Interface = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const queue: ((line: string) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve) => queue.push(resolve));
  const first = await next();
  const { url, config } = JSON.parse(first) as { url: string; config: ProviderConfig };
  const ask = async (command: string): Promise<unknown> => {
    const answer = next();
    child.stdin?.write(`${command}\n`);
    return JSON.parse(await answer);
  };
  return {
    vendor,
    url,
    config,
    stats: () => ask('stats') as Promise<SimStats>,
    failNextTasks: async (count, kind) => void (await ask(`fail ${count} ${kind}`)),
    async close() {
      if (child.exitCode !== null) return;
      child.stdin?.write('close\n');
      await once(child, 'exit');
    },
  };
}

/** A fleet CLI process (`omnihost-fleet`, built or from source). */
export interface FleetProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** The newest modification time under `dir` (files only), 0 when it does not exist. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Whether every package's dist/ is newer than its src/ (as after `npm run build`, which `npm test` runs
 * first): workers then start from the build, a second or two of CPU less per start than compiling the
 * sources with tsx, which adds up in the chaos test's restarts. Otherwise (sources edited since), from source.
 */
const DIST_IS_FRESH = ['core', 'acquia', 'sitefactory', 'cloud66', 'onapp', 'fleet'].every((name) => {
  const dist = join(ROOT, 'packages', name, 'dist');
  return existsSync(dist) && newest(dist) >= newest(join(ROOT, 'packages', name, 'src'));
});

export function spawnFleet(args: readonly string[], env: Record<string, string>): FleetProcess {
  const entry = DIST_IS_FRESH
    ? [join(ROOT, 'packages/fleet/dist/bin.js')]
    : [...TSX, join(ROOT, 'packages/fleet/src/bin.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
