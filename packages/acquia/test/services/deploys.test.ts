/**
 * `deploys` (src/services/deploys.ts) over real HTTP against the simulator: code switches, promotions,
 * refusals, database and file copies; every exchange recorded and checked against the official spec at
 * the end of the file.
 */
import { collect, type Site, UnsupportedOperationError, ValidationError } from '@omnihost/core';
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

  describe('deploys', () => {
    it('switches an environment to a tag and reports the deployment', async () => {
      const site = byStage('test');
      const deployment = await (await acquia.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(fast);
      expect(deployment).toMatchObject({ vendor: 'acquia', siteId: site.id, ref: 'tags/2.4.0', scope: 'site' });
      expect(deployment.state).toBe('succeeded');
      expect(((await acquia.sites.get(site.id)).raw as { vcs: { path: string } }).vcs.path).toBe('tags/2.4.0');
    });

    it('promotes the code of another environment and reads the ref it deployed', async () => {
      const source = byStage('test');
      const target = byStage('prod');
      const deployment = await (await acquia.deploys.deploy(target.id, { fromSiteId: source.id })).wait(fast);
      expect(deployment.ref).toBe('tags/2.4.0');
    });

    it('maps the vendor refusals to typed errors', async () => {
      const site = byStage('test');
      const invalid = await acquia.deploys.deploy(site.id, { ref: 'bad ref!' }).catch((caught: unknown) => caught);
      expect(invalid).toBeInstanceOf(ValidationError);
      expect((invalid as ValidationError).fieldErrors.branch?.[0]).toMatch(/invalid characters/);
      await expect(acquia.deploys.deploy(site.id, { fromSiteId: site.id })).rejects.toMatchObject({
        name: 'ConflictError',
        status: 409,
        vendorCode: 'conflict',
      });
      const otherApplication = byStage('prod', 1);
      await expect(acquia.deploys.deploy(site.id, { fromSiteId: otherApplication.id })).rejects.toMatchObject({
        name: 'ValidationError',
        fieldErrors: { source: [expect.stringMatching(/same application/)] },
      });
      await expect(acquia.deploys.deploy(site.id, { ref: 'main', fromSiteId: site.id })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(collect(acquia.deploys.list(site.id), { limit: 1 })).rejects.toBeInstanceOf(
        UnsupportedOperationError,
      );
    });

    it('keeps no deploy message: the started task and the logger say so; a switch does not send it', async () => {
      const warnings: string[] = [];
      const warned = recorded.provider({ logger: { warn: (message) => warnings.push(message) } });
      const site = byStage('dev');
      const before = log.exchanges.length;
      const operation = await warned.deploys.deploy(site.id, { ref: 'main', message: 'release notes 2.4' });
      expect(operation.task.warnings).toEqual([
        'message not kept: an Acquia code switch takes no message; it was not sent',
      ]);
      const switched = log.exchanges.slice(before).find((exchange) => exchange.method === 'POST');
      expect(switched?.requestBody).not.toContain('release notes');
      const deployment = await operation.wait(fast);
      // `message` is the caller's note where kept, never the notification's description (issue 13).
      expect(deployment.message).toBeUndefined();
      const promoted = await warned.deploys.deploy(byStage('test').id, { fromSiteId: site.id, message: 'promote' });
      expect(promoted.task.warnings?.[0]).toMatch(/^message not kept: .*; it was sent for that annotation only$/);
      await promoted.wait(fast);
      expect(warnings).toHaveLength(2);
      await expect(warned.deploys.deploy('999999-doesnotexist', { ref: 'main' })).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('copies a database and the files between environments of one application', async () => {
      const source = byStage('prod');
      const target = byStage('dev');
      const copied = await (await acquia.deploys.copyDatabase(target.id, { fromSiteId: source.id })).wait(fast);
      expect(copied.kind).toBe('DatabaseCopied');
      const files = await (await acquia.deploys.copyFiles(target.id, { fromSiteId: source.id })).wait(fast);
      expect(files.state).toBe('succeeded');
    });
  });

  it('ran no mutation twice', () => {
    expect(recorded.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(recorded.sim.server.stats().handlerErrors).toBe(0);
  });
});

specFidelitySuite('services/deploys.test.ts', log);
