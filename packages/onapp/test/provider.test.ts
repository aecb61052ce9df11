/**
 * The provider as a whole, once per wire format: the format it speaks, both ways of signing in, no
 * credential in any error or log line, and core's createProvider reaching it.
 */
import { AuthenticationError, collect, createProvider } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat } from '../src/index.js';
import { useSimulatedPanel } from './support/harness.js';

describe.each(['xml', 'json'] as const)('onapp provider over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('speaks the configured format on the wire', () => {
    const routes = Object.keys(panel.sim.server.stats().byRoute);
    expect(routes.length).toBeGreaterThan(0);
    expect(panel.provider.raw.format).toBe(format);
  });

  it('rejects bad credentials with AuthenticationError, the key nowhere in the error or the logs', async () => {
    const { sim } = panel;
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
    };
    const impostor = createOnAppProvider({ ...sim.badCredentialsConfig, logger });
    const error = await collect(impostor.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    const key = sim.badCredentialsConfig.apiKey as string;
    for (const text of [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(Buffer.from(`${sim.config.email}:${key}`).toString('base64'));
    }
  });

  it('signs in with login + password as well as e-mail + API key', async () => {
    const { sim } = panel;
    const { email: _email, apiKey: _apiKey, ...rest } = sim.config;
    const withPassword = createOnAppProvider({ ...rest, ...sim.loginCredentials });
    expect((await withPassword.sites.get(panel.named('shop-prod-01').id)).name).toBe('shop-prod-01');
    const wrong = createOnAppProvider({ ...rest, login: sim.loginCredentials.login, password: 'wrong' });
    await expect(wrong.sites.get(panel.named('shop-prod-01').id)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('is reachable through core’s createProvider', async () => {
    const generic = await createProvider(panel.sim.config);
    expect(generic.vendor).toBe('onapp');
    expect(generic.capabilities.deploys.kind).toBe('template-rebuild');
  });
});
