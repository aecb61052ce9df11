/**
 * The transport (src/transport.ts) against real servers:
 * - self-hosted panels often run on self-signed certificates (vendors/onapp.md §1.1: the PHP wrapper and
 *   cloud.net turn verification off). The adapter verifies unless the config says
 *   `allowSelfSignedCertificates: true`. An HTTPS front with a freshly made self-signed certificate
 *   proxies to the simulator;
 * - a hostile or broken XML body from the panel is a typed error, never retried.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { collect, NetworkError, ResponseValidationError } from '@omnihost/core';
import { SimRouter, startSimServer } from '@omnihost/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppClient, createOnAppCodec, createOnAppProvider } from '../src/index.js';
import { type OnAppSimulator, startOnAppSimulator } from '../src/testing/index.js';
import { BILLION_LAUGHS, HOSTILE_DOCUMENTS } from './support/hostile-xml.js';
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

describe('onapp XML over HTTP', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('a hostile or broken body from the panel becomes ResponseValidationError, never retried', async () => {
    const bodies = [
      BILLION_LAUGHS,
      HOSTILE_DOCUMENTS['truncated list'] as string,
      '<virtual_machine><id type="integer">1</id>',
    ];
    let served = 0;
    const router = new SimRouter().get('/virtual_machines/:id', (request) => {
      served += 1;
      return {
        status: 200,
        headers: { 'Content-Type': 'application/xml; charset=utf-8' },
        body: bodies[Number(request.params.id?.replace('.xml', '')) - 1] ?? '',
      };
    });
    const server = await startSimServer({
      name: 'hostile',
      router,
      responses: {
        notFound: () => ({ status: 404 }),
        throttled: () => ({ status: 429 }),
        serverError: (status) => ({ status }),
      },
    });
    close = () => server.close();
    const client = createOnAppClient({
      baseUrl: server.url,
      email: 'fuzz@example.net',
      apiKey: 'fuzz-key',
      allowInsecureHttp: true,
    });
    for (const id of [1, 2, 3]) {
      await expect(client.virtualServers.get(id)).rejects.toBeInstanceOf(ResponseValidationError);
    }
    expect(served).toBe(3);
    expect(createOnAppCodec('xml').name).toBe('onapp-xml');
  });
});
