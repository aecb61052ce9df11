/**
 * Every OnApp document in the reference folder (../shared/specs/onapp: the API guide's XML examples, the
 * squall VCR cassettes recorded against a real panel, libcloud's fixtures) parses in its own format into
 * the expected typed record and vocabulary model (request bodies: also as the simulated panel reads
 * them); then the cassettes are replayed over HTTP through the typed client, statuses and all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  NotFoundError,
  ResponseValidationError,
  ServerError,
  type Site,
  siteSchema,
  taskSchema,
  ValidationError,
} from '@omnihost/core';
import { SimRouter, startSimServer } from '@omnihost/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { describeWithShared, sharedPath } from '../../../test/support/shared-reference.js';
import {
  createOnAppClient,
  createOnAppCodec,
  decodeRailsXmlDocument,
  listOf,
  type OnAppClient,
  onAppBackupSchema,
  parseOnAppErrorBody,
  siteStatusOf,
  toBackup,
  toSite,
  toTask,
  transactionSchema,
  virtualServerSchema,
  virtualServerStatusSchema,
} from '../src/index.js';
import { readRequestXml } from '../src/testing/request-xml.js';

const read = (relative: string) => readFileSync(sharedPath('specs', 'onapp', relative), 'utf8');
const decode = (relative: string) => {
  const format = relative.endsWith('.xml') ? 'xml' : 'json';
  return createOnAppCodec(format).decode(read(relative), undefined);
};
const servers = z.array(virtualServerSchema);
const backups = z.array(onAppBackupSchema);
const transactions = z.array(transactionSchema);

function site(value: unknown): Site {
  const server = virtualServerSchema.parse(value);
  const mapped = toSite(server, value);
  expect(siteSchema.safeParse(mapped).success).toBe(true);
  return mapped;
}

/** Each document, what it is, and what it must say. Keyed by path under specs/onapp. */
const EXPECTATIONS: Record<string, (decoded: unknown) => void> = {
  'xml/vs-details.CONSTRUCTED-from-libcloud.xml': (doc) => {
    const mapped = site(doc);
    expect(mapped).toMatchObject({ id: '652', name: 'onapp-fred', status: 'active', group: 'hypervisor 24' });
    expect(mapped.createdAt?.toISOString()).toBe('2015-01-15T19:06:19.000Z');
    const server = virtualServerSchema.parse(doc);
    expect(server.identifier).toBe('123456'); // untyped digits stay text
    expect(server.ip_addresses?.[0]?.address).toBe('192.168.15.72');
    expect(server.price_per_hour).toBe(0);
    expect((doc as Record<string, unknown>).preferred_hvs).toEqual([5, 4, 2, 3, 1, 6]);
    expect(server.note).toBeNull();
  },
  'xml/vs-status.docs-52API.xml': (doc) => {
    const [status] = listOf(virtualServerStatusSchema).parse(doc);
    expect(status).toMatchObject({ id: 48, identifier: 'b266b5h5et39iy', built: true, booted: true, locked: false });
    expect(siteStatusOf(status ?? {})).toBe('active');
  },
  'xml/disk-backups.docs-41API.xml': (doc) => {
    const [backup] = backups.parse(doc);
    const mapped = toBackup(backup as never, '11860', doc);
    expect(mapped).toMatchObject({ id: '1951', state: 'completed', trigger: 'scheduled', sizeBytes: 310_896 * 1024 });
    expect(mapped.components).toEqual(['disk 11860']);
    expect(mapped.completedAt?.toISOString()).toBe('2013-12-24T11:34:06.000Z');
  },
  'xml/incremental-backups.docs-41API.xml': (doc) => {
    const [backup] = backups.parse(doc);
    expect(backup?.backup_server_id).toBeNull();
    const mapped = toBackup(backup as never, '74', doc);
    expect(mapped).toMatchObject({ id: '698', state: 'completed', trigger: 'manual', label: 'Stuarts backup' });
    expect(mapped.components).toEqual(['incremental']);
  },
  'xml/disk-backups-2011.servermania.xml': (doc) => {
    const [backup] = backups.parse(doc);
    // Untyped on 2.x panels, a number after the schema; `backup_type` instead of `initiated`.
    expect(backup?.backup_size).toBe(315_552);
    expect(toBackup(backup as never, '112', doc)).toMatchObject({ id: '12', trigger: 'scheduled', state: 'completed' });
  },
  'xml/transactions-list.docs-apim-latest.xml': (doc) => {
    const [row] = transactions.parse(doc);
    expect(row?.params).toEqual({ shutdown_type: 'soft' });
    const task = toTask(row as never, doc);
    expect(taskSchema.safeParse(task).success).toBe(true);
    expect(task).toMatchObject({
      id: '101666',
      state: 'succeeded',
      kind: 'stop_virtual_machine',
      rawStatus: 'complete',
    });
  },
  'xml/transactions-detailed.servermania.xml': (doc) => {
    const [row] = transactions.parse(doc);
    // The copy lost <status>: an absent status must never read as success.
    expect(toTask(row as never, doc).state).toBe('unknown');
    expect(row?.log_output).toContain('{"result"=>"SUCCESS"}');
    expect(row?.params).toEqual({
      remote_ip: '194.44.160.178',
      destroy_msg: 'Destroy from Web interface',
      skip_notification: true,
    });
  },
  'xml/vs-transactions.docs-apim-latest.xml': (doc) => {
    const [row] = transactions.parse(doc);
    expect(row).toMatchObject({ id: 1547, parent_id: 34, log_output: '' });
    expect(row?.associated_object_id).toBeUndefined(); // 2011 rows predate associated_object_*
    expect(toTask(row as never, doc).state).toBe('succeeded');
  },
  'squall-cassettes/virtual_machine_show_1_GET_200.json': (doc) => {
    expect(site(doc)).toMatchObject({ id: '1', name: 'bob', status: 'provisioning', rawStatus: expect.any(String) });
  },
  'squall-cassettes/virtual_machine_startup_1_POST_201.json': (doc) => {
    expect(virtualServerSchema.parse(doc)).toMatchObject({ id: 1, locked: true, built: false });
  },
  'squall-cassettes/virtual_machine_build_1_POST_201.json': (doc) => {
    expect(site(doc)).toMatchObject({ id: '72', name: 'Testingagain', status: 'provisioning' });
  },
  'squall-cassettes/transaction_list_0_GET_200.json': (doc) => {
    const rows = transactions.parse(doc);
    const tasks = rows.map((row, index) => toTask(row, (doc as unknown[])[index]));
    expect(tasks.map((task) => task.state)).toEqual(['failed', 'failed', 'succeeded']);
    expect(tasks[0]?.message).toContain("System Error ('undefined method `ip_addresses' for nil:NilClass')");
  },
  'squall-cassettes/transaction_show_1_GET_200.json': (doc) => {
    expect(toTask(transactionSchema.parse(doc), doc)).toMatchObject({ id: '1', state: 'succeeded' });
  },
  'squall-cassettes/disk_backups_0_GET_200.json': (doc) => {
    const list = backups.parse(doc).map((backup) => toBackup(backup, '58', backup));
    expect(list.map((backup) => backup.id)).toEqual(['68', '69', '70', '71']);
    expect(list.every((backup) => backup.sizeBytes === 8 * 1024 && backup.trigger === 'scheduled')).toBe(true);
  },
  'squall-cassettes/virtual_machine_delete_1_DELETE_200.json': (doc) => expect(doc).toEqual({}),
  'squall-cassettes/virtual_machine_show_0_GET_404.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Resource not found'),
  'squall-cassettes/virtual_machine_startup_0_POST_404.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Resource not found'),
  'squall-cassettes/virtual_machine_build_0_POST_404.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Resource not found'),
  'squall-cassettes/transaction_show_0_GET_404.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Resource not found'),
  'squall-cassettes/virtual_machine_delete_0_DELETE_404.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Resource not found'),
  'squall-cassettes/virtual_machine_create_0_POST_422.json': (doc) =>
    expect(parseOnAppErrorBody(doc)).toEqual({
      message: 'Network interfaces is invalid',
      fieldErrors: { _: ['Network interfaces is invalid'] },
    }),
  'squall-cassettes/disk_migrate_0_POST_422.json': (doc) =>
    expect(parseOnAppErrorBody(doc).message).toBe('Data store cannot be associated with this virtual machine.'),
  'libcloud-dns_zone_not_found-404.json': (doc) => expect(parseOnAppErrorBody(doc).message).toBe('DnsZone not found'),
  'libcloud-list_nodes.json': (doc) => {
    const [server] = servers.parse(doc);
    // libcloud replaced nulls by "": text stays "", flags and numbers become null.
    expect(server).toMatchObject({ id: 652, note: '', recovery_mode: null, identifier: '123456' });
    expect(site((doc as unknown[])[0])).toMatchObject({ id: '652', name: 'onapp-fred', status: 'active' });
  },
  'libcloud-create_node.json': (doc) => {
    expect(site(doc)).toMatchObject({ id: '652', name: 'onapp-new-fred' });
  },
};

/** Request bodies from the docs: they decode to their root and attributes. */
const REQUEST_BODIES: Record<string, (root: string, value: unknown) => void> = {
  'xml/add-vs-request.docs-apim-latest.xml': (root, value) => {
    expect(root).toBe('virtual_machine');
    expect(value).toMatchObject({
      template_id: '8',
      label: 'zaza',
      time_zone: 'Atlantic Time (Canada)',
      selected_ip_address: '',
      service_addon_ids: ['273', '274'],
      custom_recipe_variables: { custom_recipe_variable: { name: 'varname', recipe_joins_attributes: ['11'] } },
    });
  },
  'xml/build-request.docs-apim-latest.xml': (root, value) => {
    expect(root).toBe('virtual_machine');
    expect(value).toEqual({ template_id: '1', required_startup: '1' });
  },
};

/**
 * The same request bodies as the simulated panel reads them, with its own reader (Rails' rules, not the
 * adapter's decoder): an element without text is nil there (`selected_ip_address`).
 */
const SIMULATOR_READS: Record<string, (root: string, value: unknown) => void> = {
  'xml/add-vs-request.docs-apim-latest.xml': (root, value) => {
    expect(root).toBe('virtual_machine');
    expect(value).toMatchObject({
      template_id: '8',
      label: 'zaza',
      time_zone: 'Atlantic Time (Canada)',
      selected_ip_address: null,
      required_virtual_machine_build: '1',
      service_addon_ids: ['273', '274'],
      custom_recipe_variables: { custom_recipe_variable: { name: 'varname', recipe_joins_attributes: ['11'] } },
    });
  },
  'xml/build-request.docs-apim-latest.xml': (root, value) => {
    expect(root).toBe('virtual_machine');
    expect(value).toEqual({ template_id: '1', required_startup: '1' });
  },
};

const HTML_PAGES = [
  'squall-cassettes/virtual_machine_console_0_POST_500.txt',
  'squall-cassettes/virtual_machine_console_1_POST_500.txt',
];

describeWithShared('onapp reference documents', () => {
  it('covers every document in specs/onapp', () => {
    const all = [
      ...readdirSync(sharedPath('specs', 'onapp', 'xml')).map((name) => `xml/${name}`),
      ...readdirSync(sharedPath('specs', 'onapp', 'squall-cassettes'))
        .filter((name) => name !== 'INDEX.tsv')
        .map((name) => `squall-cassettes/${name}`),
      ...readdirSync(sharedPath('specs', 'onapp')).filter((name) => name.endsWith('.json')),
    ].sort();
    const covered = [...Object.keys(EXPECTATIONS), ...Object.keys(REQUEST_BODIES), ...HTML_PAGES].sort();
    expect(covered).toEqual(all);
    expect(all).toHaveLength(29);
  });

  it.each(Object.entries(EXPECTATIONS))('%s parses to the expected model', (relative, check) => {
    check(decode(relative));
  });

  it.each(Object.entries(REQUEST_BODIES))('request body %s decodes to its root and attributes', (relative, check) => {
    const { root, value } = decodeRailsXmlDocument(read(relative));
    check(root, value);
  });

  it.each(Object.entries(SIMULATOR_READS))(
    'request body %s reads the same in the simulated panel',
    (relative, check) => {
      expect(Object.keys(SIMULATOR_READS)).toEqual(Object.keys(REQUEST_BODIES));
      const { root, value } = readRequestXml(read(relative));
      check(root, value);
    },
  );

  it.each(HTML_PAGES)('%s (an HTML 500) is refused as a typed parse error, in both formats', (relative) => {
    for (const format of ['xml', 'json'] as const) {
      const error = (() => {
        try {
          createOnAppCodec(format).decode(read(relative), 'text/html; charset=UTF-8');
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ResponseValidationError);
    }
  });
});

describeWithShared('onapp squall cassettes replayed over HTTP', () => {
  let close: () => Promise<void>;
  let client: OnAppClient;

  beforeAll(async () => {
    const router = new SimRouter();
    for (const line of read('squall-cassettes/INDEX.tsv').trim().split('\n')) {
      const [file, request, , contentType] = line.split('\t') as [string, string, string, string];
      const [method, target] = request.split(' ') as [string, string];
      const status = Number(/-> (\d{3})/.exec(line)?.[1]);
      const body = read(`squall-cassettes/${file}`);
      router.add(method, target.split('?')[0] as string, () => ({
        status,
        headers: { 'Content-Type': contentType },
        body,
      }));
    }
    const server = await startSimServer({
      name: 'onapp-cassettes',
      router,
      responses: {
        notFound: () => ({ status: 404, body: 'no cassette' }),
        throttled: () => ({ status: 429 }),
        serverError: (status) => ({ status }),
      },
    });
    close = () => server.close();
    client = createOnAppClient({
      baseUrl: server.url,
      email: 'replay@example.net',
      apiKey: 'not-a-real-key',
      format: 'json',
      allowInsecureHttp: true,
      retry: { retries: 0 },
    });
  });
  afterAll(async () => {
    await close?.();
  });

  it('reads servers, actions and deletes as the panel answered them', async () => {
    expect((await client.virtualServers.get(1)).label).toBe('bob');
    expect((await client.virtualServers.startup(1))?.locked).toBe(true);
    expect((await client.virtualServers.build(72, { templateId: 1 }))?.id).toBe(72);
    await expect(client.virtualServers.delete(1)).resolves.toBeUndefined();
  });

  it('maps the 404s, whatever their shape, to NotFoundError with the panel message', async () => {
    for (const call of [
      () => client.virtualServers.get(404),
      () => client.virtualServers.startup(404),
      () => client.virtualServers.build(404, { templateId: 1 }),
      () => client.virtualServers.delete(404),
      () => client.transactions.get(5),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toContain('Resource not found');
    }
  });

  it('maps the 422s to ValidationError and the HTML 500 to ServerError without the page', async () => {
    const create = await client.virtualServers
      .create({
        template_id: 1,
        label: 'testmachine',
        hostname: 'testmachine',
        memory: 512,
        cpus: 1,
        primary_disk_size: 10,
      })
      .catch((caught: unknown) => caught);
    expect(create).toBeInstanceOf(ValidationError);
    expect((create as ValidationError).fieldErrors).toEqual({ _: ['Network interfaces is invalid'] });
    const migrate = await client.http
      .request({ operation: 'disks.migrate', method: 'POST', path: '/virtual_machines/58/disks/78/migrate.json' })
      .catch((caught: unknown) => caught);
    expect((migrate as Error).message).toContain('Data store cannot be associated');
    const console = await client.http
      .request({ operation: 'console', method: 'POST', path: '/virtual_machines/1/console.json' })
      .catch((caught: unknown) => caught);
    expect(console).toBeInstanceOf(ServerError);
    expect((console as Error).message).toContain('HTML error page');
    expect((console as Error).message).not.toContain('administrator');
  });

  it('reads transactions and a disk’s backups', async () => {
    const page = await client.transactions.listPage();
    expect(page.items.map((row) => row.status)).toEqual(['failed', 'failed', 'complete']);
    expect((await client.transactions.get(1)).action).toBe('reset_root_password');
    expect((await client.disks.backups(78)).map((backup) => backup.id)).toEqual([68, 69, 70, 71]);
  });
});
