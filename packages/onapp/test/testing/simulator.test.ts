/**
 * The simulator as a panel: wire details (201 without a transaction id, 204 without a body, the three
 * error shapes, XML styles), request bodies read the way Rails reads them, and the per-server transaction
 * queue on a manual clock with its `log_output`, driven over raw HTTP and through the typed client
 * (`provider.raw`) in both formats. Fault knobs are in faults.test.ts.
 */
import { ConflictError, collect, NotFoundError, type Site, ValidationError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat, type OnAppProvider, templateSchema } from '../../src/index.js';
import { type OnAppSimulator, SIMULATED_ONAPP_VERSION, startOnAppSimulator } from '../../src/testing/index.js';
import { withSim } from '../support/harness.js';

const FAST = { timeoutMs: 30_000, minIntervalMs: 20, maxIntervalMs: 100 };

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

  it('sends errors in the shapes of the panel version it reports, each read into a typed error', async () => {
    // A current panel (6.x): `{"errors":["…"]}` / <errors><error>, what OnApp's PHP wrapper reads (root `errors`).
    const version = await rawFetch(sim, 'GET', `/version.${format}`);
    expect(version.text).toContain(SIMULATED_ONAPP_VERSION);
    const raw404 = await rawFetch(sim, 'GET', `/virtual_machines/9999999.${format}`);
    expect(raw404.status).toBe(404);
    if (format === 'json') expect(JSON.parse(raw404.text)).toEqual({ errors: ['Resource not found'] });
    else expect(raw404.text).toContain('<errors>\n  <error>Resource not found</error>\n</errors>');
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
    const rawOffline = await rawFetch(sim, 'POST', `/virtual_machines/${named('shop-dev-01').id}/stop.${format}`);
    expect(rawOffline.text).toContain(format === 'json' ? '{"errors":["' : '<errors>');
  });

  it('refuses work on a locked backup with a 422 the adapter reads as ConflictError (busy, retry later)', async () => {
    const clock = manualClock();
    const locked = await startOnAppSimulator({ format, clock, taskDurationMs: 60_000, seed: 21 });
    try {
      const client = createOnAppProvider(locked.config).raw;
      const [server] = await collect(createOnAppProvider(locked.config).sites.list(), { limit: 1 });
      const disks = await client.virtualServers.disks((server as Site).id);
      const primary = disks.find((disk) => disk.primary);
      const taking = await client.disks.createBackup(primary?.id ?? 0, {});
      expect((await client.backups.get(taking.id)).locked).toBe(true);
      const raw = await rawFetch(locked, 'DELETE', `/backups/${taking.id}.${format}`);
      expect(raw.status).toBe(422);
      expect(raw.text).toContain('Backup is locked');
      for (const attempt of [() => client.backups.delete(taking.id), () => client.backups.restore(taking.id)]) {
        const refused = await attempt().catch((caught: unknown) => caught);
        expect(refused).toBeInstanceOf(ConflictError);
        expect((refused as ConflictError).message).toContain('Backup is locked');
      }
      clock.advance(60_000);
      await expect(client.backups.delete(taking.id)).resolves.toBeUndefined();
    } finally {
      await locked.close();
    }
  });

  it('serves templates with virtualization as an array (API guide, Go SDK), read by the adapter', async () => {
    const raw = await rawFetch(sim, 'GET', `/templates.${format}`);
    if (format === 'xml') {
      expect(raw.text).toContain(
        '<virtualization type="array">\n      <virtualization>xen</virtualization>\n      <virtualization>kvm</virtualization>\n    </virtualization>',
      );
    } else {
      const [first] = JSON.parse(raw.text) as Array<{ image_template: { virtualization: unknown } }>;
      expect(first?.image_template.virtualization).toEqual(['xen', 'kvm']);
    }
    const templates = await provider.raw.templates.list();
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) expect(template.virtualization).toEqual(['xen', 'kvm']);
  });

  it('routes repeated and trailing slashes as nginx and Rails do (`//version.json`)', async () => {
    for (const path of [`//version.${format}`, `/version.${format}/`, `//templates//1.${format}`]) {
      expect((await rawFetch(sim, 'GET', path)).status, path).toBe(200);
    }
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
});

describe('onapp simulator: panel variants', () => {
  it('a legacy (2.x) panel reports a 2.x version, 404s with {"error":…} except on DELETE, and a comma virtualization', async () => {
    await withSim({ xmlStyle: 'legacy', format: 'json', seed: 12 }, async (sim) => {
      expect(sim.version).toMatch(/^2\./);
      expect(JSON.parse((await rawFetch(sim, 'GET', '/version.json')).text)).toEqual({ version: sim.version });
      const get = await rawFetch(sim, 'GET', '/virtual_machines/9999999.json');
      expect(JSON.parse(get.text)).toEqual({ error: 'Resource not found' });
      const del = await rawFetch(sim, 'DELETE', '/virtual_machines/9999999.json');
      expect(JSON.parse(del.text)).toEqual({ errors: ['Resource not found'] });
      const xml = await rawFetch(sim, 'GET', '/virtual_machines/9999999.xml');
      expect(xml.text).toBe('<hash>\n  <error>Resource not found</error>\n</hash>\n');
      const [template] = JSON.parse((await rawFetch(sim, 'GET', '/templates.json')).text) as Array<{
        image_template: { virtualization: unknown };
      }>;
      expect(template?.image_template.virtualization).toBe('xen,kvm');
      // The adapter reads both forms alike, in both formats.
      for (const format of ['json', 'xml'] as const) {
        const provider = createOnAppProvider(sim.configFor(format));
        await expect(provider.raw.virtualServers.get(9_999_999)).rejects.toBeInstanceOf(NotFoundError);
        const [first] = await provider.raw.templates.list();
        expect(first?.virtualization).toEqual(['xen', 'kvm']);
      }
    });
  });

  it('the adapter reads virtualization in both forms, and refuses what is neither', () => {
    const read = (virtualization: unknown) => templateSchema.safeParse({ id: 1, virtualization });
    expect(read(['xen', 'kvm']).data?.virtualization).toEqual(['xen', 'kvm']);
    expect(read('xen, kvm').data?.virtualization).toEqual(['xen', 'kvm']);
    expect(read('kvm').data?.virtualization).toEqual(['kvm']);
    expect(read([]).data?.virtualization).toEqual([]);
    expect(read(null).data?.virtualization).toBeNull();
    expect(read('').data?.virtualization).toBeNull();
    expect(templateSchema.parse({ id: 1 }).virtualization).toBeUndefined();
    expect(read([{ kind: 'xen' }]).success).toBe(false);
    expect(read(42).success).toBe(false);
  });

  it('a current panel reports its version in both formats', async () => {
    await withSim({ seed: 12 }, async (sim) => {
      expect(sim.version).toBe(SIMULATED_ONAPP_VERSION);
      expect((await rawFetch(sim, 'GET', '/version.xml')).text).toContain(
        `<version>${SIMULATED_ONAPP_VERSION}</version>`,
      );
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
});

describe('onapp simulator: XML request bodies, read as a Rails panel reads them', () => {
  let sim: OnAppSimulator;
  let provider: OnAppProvider;
  let id: string;
  beforeAll(async () => {
    sim = await startOnAppSimulator({ taskDurationMs: 100, seed: 21 });
    provider = createOnAppProvider(sim.config);
    const [site] = await collect(provider.sites.list(), { limit: 1 });
    id = (site as Site).id;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('reads what the adapter writes: typed values, entities, blanks and nil', async () => {
    // Read back in JSON, which keeps every character, so the adapter's XML decoder plays no part.
    const stored = async () =>
      (JSON.parse((await rawFetch(sim, 'GET', `/virtual_machines/${id}.json`)).text) as { virtual_machine: object })
        .virtual_machine;
    await provider.raw.virtualServers.edit(id, { label: ' web & "api" <1> ', memory: 2048, note: 'line\r\nnext' });
    expect(await stored()).toMatchObject({ label: ' web & "api" <1> ', memory: 2048, note: 'line\r\nnext' });
    await provider.raw.virtualServers.edit(id, { label: 'shop-prod-01', note: null as unknown as string });
    expect(await stored()).toMatchObject({ label: 'shop-prod-01', note: null });
  });

  it('types values as Rails does: to_i for integers, an element without text is nil', async () => {
    const put = (body: string) => rawFetch(sim, 'PUT', `/virtual_machines/${id}.xml`, body);
    expect((await put('<virtual_machine><memory type="integer">3072MB</memory></virtual_machine>')).status).toBe(204);
    expect((await provider.raw.virtualServers.get(id)).memory).toBe(3072);
    // `abc`.to_i is 0, which the panel's validation refuses.
    const refused = await put('<virtual_machine><memory type="integer">abc</memory></virtual_machine>');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<memory type="array">');
    // <label></label> is nil in Rails, and a blank label is refused.
    expect((await put('<virtual_machine><label></label></virtual_machine>')).status).toBe(422);
    // Another root is no attributes at all (params[:virtual_machine] is nil): nothing changes.
    expect((await put('<server><memory type="integer">128</memory></server>')).status).toBe(204);
    expect((await provider.raw.virtualServers.get(id)).memory).toBe(3072);
  });

  it('answers 400 to a body a Rails panel would refuse to read', async () => {
    for (const body of [
      '<virtual_machine><memory type="integer">1024</memory>',
      '<virtual_machine/><virtual_machine/>',
      '<!DOCTYPE x [<!ENTITY a "b">]><virtual_machine><label>&a;</label></virtual_machine>',
      '<virtual_machine><label type="symbol">x</label></virtual_machine>',
      '<virtual_machine><label type="yaml">--- x</label></virtual_machine>',
      '<virtual_machine><__proto__><polluted>1</polluted></__proto__></virtual_machine>',
    ]) {
      const answer = await rawFetch(sim, 'PUT', `/virtual_machines/${id}.xml`, body);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Bad request: the XML body');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sim.server.stats().handlerErrors).toBe(0);
  });
});
