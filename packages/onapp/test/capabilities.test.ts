/** What OnApp cannot do is refused with UnsupportedOperationError, as `onAppCapabilities` says. */
import { collect, UnsupportedOperationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat, onAppCapabilities } from '../src/index.js';
import { useSimulatedPanel } from './support/harness.js';

describe.each(['xml', 'json'] as const)('onapp capabilities over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('refuses what OnApp cannot do with UnsupportedOperationError', async () => {
    const { provider } = panel;
    const site = panel.named('blog-prod-01');
    const [backup] = await collect(provider.backups.list(site.id), { limit: 1 });
    await expect(provider.tasks.cancel('1')).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(collect(provider.deploys.list(site.id), { limit: 1 })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(provider.backups.downloadLink(site.id, backup?.id ?? '1')).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(
      provider.backups.restore(site.id, backup?.id ?? '1', { targetSiteId: panel.named('shop-prod-01').id }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(
      provider.deploys.deploy(site.id, { fromSiteId: panel.named('shop-prod-01').id }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});

describe('onapp capabilities', () => {
  it('say what is refused: no cancel, no progress, no deploy history, no download link', () => {
    const provider = createOnAppProvider({ baseUrl: 'https://cp.example.net', email: 'ops@example.net', apiKey: 'k' });
    expect(provider.capabilities).toBe(onAppCapabilities);
    expect(onAppCapabilities.tasks).toMatchObject({ cancel: false, progress: false });
    expect(onAppCapabilities.deploys).toMatchObject({ list: false, fromSite: false, kind: 'template-rebuild' });
    expect(onAppCapabilities.backups).toMatchObject({ downloadLink: false, restoreToOtherSite: false });
  });

  it('say how each start is found again: by the key in the note, or by target, action and transaction order', () => {
    expect(onAppCapabilities.operations.reconcile).toEqual({
      'backups.create': 'exact',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    });
  });
});
