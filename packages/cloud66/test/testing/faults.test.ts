/**
 * Under random faults (5xx, resets before and after the handler, throttling, slow and malformed answers,
 * token expiry), every call ends in a result or a typed omnihost error, and no mutation runs twice.
 */
import { isOmnihostError } from '@omnihost/core';
import { expect, it } from 'vitest';
import { FAST_WAIT, providerFor, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile({
  taskDurationMs: 100,
  faults: { rate: 0.2, seed: 7, slowMs: 30, retryAfterSeconds: 0 },
});

it('deploys and actions under 20% random faults: typed outcomes only, no duplicate execution', async () => {
  const provider = providerFor(sim, { retries: 4 });
  const outcomes: string[] = [];
  for (let round = 0; round < 20; round += 1) {
    const uid = sim.stackUid(STAGING + (round % 2) * 4);
    try {
      if (round % 3 === 2) {
        await provider.raw.actions.run(uid, { command: 'clear_caches' });
      } else {
        const operation = await provider.deploys.deploy(uid, { ref: 'main' });
        await operation.wait({ ...FAST_WAIT, maxPollFailures: 10 });
      }
      outcomes.push('ok');
    } catch (error) {
      expect(isOmnihostError(error), String(error)).toBe(true);
      expect(String(error)).not.toContain(sim.config.token);
      outcomes.push((error as Error).name);
    }
  }
  const stats = sim.server.stats();
  expect(Object.values(stats.faults).reduce((sum, count) => sum + (count ?? 0), 0)).toBeGreaterThan(5);
  expect(Object.keys(stats.faults).length).toBeGreaterThanOrEqual(4);
  expect(stats.duplicateExecutions).toEqual([]);
  expect(stats.handlerErrors).toBe(0);
  expect(outcomes).toContain('ok');
});
