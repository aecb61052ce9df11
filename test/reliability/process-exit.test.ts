/**
 * Issue 12, "nothing left running": a process whose only work was aborted exits by itself at once. Before the
 * fix, a call aborted while queued in the rate limiter left the limiter's timer armed (against Cloud 66's hourly
 * window, for up to an hour), and a call aborted while its OAuth token was being fetched left the token request
 * and its retries running.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = join(root, 'test/reliability/fixtures/abort-and-exit.ts');

/** Runs the child; resolves with when it printed `aborted` and when it exited (ms after spawn), or kills it. */
function runChild(scenario: string, url: string, giveUpMs: number) {
  return new Promise<{ abortedAt: number; exitedAt: number | undefined; stderr: string }>((done) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, scenario, url], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let abortedAt = Number.NaN;
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('aborted')) abortedAt = performance.now() - spawnedAt;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ abortedAt, exitedAt: undefined, stderr });
    }, giveUpMs);
    child.on('exit', () => {
      clearTimeout(killer);
      done({ abortedAt, exitedAt: performance.now() - spawnedAt, stderr });
    });
  });
}

describe('a process whose only work was aborted exits by itself', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
    server.answer({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"response":[],"count":0}' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['rate-limiter', 'a call aborted while queued in the rate limiter'],
    ['oauth-token', 'a call aborted while its OAuth token was being fetched'],
  ])(
    '%s: %s',
    async (scenario) => {
      if (scenario === 'oauth-token') server.answerToken({ hang: true });
      const run = await runChild(scenario, server.url, 15_000);
      server.answerToken(undefined);
      expect(run.stderr).toBe('');
      expect(Number.isNaN(run.abortedAt)).toBe(false);
      expect(run.exitedAt, 'the process was still running 15 s later').toBeDefined();
      // Exiting is immediate once the call has settled; allow for a loaded machine (against the 15 s cap).
      expect((run.exitedAt as number) - run.abortedAt).toBeLessThan(5_000);
    },
    30_000,
  );
});
