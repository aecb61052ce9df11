/**
 * `tasks` (src/services/tasks.ts) over real HTTP against the simulator: every form of notification
 * reference, waiting and progress; every exchange recorded and checked against the official spec at the
 * end of the file.
 */
import { NotFoundError, type Site, UnsupportedOperationError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcquiaProvider } from '../../src/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, siteOfStage, startVocabularySimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 50, maxIntervalMs: 200 };

describe('acquia vocabulary against the simulator', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let sites: Site[];
  beforeAll(async () => {
    ({ recorded, acquia, sites } = await startVocabularySimulator(log));
  });
  afterAll(() => recorded?.close());

  const byStage = (stage: string, application = 0) => siteOfStage(sites, stage, application);

  describe('tasks', () => {
    it('accepts a uuid, a notification URL, a 202 body and a Task', async () => {
      const operation = await acquia.deploys.deploy(byStage('dev').id, { ref: 'main' });
      const uuid = operation.task.id;
      const url = `https://cloud.acquia.com/api/notifications/${uuid}`;
      const body = { message: 'Switching code.', _links: { notification: { href: url } } };
      const forms = [uuid, url, body, JSON.stringify(body), operation.task];
      for (const form of forms) expect((await acquia.tasks.get(form)).id).toBe(uuid);
      const done = await acquia.tasks.wait(url, fast);
      expect(done.state).toBe('succeeded');
      expect(done.finishedAt).toBeInstanceOf(Date);
      await expect(acquia.tasks.get('not a notification')).rejects.toBeInstanceOf(NotFoundError);
      await expect(acquia.tasks.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
      await expect(acquia.tasks.cancel(uuid)).rejects.toBeInstanceOf(UnsupportedOperationError);
    });

    it('reports progress while a task runs', async () => {
      const seen: number[] = [];
      const operation = await acquia.backups.create(byStage('test', 2).id);
      await operation.wait({ ...fast, onProgress: (task) => seen.push(task.progress ?? -1) });
      expect(seen.at(-1)).toBe(100);
    });
  });

  it('ran no mutation twice', () => {
    expect(recorded.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(recorded.sim.server.stats().handlerErrors).toBe(0);
  });
});

specFidelitySuite('services/tasks.test.ts', log);
