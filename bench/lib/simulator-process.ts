import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProviderConfig, VendorId } from '@omnihost/core';
import type { SimStats } from '@omnihost/core/testing';

/** A simulator running in a child process. */
export interface SimulatorProcess {
  readonly url: string;
  readonly config: ProviderConfig;
  /** The simulator's counters since the last call (or its start); reading them resets them. */
  stats(): Promise<SimStats>;
  stop(): Promise<void>;
}

/** Starts `vendor`'s simulator with `siteCount` sites in a child process (see simulator-child.ts). */
export async function startSimulatorProcess(vendor: VendorId, siteCount: number): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      join(import.meta.dirname, 'simulator-child.ts'),
      vendor,
      String(siteCount),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: join(import.meta.dirname, '../..') },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const [line] = (await once(lines, 'line')) as [string];
  const { url, config } = JSON.parse(line) as { url: string; config: ProviderConfig };
  return {
    url,
    config,
    async stats() {
      const answer = once(lines, 'line') as Promise<[string]>;
      child.stdin?.write('stats\n');
      return JSON.parse((await answer)[0]) as SimStats;
    },
    async stop() {
      child.stdin?.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
