/**
 * Issue 15, for Acquia: `operation.toJSON()` → `provider.operations.resume(json)` in a second process finishes
 * the wait, and resolves to the same result as the first process's own wait: the same new backup, the same
 * deployment, the same finished task. Both an operation a start returned and one a reconcile found.
 */

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Backup,
  collect,
  type Deployment,
  type OmnihostError,
  type OperationJSON,
  type Site,
  type Task,
} from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsxChild } from '../../../../test/support/tsx-child.js';
import { type AcquiaProvider, createAcquiaProvider } from '../../src/index.js';
import { type AcquiaSimulator, startAcquiaSimulator } from '../../src/testing/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CHILD = join(root, 'packages/acquia/test/services/fixtures/resume-operation.ts');
const fast = { timeoutMs: 20_000, minIntervalMs: 30, maxIntervalMs: 150 };

/** Runs the second process on `json`; resolves with what it printed. */
async function resumeInChild(sim: AcquiaSimulator, json: OperationJSON): Promise<{ taskId: string; result: unknown }> {
  const { code, stdout, stderr } = await runTsxChild(CHILD, {
    env: { OMNIHOST_RESUME: JSON.stringify({ config: sim.config, operation: json }) },
  });
  if (code !== 0) throw new Error(`the resuming process exited ${code}: ${stderr.slice(0, 2000)}`);
  return JSON.parse(stdout.trim()) as { taskId: string; result: unknown };
}

describe('acquia: an operation resumed in another process finishes with the same result', () => {
  let sim: AcquiaSimulator;
  let acquia: AcquiaProvider;
  let sites: Site[];

  beforeAll(async () => {
    // Tasks long enough that the second process really waits for them.
    sim = await startAcquiaSimulator({ rateLimit: false, seed: 1516, taskDurationMs: 1_500, siteCount: 8 });
    acquia = createAcquiaProvider({ ...sim.config, rateLimit: false, retry: { minDelayMs: 10, maxDelayMs: 50 } });
    sites = await collect(acquia.sites.list(), { limit: 100 });
  });
  afterAll(() => sim?.close());

  it('a started backup, a reconciled code switch and a reconciled delete', async () => {
    const [first, second, third] = sites as [Site, Site, Site];
    const created = await acquia.backups.create(first.id);

    sim.server.inject({ kind: 'reset-after', match: (request) => request.path.endsWith('/code/actions/switch') });
    const lostSwitch = (await acquia.deploys
      .deploy(second.id, { ref: 'tags/2.4.0' })
      .catch((e: unknown) => e)) as OmnihostError;
    const switched = await lostSwitch.reconcile();

    const [, oldest] = await collect(acquia.backups.list(third.id), { limit: 10 });
    sim.server.inject({ kind: 'server-error-after', status: 504, match: (request) => request.method === 'DELETE' });
    const lostDelete = (await acquia.backups
      .delete(third.id, (oldest as Backup).id)
      .catch((e: unknown) => e)) as OmnihostError;
    const deleted = await lostDelete.reconcile();
    expect(switched).not.toBeNull();
    expect(deleted).not.toBeNull();

    const jsons = [created.toJSON(), switched?.toJSON(), deleted?.toJSON()] as OperationJSON[];
    expect(jsons.map((json) => json.kind)).toEqual(['backups.create', 'deploys.deploy', 'backups.delete']);
    // Data only: it survives a trip through a file or a queue.
    expect(JSON.parse(JSON.stringify(jsons))).toEqual(jsons);

    const [children, own] = await Promise.all([
      Promise.all(jsons.map((json) => resumeInChild(sim, json))),
      Promise.all([created.wait(fast), switched?.wait(fast), deleted?.wait(fast)]),
    ]);
    const [backup, deployment, task] = own as [Backup, Deployment, Task];
    expect(children.map((child) => child.taskId)).toEqual(jsons.map((json) => json.taskId));
    expect(children[0]?.result).toMatchObject({ id: backup.id, siteId: first.id, state: 'completed' });
    expect(children[1]?.result).toMatchObject({ id: deployment.id, ref: 'tags/2.4.0', state: 'succeeded' });
    expect(children[2]?.result).toMatchObject({ id: task.id, state: 'succeeded', kind: 'DatabaseBackupDeleted' });
    expect(sim.server.stats().duplicateExecutions).toEqual([]);
  }, 60_000);
});
