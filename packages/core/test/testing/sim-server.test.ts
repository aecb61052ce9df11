/**
 * The shared simulator server on its own: how a request's path is routed (as sent, or squeezed the way
 * nginx and Rails squeeze it) and whose budget a request spends under the server-side rate limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  manualClock,
  normalizeSimPath,
  SimRouter,
  type SimServer,
  type SimServerOptions,
  startSimServer,
} from '../../src/testing/index.js';

const servers: SimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that echoes the routed path, and answers 404 `unrouted <path>` for a path no route knows. */
async function echo(options: Partial<SimServerOptions> = {}): Promise<SimServer> {
  const router = new SimRouter()
    .get('/version.json', (request) => ({ status: 200, json: { path: request.path } }))
    .get('/stacks/:uid/backups/:id/files/:file', (request) => ({ status: 200, json: { ...request.params } }));
  const server = await startSimServer({
    name: 'echo',
    router,
    responses: {
      notFound: (request) => ({ status: 404, body: `unrouted ${request.path}` }),
      throttled: () => ({ status: 429, body: 'slow down' }),
      serverError: (status) => ({ status, body: 'error' }),
    },
    ...options,
  });
  servers.push(server);
  return server;
}

describe('normalizeSimPath', () => {
  it('squeezes repeated slashes and drops a trailing one, keeping the root and encoded slashes', () => {
    expect(normalizeSimPath('//version.json')).toBe('/version.json');
    expect(normalizeSimPath('/api/3/stacks/abc/backups/1/files//tar.json')).toBe(
      '/api/3/stacks/abc/backups/1/files/tar.json',
    );
    expect(normalizeSimPath('/stacks///')).toBe('/stacks');
    expect(normalizeSimPath('/')).toBe('/');
    expect(normalizeSimPath('//')).toBe('/');
    expect(normalizeSimPath('/a%2F%2Fb/')).toBe('/a%2F%2Fb');
  });
});

describe('startSimServer paths', () => {
  it('with normalizePaths, routes //version.json and files//tar.json as nginx + Rails do', async () => {
    const server = await echo({ normalizePaths: true });
    const version = await fetch(`${server.url}//version.json`);
    expect(version.status).toBe(200);
    expect(await version.json()).toEqual({ path: '/version.json' });
    const segment = await fetch(`${server.url}/stacks/abc/backups/7/files//tar.json/`);
    expect(await segment.json()).toEqual({ uid: 'abc', id: '7', file: 'tar.json' });
    expect(server.stats().byRoute).toEqual({
      'GET /version.json': 1,
      'GET /stacks/:uid/backups/:id/files/:file': 1,
    });
  });

  it('without it, routes the path as sent: `//version.json` is neither `/version.json` nor a host name', async () => {
    const server = await echo();
    const answer = await fetch(`${server.url}//version.json`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe('unrouted //version.json');
    expect((await fetch(`${server.url}/version.json/`)).status).toBe(404);
    expect((await fetch(`${server.url}/version.json?x=1`)).status).toBe(200);
  });
});

describe('startSimServer rate-limit key', () => {
  const limited = (key?: SimServerOptions['rateLimitKey']) =>
    echo({ clock: manualClock(), rateLimit: { limit: 2, windowMs: 60_000 }, rateLimitKey: key });
  const get = (server: SimServer, token: string, account: string) =>
    fetch(`${server.url}/version.json`, { headers: { Authorization: `Bearer ${token}`, 'X-Account': account } });

  it('counts per Authorization header by default: a new token is a new budget', async () => {
    const server = await limited();
    const statuses = [];
    for (let call = 0; call < 4; call += 1) statuses.push((await get(server, `token-${call}`, 'acme')).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('counts per the key the vendor names (an account), whatever the token', async () => {
    const server = await limited((request) => String(request.headers['x-account']));
    const statuses = [];
    for (let call = 0; call < 3; call += 1) statuses.push((await get(server, `token-${call}`, 'acme')).status);
    statuses.push((await get(server, 'token-9', 'other')).status);
    expect(statuses).toEqual([200, 200, 429, 200]);
    expect(server.stats()).toMatchObject({ throttled: 1, maxRequestsInWindow: 3 });
  });
});
