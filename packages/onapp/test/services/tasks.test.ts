/** Tasks = transactions, against the simulator over real HTTP, once per wire format. */
import { NotFoundError, ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import type { OnAppFormat } from '../../src/index.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

describe.each(['xml', 'json'] as const)('onapp tasks over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('gets and waits tasks by id', async () => {
    const { provider } = panel;
    const site = panel.named('blog-prod-01');
    const operation = await provider.backups.create(site.id);
    const fetched = await provider.tasks.get(operation.task.id);
    expect(fetched.id).toBe(operation.task.id);
    const done = await provider.tasks.wait(operation.task.id, FAST);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'take_backup' });
    expect(done.finishedAt).toBeInstanceOf(Date);
  });

  it('waits from a task already fetched; a malformed id is NotFoundError before anything is sent', async () => {
    const { provider, sim } = panel;
    const operation = await provider.backups.create(panel.named('shop-prod-01').id);
    const first = await provider.tasks.get(operation.task.id);
    await expect(provider.tasks.wait(first, FAST)).resolves.toMatchObject({ id: first.id, state: 'succeeded' });
    const before = sim.server.stats().requests;
    // Issue 13: an id OnApp never issues is "no such task", as on every vendor; an empty one is invalid.
    await expect(provider.tasks.wait('12.json', FAST)).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.tasks.get('../1')).rejects.toThrow(/tasks\.get: "\.\.\/1" is not an OnApp transaction id/);
    await expect(provider.tasks.get('999999-doesnotexist')).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.tasks.get('')).rejects.toBeInstanceOf(ValidationError);
    expect(sim.server.stats().requests).toBe(before);
  });
});
