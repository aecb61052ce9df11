/**
 * Issue 15 on OnApp: `toJSON` → `resume` in a second process finishes the wait. The panel's clock stands still
 * (a manual clock) until the child has rebuilt every operation and seen its task unfinished; then time moves,
 * and the child's waits end with the same backup, task and deployment the first process's waits end with.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Backup,
  collect,
  type Deployment,
  isOmnihostError,
  type Operation,
  type OperationJSON,
  type Task,
} from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider } from '../../src/index.js';
import { startOnAppSimulator } from '../../src/testing/index.js';
import { FAST } from '../support/harness.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = join(packageRoot, 'test/fixtures/resume-operation.ts');

describe('onapp operations resumed in a second process', () => {
  it('the child finishes the waits the parent began, to the same results', { timeout: 120_000 }, async () => {
    const clock = manualClock();
    const sim = await startOnAppSimulator({ clock, taskDurationMs: 5_000, seed: 8 });
    try {
      const provider = createOnAppProvider(sim.config);
      const sites = await collect(provider.sites.list(), { limit: 100 });
      const [first, second, third] = sites;
      if (!first || !second || !third) throw new Error('the seeded fleet has six servers');

      // A create whose answer was lost, found again: the crash story (reconcile, then hand the JSON over).
      sim.server.inject({ kind: 'reset-after', count: 1, match: (request) => request.method !== 'GET' });
      const lost = await provider.backups.create(first.id, { label: 'handed over' }).catch((caught: unknown) => caught);
      if (!isOmnihostError(lost)) throw new Error('the create should have failed');
      const created = (await lost.reconcile()) as Operation<Backup>;
      const deployed = await provider.deploys.deploy(second.id, { ref: 'tags/2.4.0' });
      const [backup] = await collect(provider.backups.list(third.id), { limit: 1 });
      const restored = await provider.backups.restore(third.id, (backup as Backup).id);
      const operations: Operation<unknown>[] = [created, deployed, restored];
      const jsons: OperationJSON[] = operations.map((operation) => operation.toJSON());
      expect(jsons.map((json) => json.kind)).toEqual(['backups.create', 'deploys.deploy', 'backups.restore']);

      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ONAPP_RESUME_CONFIG: JSON.stringify(sim.config),
          ONAPP_RESUME_OPERATIONS: JSON.stringify(jsons),
        },
      });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
      });
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      const resumed = new Promise<string>((done) => {
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          stdout += text;
          const line = /^resumed (.*)$/m.exec(stdout);
          if (line) done(line[1] as string);
        });
        void exited.then(() => done('exited'));
      });
      // The child rebuilt every operation while the panel's clock stood still: none had finished.
      const states = await resumed;
      expect(states, stderr).not.toBe('exited');
      expect(states.split(' ').every((state) => state === 'queued' || state === 'running')).toBe(true);
      clock.advance(60_000);
      expect(await exited, stderr).toBe(0);
      const result = JSON.parse(/^result (.*)$/m.exec(stdout)?.[1] ?? 'null') as Array<Record<string, unknown>>;

      const here = (await Promise.all(operations.map((operation) => operation.wait(FAST)))) as [
        Backup,
        Deployment,
        Task,
      ];
      expect(result).toEqual([
        { id: here[0].id, state: 'completed', label: 'handed over' },
        { id: here[1].id, state: 'succeeded', ref: 'tags/2.4.0' },
        { id: here[2].id, state: 'succeeded' },
      ]);
      expect(sim.server.stats().duplicateExecutions).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
