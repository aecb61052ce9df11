/**
 * Self-hosted panels often run on self-signed certificates (vendors/onapp.md §1.1: the PHP wrapper and
 * cloud.net turn verification off). The adapter verifies unless the config says
 * `allowSelfSignedCertificates: true`. An HTTPS front with a freshly made self-signed certificate proxies
 * to the simulator.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { collect, NetworkError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider } from '../src/index.js';
import { type OnAppSimulator, startOnAppSimulator } from '../src/testing/index.js';
import { selfSignedCertificate } from './support/self-signed.js';

describe('onapp over HTTPS with a self-signed certificate', () => {
  let sim: OnAppSimulator;
  let front: https.Server;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await startOnAppSimulator({ seed: 17 });
    const target = new URL(sim.url);
    front = https.createServer(selfSignedCertificate(), (request, response) => {
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    front?.closeAllConnections();
    await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
    await sim?.close();
  });

  const config = () => ({ ...sim.config, baseUrl, allowInsecureHttp: false, retry: { retries: 0 } });

  it('refuses the certificate by default, as a NetworkError', async () => {
    const provider = createOnAppProvider(config());
    const error = await collect(provider.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).networkCode).toMatch(/SELF_SIGNED|CERT/);
    expect(sim.server.stats().requests).toBe(0);
  });

  it('accepts it only with allowSelfSignedCertificates: true', async () => {
    const provider = createOnAppProvider({ ...config(), allowSelfSignedCertificates: true });
    const sites = await collect(provider.sites.list(), { limit: 10 });
    expect(sites.length).toBeGreaterThanOrEqual(4);
    expect(sim.server.stats().requests).toBeGreaterThan(0);
  });
});
