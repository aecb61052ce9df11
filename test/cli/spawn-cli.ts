import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envFor } from '@omnihost/cli';
import type { ProviderConfig } from '@omnihost/core';

/**
 * The `omnihost` binary as npm links it (package.json "bin"): the committed stub, which loads the build.
 * These tests exercise what `npm install -g` would install (`npm test` builds first).
 */
export const BIN = join(import.meta.dirname, '../../packages/cli/bin/omnihost.js');
/** The build the stub loads. */
export const BUILT = join(import.meta.dirname, '../../packages/cli/dist/bin.js');
export const BIN_BUILT = existsSync(BUILT);

/** What a finished run of the binary left behind. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clean environment: PATH only, so no OMNIHOST_* variable of the developer's leaks into a test. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...extra };
}

/** The `OMNIHOST_*` variables that point the CLI at a simulator (the same table `simulate` prints). */
export function envForConfig(config: ProviderConfig): Record<string, string> {
  return cleanEnv(envFor(config.vendor, config));
}

/** Starts the binary; the caller reads its output and ends it. */
export function startCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the binary to completion. */
export function runBin(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const child = startCli(args, env);
  return finished(child);
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first line the child prints on stdout. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      child.stdout?.off('data', onData);
      resolve(buffered.slice(0, end));
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing a line`)));
  });
}
