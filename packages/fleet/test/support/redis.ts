import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { freePort } from '../../../../test/support/free-port.js';

/** Whether `redis-server` can be run here. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` for tests that need a real `redis-server` (the Debian package; `.ci/run` installs it). Outside CI
 * they skip with a message when it is absent; in CI (`CI=true`) its absence fails the run.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (hasRedisServer()) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error('redis-server is not installed: .ci/run installs it (apt-get install -y redis-server)');
    });
    return;
  }
  process.stderr.write(`skipping "${name}": redis-server is not installed (apt-get install -y redis-server)\n`);
  describe.skip(name, body);
}

/** A redis-server of a test's own, in a temp dir. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops it (SIGTERM: AOF is flushed) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port; `aof` turns on the append-only file (fsync every write). */
export async function startRedis(options: { aof?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--protected-mode',
    'no',
  ];
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 15_000);
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
    started.stdout?.resume();
    child = started;
  };
  const stopChild = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGTERM');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async restart({ downMs = 0 } = {}) {
      await stopChild();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
