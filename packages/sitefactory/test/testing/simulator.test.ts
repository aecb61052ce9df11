/**
 * The simulator on the wire, without the adapter in between: Site Factory's error bodies, the HTML 404,
 * the empty-body 400, page-size maxima, string-typed task rows that progress with the clock, pauses,
 * the default rate limit, and recorded executions.
 */
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_FACTORY_DEFAULT_RATE_LIMIT } from '../../src/constants.js';
import { type SiteFactorySimulator, startSiteFactorySimulator } from '../../src/testing/index.js';

function authorization(sim: SiteFactorySimulator, apiKey = sim.config.apiKey): string {
  return `Basic ${Buffer.from(`${sim.config.username}:${apiKey}`).toString('base64')}`;
}

describe('sitefactory simulator on the wire', () => {
  const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  let sim: SiteFactorySimulator;
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        Authorization: authorization(sim),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, json };
  };

  beforeAll(async () => {
    sim = await startSiteFactorySimulator({ clock, taskDurationMs: 10_000, rateLimit: false, seed: 3 });
  });
  afterAll(() => sim?.close());

  it('answers bad credentials 403 "Access denied" and no credentials 401, as {message, time, error}', async () => {
    const denied = await call('GET', '/api/v1/ping', undefined, { Authorization: authorization(sim, 'nope') });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ message: 'Access denied', time: '2026-01-05T12:00:00+00:00', error: 403 });
    const anonymous = await fetch(`${sim.url}/api/v1/ping`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
  });

  it('refuses a POST without a JSON body with the 400 factories send since 2.178', async () => {
    const response = await call('POST', '/api/v1/sites/103/backup');
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ message: 'Invalid JSON provided: Syntax error', error: 400 });
  });

  it('answers unknown routes with an HTML 404, unknown ids with a JSON one', async () => {
    const route = await call('GET', '/api/v2/sites');
    expect(route.status).toBe(404);
    expect(route.type).toContain('text/html');
    expect(route.json).toBeUndefined();
    const id = await call('GET', '/api/v1/sites/424242');
    expect(id.status).toBe(404);
    expect(id.json).toMatchObject({ error: 404 });
  });

  it('pages with the default limit of 10 and refuses a limit over the endpoint maximum', async () => {
    const first = (await call('GET', '/api/v1/sites')).json as { count: number; sites: unknown[] };
    expect(first.count).toBe(12);
    expect(first.sites).toHaveLength(10);
    expect((await call('GET', '/api/v1/sites?limit=1000')).status).toBe(200);
    expect((await call('GET', '/api/v1/sites?limit=1001')).status).toBe(400);
    expect((await call('GET', '/api/v1/sites/103/backups?limit=101')).status).toBe(400);
    expect((await call('GET', '/api/v1/tasks?limit=100')).status).toBe(200);
    expect((await call('GET', '/api/v1/sites?page=0')).status).toBe(400);
  });

  it('sends WIP rows with every field a string, moving 1 → 4 → 16 with the clock', async () => {
    const started = (await call('POST', '/api/v1/sites/103/backup', '{"label":"clocked"}')).json as { task_id: number };
    const row = async () =>
      ((await call('GET', `/api/v1/wip/task/${started.task_id}/status`)).json as { wip_task: Record<string, unknown> })
        .wip_task;
    const queued = await row();
    expect(Object.values(queued).every((value) => typeof value === 'string')).toBe(true);
    expect(queued).toMatchObject({
      status: '1',
      status_string: 'Not Started',
      started: '0',
      completed: '0',
      nid: '103',
    });
    clock.advance(2_000);
    expect(await row()).toMatchObject({ status: '4', status_string: 'In Progress', completed: '0' });
    clock.advance(10_000);
    const done = await row();
    expect(done).toMatchObject({ status: '16', status_string: 'Completed', error_message: '' });
    expect(Number(done.completed)).toBe(Number(done.started) + 9);
  });

  it('freezes the work pool while WIP processing is paused globally', async () => {
    const started = (await call('POST', '/api/v1/sites/104/backup', '{}')).json as { task_id: number };
    expect((await call('POST', '/api/v1/pause', '{"paused":true}')).status).toBe(200);
    clock.advance(60_000);
    const paused = (await call('GET', `/api/v1/wip/task/${started.task_id}/status`)).json as {
      wip_task: Record<string, string>;
    };
    expect(paused.wip_task).toMatchObject({ status: '1', paused: '1' });
    await call('POST', '/api/v1/pause', '{"paused":false}');
    clock.advance(10_000);
    const resumed = (await call('GET', `/api/v1/wip/task/${started.task_id}/status`)).json as {
      wip_task: Record<string, string>;
    };
    expect(resumed.wip_task).toMatchObject({ status: '16', paused: '0' });
  });

  it('records every executed mutation under the request’s call id', async () => {
    sim.server.resetStats();
    await call('POST', '/api/v1/sites/103/cache-clear', '{}', { 'X-Omnihost-Call-Id': 'call-1' });
    await call('POST', '/api/v1/sites/103/cache-clear', '{}', { 'X-Omnihost-Call-Id': 'call-1' });
    const stats = sim.server.stats();
    expect(stats.executions['site.cache-clear']).toBe(2);
    expect(stats.duplicateExecutions).toEqual(['site.cache-clear:call-1']);
  });
});

describe('sitefactory simulator defaults', () => {
  it('enforces the same assumed rate limit the provider uses by default, with Retry-After', async () => {
    const sim = await startSiteFactorySimulator({ seed: 8 });
    try {
      const statuses: number[] = [];
      const retryAfter: (string | null)[] = [];
      for (let index = 0; index <= SITE_FACTORY_DEFAULT_RATE_LIMIT.limit; index += 1) {
        const response = await fetch(`${sim.url}/api/v1/ping`, { headers: { Authorization: authorization(sim) } });
        statuses.push(response.status);
        retryAfter.push(response.headers.get('retry-after'));
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(retryAfter.at(-1))).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });

  it('seeds a reproducible fleet with prod, staging and dev sites over two stacks', async () => {
    const [one, two] = await Promise.all([
      startSiteFactorySimulator({ seed: 2026, rateLimit: false }),
      startSiteFactorySimulator({ seed: 2026, rateLimit: false }),
    ]);
    try {
      const list = async (sim: SiteFactorySimulator) =>
        (await (
          await fetch(`${sim.url}/api/v1/sites?limit=100`, { headers: { Authorization: authorization(sim) } })
        ).json()) as {
          sites: { site: string; domain: string; stack_id: number; db_name: string }[];
        };
      const [a, b] = [await list(one), await list(two)];
      expect(a.sites).toEqual(b.sites);
      expect(new Set(a.sites.map((site) => site.stack_id))).toEqual(new Set([1, 2]));
      expect(a.sites.some((site) => site.domain.includes('.test-demo.'))).toBe(true);
      expect(a.sites.some((site) => site.domain.includes('.dev-demo.'))).toBe(true);
      expect(a.sites.some((site) => /^[a-z0-9]+\.demo\.acsitefactory\.com$/.test(site.domain))).toBe(true);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
