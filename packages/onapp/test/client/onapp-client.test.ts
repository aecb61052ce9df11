/**
 * The typed client (`provider.raw`) against the simulator, once per wire format: every call the
 * vocabulary does not make, and a server's whole life (create, build, back up, convert, delete).
 */
import { describe, expect, it } from 'vitest';
import type { OnAppFormat } from '../../src/index.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

describe.each(['xml', 'json'] as const)('onapp typed client over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format, { seed: 21 });

  it('covers the rest of the typed client', async () => {
    const { provider } = panel;
    const id = panel.named('shop-prod-01').id;
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
    const { provider } = panel;
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
