/**
 * The simulator as a panel: wire details (201 without a transaction id, 204 without a body, the three
 * error shapes, HTML 500s, XML styles, paging variants), the per-server transaction queue on a manual
 * clock, `log_output`, failure knobs, server-side rate limiting and random faults — driven through the
 * typed client (`provider.raw`) in both formats.
 */
import {
  collect,
  isOmnihostError,
  NotFoundError,
  ServerError,
  type Site,
  TaskFailedError,
  ValidationError,
} from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat, type OnAppProvider } from '../../src/index.js';
import { type OnAppSimulator, type OnAppSimulatorOptions, startOnAppSimulator } from '../../src/testing/index.js';

const FAST = { timeoutMs: 30_000, minIntervalMs: 20, maxIntervalMs: 100 };

async function withSim<T>(options: OnAppSimulatorOptions, run: (sim: OnAppSimulator) => Promise<T>): Promise<T> {
  const sim = await startOnAppSimulator(options);
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

async function rawFetch(sim: OnAppSimulator, method: string, path: string, body?: string) {
  const auth = Buffer.from(`${sim.config.email}:${sim.config.apiKey}`).toString('base64');
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${auth}`,
      ...(body ? { 'Content-Type': path.includes('.json') ? 'application/json' : 'application/xml' } : {}),
    },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe.each(['xml', 'json'] as const)('onapp simulator wire (%s)', (format: OnAppFormat) => {
  let sim: OnAppSimulator;
  let provider: OnAppProvider;
  let sites: Site[];
  const named = (name: string) => sites.find((site) => site.name === name) as Site;

  beforeAll(async () => {
    sim = await startOnAppSimulator({ format, taskDurationMs: 100, seed: 21 });
    provider = createOnAppProvider(sim.config);
    sites = await collect(provider.sites.list(), { limit: 100 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('answers actions with 201 and the server, no transaction id; deletes and edits with an empty 204', async () => {
    const id = named('blog-prod-01').id;
    const startup = await rawFetch(sim, 'POST', `/virtual_machines/${id}/reboot.${format}`);
    expect(startup.status).toBe(201);
    expect(startup.type).toContain(format === 'xml' ? 'application/xml' : 'application/json');
    expect(startup.text).toContain(format === 'xml' ? '<virtual_machine>' : '{"virtual_machine":{');
    expect(startup.text).not.toMatch(/transaction/);
    const body =
      format === 'xml'
        ? '<virtual_machine><note>edited</note></virtual_machine>'
        : '{"virtual_machine":{"note":"edited"}}';
    const edit = await rawFetch(sim, 'PUT', `/virtual_machines/${id}.${format}`, body);
    expect(edit).toMatchObject({ status: 204, text: '' });
    expect((await provider.raw.virtualServers.get(id)).note).toBe('edited');
    await expect(provider.raw.virtualServers.edit(id, { label: 'blog-prod-01' })).resolves.toBeUndefined();
  });

  it('writes typed Rails XML, or wrapped JSON', async () => {
    const id = named('shop-prod-01').id;
    const { text } = await rawFetch(sim, 'GET', `/virtual_machines/${id}.${format}`);
    if (format === 'xml') {
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<virtual_machine>')).toBe(true);
      expect(text).toMatch(/<id type="integer">\d+<\/id>/);
      expect(text).toContain('<booted type="boolean">true</booted>');
      expect(text).toMatch(/<created_at type="datetime">\d{4}-\d\d-\d\dT[\d:]+Z<\/created_at>/);
      expect(text).toContain('<admin_note nil="true"/>');
      expect(text).toContain('<ip_addresses type="array">\n    <ip_address>');
      expect(text).toContain('<price_per_hour type="float">0.0</price_per_hour>');
    } else {
      const parsed = JSON.parse(text) as { virtual_machine: Record<string, unknown> };
      expect(parsed.virtual_machine.booted).toBe(true);
      expect(parsed.virtual_machine.admin_note).toBeNull();
      expect((parsed.virtual_machine.ip_addresses as unknown[])[0]).toHaveProperty('ip_address.address');
    }
    const list = await rawFetch(sim, 'GET', `/virtual_machines/${id}/backups.${format}`);
    expect(list.text).toContain(format === 'xml' ? '<backups type="array">' : '[{"backup":{');
  });

  it('sends errors in the three shapes, each read into a typed error', async () => {
    // `{"error":"…"}` / <hash><error>: a missing record on GET.
    const missing = await provider.raw.virtualServers.get(9_999_999).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain('Resource not found');
    // `{"errors":["…"]}` / <errors><error>: a missing record on DELETE, and state refusals (422).
    const gone = await provider.raw.backups.delete(9_999_999).catch((caught: unknown) => caught);
    expect(gone).toBeInstanceOf(NotFoundError);
    const refused = await provider.raw.backups
      .createIncremental(named('blog-prod-01').id)
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual({
      _: ['Incremental backups are not enabled for this virtual server'],
    });
    // `{"errors":{"field":["…"]}}` / <errors><field type="array">: field validation.
    const invalid = await provider.raw.virtualServers
      .create({ template_id: 424242, label: '', hostname: 'bad host', memory: 512, cpus: 1, primary_disk_size: 10 })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors).toEqual({
      label: ["can't be blank"],
      template_id: ['is not included in the list'],
      hostname: ['is invalid'],
    });
    // 404 "isn't online" for an action on a stopped server.
    const offline = await provider.raw.virtualServers
      .shutdown(named('shop-dev-01').id)
      .catch((caught: unknown) => caught);
    expect(offline).toBeInstanceOf(NotFoundError);
    expect((offline as Error).message).toContain("isn't online");
  });

  it('answers a 500 with an HTML page that becomes a ServerError without the markup', async () => {
    sim.server.inject({ kind: 'server-error', status: 500, count: 1 });
    const error = await provider.sites.get(named('shop-prod-01').id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(500);
    expect((error as Error).message).toContain('HTML error page');
    expect((error as Error).message).not.toContain('administrator');
  });

  it('covers the rest of the typed client', async () => {
    const id = named('shop-prod-01').id;
    expect(await provider.raw.version()).toMatch(/^\d+\.\d+/);
    expect((await provider.raw.virtualServers.status(id)).built).toBe(true);
    const disks = await provider.raw.virtualServers.disks(id);
    expect(disks.map((disk) => [disk.primary, disk.is_swap])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect((await provider.raw.disks.get(disks[0]?.id ?? 0)).virtual_machine_id).toBe(Number(id));
    expect((await provider.raw.disks.backups(disks[0]?.id ?? 0)).length).toBeGreaterThanOrEqual(1);
    expect(
      (await provider.raw.virtualServers.incrementalBackups(id)).every((b) => b.target_type === 'VirtualMachine'),
    ).toBe(true);
    const templates = await provider.raw.templates.list();
    expect(templates.map((template) => template.label)).toContain('tags/2.4.0');
    expect((await provider.raw.templates.get(templates[0]?.id ?? 0)).label).toBe(templates[0]?.label);
    const page = await provider.raw.transactions.listPage({ perPage: 5, detailed: true });
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    expect(page.items.every((row) => typeof row.log_output === 'string')).toBe(true);
    const undetailed = await provider.raw.transactions.listPage({ page: 2, perPage: 3 });
    expect(undetailed.items.every((row) => row.log_output === undefined)).toBe(true);
    // Page 2 of 3 per page starts at the fourth newest.
    expect(undetailed.items[0]?.id).toBe(page.items[3]?.id);
  });

  it('creates, converts and deletes through the typed client', async () => {
    const created = await provider.raw.virtualServers.create({
      template_id: 1,
      label: `new-${format}`,
      hostname: `new-${format}`,
      memory: 1024,
      cpus: 1,
      primary_disk_size: 10,
    });
    expect(created).toMatchObject({ label: `new-${format}`, built: false, state: 'new', locked: true });
    const serverId = created?.id ?? 0;
    const rows = await provider.raw.virtualServers.transactions(serverId);
    expect(rows.map((row) => row.action)).toEqual([
      'startup_virtual_machine',
      'configure_operating_system',
      'build_disk',
    ]);
    await provider.tasks.wait(String(rows[0]?.id), FAST);
    expect((await provider.sites.get(String(serverId))).status).toBe('active');

    const backup = await (await provider.backups.create(String(serverId))).wait(FAST);
    const template = await provider.raw.backups.convertToTemplate(backup.id, { label: `image-${format}` });
    expect(template).toMatchObject({ label: `image-${format}`, state: 'inactive' });
    await expect(provider.raw.virtualServers.delete(serverId, { destroyAllBackups: true })).resolves.toBeUndefined();
  });
});

describe('onapp simulator: the transaction queue', () => {
  it('runs each server’s transactions in order, servers in parallel, and writes log_output as they go', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    await withSim({ clock, taskDurationMs: 1000, seed: 3 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const sites = await collect(provider.sites.list(), { limit: 10 });
      const [one, other] = [sites[0] as Site, sites[4] as Site];
      const first = await provider.backups.create(one.id);
      const second = await provider.backups.create(one.id);
      const elsewhere = await provider.backups.create(other.id);
      const states = async () =>
        Promise.all([first, second, elsewhere].map(async (op) => (await provider.tasks.get(op.task.id)).rawStatus));

      expect(await states()).toEqual(['running', 'pending', 'running']);
      const running = await provider.raw.transactions.get(first.task.id);
      expect(running.log_output).toContain('Running: ');
      expect(running.log_output).not.toContain('completed');
      clock.advance(1000);
      expect(await states()).toEqual(['complete', 'running', 'complete']);
      const done = await provider.raw.transactions.get(first.task.id);
      expect(done.log_output).toContain('Transaction completed successfully');
      expect(Date.parse(done.updated_at ?? '')).toBe(clock.now());
      clock.advance(1000);
      expect(await states()).toEqual(['complete', 'complete', 'complete']);
      const secondRow = await provider.raw.transactions.get(second.task.id);
      expect(Date.parse(secondRow.started_at ?? '')).toBe(Date.parse(done.updated_at ?? ''));
    });
  });

  it('makes a ten-minute task instant on a manual clock', async () => {
    const clock = manualClock();
    await withSim({ clock, taskDurationMs: 10 * 60_000, seed: 3 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      const operation = await provider.backups.create((site as Site).id);
      const waiting = operation.wait(FAST);
      clock.advance(10 * 60_000);
      await expect(waiting).resolves.toMatchObject({ state: 'completed' });
    });
  });

  it('fails tasks by kind, or all of them at a failure rate of 1', async () => {
    await withSim({ taskDurationMs: 50, seed: 4 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      const id = (site as Site).id;
      sim.failNextTasks(1, 'deploy'); // not a backup: the backup succeeds
      await expect((await provider.backups.create(id)).wait(FAST)).resolves.toMatchObject({ state: 'completed' });
      sim.failNextTasks(1, 'any');
      sim.failNextTasks(0, 'deploy'); // clears nothing, adds nothing
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      );
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      ); // the 'deploy' one left from above
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).resolves.toMatchObject({
        state: 'succeeded',
      });
    });
    await withSim({ taskDurationMs: 50, taskFailureRate: 1, seed: 4 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      await expect((await provider.backups.create((site as Site).id)).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      );
    });
  });
});

describe('onapp simulator: panel variants', () => {
  it.each([
    ['paged', 3],
    ['paged-without-totals', 3],
    ['ignored', 1],
  ] as const)('server list paging %s: every server once, in %i request(s)', async (serverListPaging, requests) => {
    await withSim({ siteCount: 250, serverListPaging, seed: 8 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      sim.server.resetStats();
      const ids = new Set<string>();
      for await (const site of provider.sites.list()) ids.add(site.id);
      expect(ids.size).toBe(250);
      expect(sim.server.stats().requests).toBe(requests);
    });
  });

  it.each(['legacy', 'newest'] as const)('reads a %s-style panel in XML', async (xmlStyle) => {
    await withSim({ xmlStyle, seed: 12 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      expect((site as Site).createdAt).toBeInstanceOf(Date);
      const backups = await collect(provider.backups.list((site as Site).id), { limit: 10 });
      expect(backups.length).toBeGreaterThan(0);
      for (const backup of backups) {
        expect(backup.sizeBytes).toBeGreaterThan(0);
        expect(backup.trigger).toBeDefined();
      }
      const raw = (backups.at(-1)?.raw ?? {}) as Record<string, unknown>;
      if (xmlStyle === 'legacy') {
        expect(typeof raw.backup_size).toBe('string'); // untyped on the wire, as 2.x panels send it
        expect(raw.backup_type).toBe('days-autobackup');
      } else {
        expect(typeof raw.backup_size).toBe('number');
      }
    });
  });

  it('enforces a configured rate limit with 429 + Retry-After, which the client absorbs', async () => {
    await withSim({ rateLimit: { limit: 3, windowMs: 1000 }, seed: 2 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const sites = await collect(provider.sites.list(), { limit: 10 });
      // Six at once against three a second: some are throttled, and all get through on a retry.
      const results = await Promise.all(sites.map((site) => provider.sites.get(site.id)));
      expect(results).toHaveLength(sites.length);
      expect(sim.server.stats().throttled).toBeGreaterThan(0);
      expect(provider.stats().throttled).toBeGreaterThan(0);
      expect(provider.stats().failures).toBe(0);
    });
  });

  it('under 20% random faults, never executes a mutation twice and fails only with typed errors', async () => {
    await withSim(
      {
        taskDurationMs: 30,
        seed: 13,
        faults: { rate: 0.2, seed: 13, slowMs: 30, retryAfterSeconds: 0 },
      },
      async (sim) => {
        const provider = createOnAppProvider({ ...sim.config, retry: { minDelayMs: 5, maxDelayMs: 20 } });
        sim.server.setRandomFaults(undefined);
        const sites = await collect(provider.sites.list(), { limit: 10 });
        sim.server.setRandomFaults({ rate: 0.2, seed: 13, slowMs: 30, retryAfterSeconds: 0 });
        const outcomes = await Promise.all(
          sites.map(async (site, index) => {
            try {
              if (index % 2 === 0) await (await provider.backups.create(site.id)).wait(FAST);
              else await (await provider.deploys.deploy(site.id, { ref: 'main' })).wait(FAST);
              return 'ok';
            } catch (error) {
              if (!isOmnihostError(error)) throw error;
              return error.name;
            }
          }),
        );
        const stats = sim.server.stats();
        expect(Object.values(stats.faults).reduce((sum, count) => sum + (count ?? 0), 0)).toBeGreaterThan(0);
        expect(stats.duplicateExecutions).toEqual([]);
        expect(stats.handlerErrors).toBe(0);
        expect(outcomes).toHaveLength(sites.length);
      },
    );
  });
});
