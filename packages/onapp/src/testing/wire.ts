/**
 * Records as the panel writes them: field for field, with Rails' types (names and types from the PHP
 * wrapper's field maps and the example documents, vendors/onapp.md §2.1, §3, §4). Unknown-to-the-adapter
 * fields are included on purpose: a client must pass them through. How a value is rendered in XML or
 * JSON, and the answers around the records, are in responses.ts.
 */
import type { SimBackup, SimDisk, SimTemplate, SimTransaction, SimVirtualServer } from './records.js';
import type { World } from './world.js';

/**
 * A scalar whose Rails type is not what its JavaScript value says: a `float` that happens to be whole
 * (`<price_per_hour type="float">0.0</price_per_hour>`), a `symbol` (`<shutdown_type type="symbol">`), or
 * a number the panel sends untyped (old panels' `<backup_size>315552</backup_size>`, JSON `"8"`).
 * @internal
 */
export class WireScalar {
  constructor(
    readonly type: 'float' | 'symbol' | 'untyped',
    readonly value: string | number,
  ) {}
}

/** What a simulator view is made of; each kind renders the way Rails' `to_xml` / `to_json` does. @internal */
export type WireValue =
  | string
  | number
  | boolean
  | null
  | Date
  | WireScalar
  | readonly WireValue[]
  | { readonly [field: string]: WireValue };

/**
 * How a panel writes XML. Every style appears in OnApp's own documents (vendors/onapp.md §1.4):
 * - `current`: an XML declaration, `type="datetime"`, self-closing `nil` elements (the apim docs);
 * - `newest`: `type="dateTime"` (the 2016+ docs, e.g. service add-ons);
 * - `legacy`: a 2.x panel: no declaration, `<x nil="true"></x>`, untyped sizes, `backup_type` instead of
 *   `initiated` (servermania's 2011 samples; `backupView` reads the style for the last two).
 * @public
 */
export type XmlStyle = 'current' | 'newest' | 'legacy';

/** Rails' `xmlschema` for a UTC time: `2011-04-28T15:31:22Z`. @internal */
export function railsTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A full `<virtual_machine>`. */
export function serverView(world: World, server: SimVirtualServer): { readonly [field: string]: WireValue } {
  const linux = server.operatingSystem !== 'windows';
  return {
    add_to_marketplace: false,
    admin_note: null,
    allow_resize_without_reboot: linux,
    allowed_hot_migrate: true,
    allowed_swap: linux,
    booted: server.booted,
    built: server.built,
    cpu_priority: server.cpuShares,
    cpu_shares: server.cpuShares,
    cpu_sockets: 1,
    cpu_threads: 1,
    cpus: server.cpus,
    created_at: server.createdAt,
    deleted_at: null,
    domain: server.domain,
    enable_autoscale: false,
    hostname: server.hostname,
    hypervisor_id: server.hypervisorId,
    id: server.id,
    identifier: server.identifier,
    initial_root_password: server.initialRootPassword,
    initial_root_password_encrypted: false,
    ip_addresses: [
      {
        address: server.ipAddress.address,
        broadcast: server.ipAddress.address.replace(/\.\d+$/, '.255'),
        created_at: server.createdAt,
        free: false,
        gateway: server.ipAddress.address.replace(/\.\d+$/, '.1'),
        id: server.ipAddress.id,
        netmask: '255.255.255.0',
        network_address: server.ipAddress.address.replace(/\.\d+$/, '.0'),
        network_id: server.ipAddress.networkId,
        updated_at: server.createdAt,
        user_id: null,
      },
    ],
    label: server.label,
    local_remote_access_ip_address: `10.0.0.${server.hypervisorId + 1}`,
    local_remote_access_port: 5900 + (server.id % 1000),
    locked: world.isLocked(server.id),
    memory: server.memory,
    min_disk_size: 5,
    monthly_bandwidth_used: (server.id * 37) % 5000,
    note: server.note,
    operating_system: server.operatingSystem,
    operating_system_distro: server.operatingSystemDistro,
    preferred_hvs: [server.hypervisorId],
    price_per_hour: new WireScalar('float', '0.0'),
    price_per_hour_powered_off: new WireScalar('float', '0.0'),
    recovery_mode: false,
    remote_access_password: server.identifier.slice(0, 8),
    state: server.state,
    strict_virtual_machine_id: null,
    support_incremental_backups: server.supportIncrementalBackups,
    suspended: server.suspended,
    template_id: server.templateId,
    template_label: server.templateLabel,
    total_disk_size: world.disksOf(server.id).reduce((sum, disk) => sum + disk.diskSize, 0),
    updated_at: server.updatedAt,
    user_id: server.userId,
    vip: null,
    xen_id: 100 + (server.id % 900),
  };
}

/** The light status (`GET /virtual_machines/:id/status`, OnApp 3.1+, docs 52API). */
export function statusView(world: World, server: SimVirtualServer): { readonly [field: string]: WireValue } {
  return {
    id: server.id,
    identifier: server.identifier,
    hostname: server.hostname,
    template_id: server.templateId,
    built: server.built,
    locked: world.isLocked(server.id),
    booted: server.booted,
    operating_system: server.operatingSystem,
    suspended: server.suspended,
    enable_autoscale: false,
    state: server.state,
  };
}

/** A `<disk>`. */
export function diskView(world: World, disk: SimDisk): { readonly [field: string]: WireValue } {
  return {
    add_to_freebsd_fstab: null,
    add_to_linux_fstab: null,
    built: disk.built,
    burst_bw: 0,
    burst_iops: 0,
    created_at: disk.createdAt,
    data_store_id: disk.dataStoreId,
    disk_size: disk.diskSize,
    disk_vm_number: disk.primary ? 1 : 2,
    file_system: disk.isSwap ? 'swap' : 'ext4',
    has_autobackups: !disk.isSwap,
    id: disk.id,
    identifier: disk.identifier,
    is_swap: disk.isSwap,
    label: disk.label,
    locked: world.isLocked(disk.serverId),
    mount_point: disk.isSwap ? null : '/',
    primary: disk.primary,
    updated_at: disk.updatedAt,
    virtual_machine_id: disk.serverId,
  };
}

/**
 * A `<backup>`. `legacy` panels (2.x) type `backup_size` as nothing (JSON: a string) and send
 * `backup_type` (`days-autobackup`) instead of `initiated` (servermania's 2011 sample, squall cassette
 * disk_backups).
 */
export function backupView(backup: SimBackup, style: XmlStyle): { readonly [field: string]: WireValue } {
  const legacy = style === 'legacy';
  return {
    allow_resize_without_reboot: false,
    allowed_hot_migrate: true,
    allowed_swap: backup.operatingSystem !== 'windows',
    backup_server_id: backup.targetType === 'Disk' ? 1 : null,
    backup_size: legacy ? new WireScalar('untyped', backup.backupSize) : backup.backupSize,
    ...(legacy
      ? { backup_type: backup.initiated === 'manual' ? 'manual' : `${backup.initiated}-autobackup` }
      : { initiated: backup.initiated }),
    built: backup.built,
    built_at: backup.builtAt,
    created_at: backup.createdAt,
    data_store_type: 'lvm',
    id: backup.id,
    identifier: backup.identifier,
    image_type: null,
    iqn: null,
    locked: !backup.built || backup.markedForDelete,
    marked_for_delete: backup.markedForDelete,
    min_disk_size: backup.minDiskSize,
    min_memory_size: 256,
    note: backup.note,
    operating_system: backup.operatingSystem,
    operating_system_distro: backup.operatingSystemDistro,
    target_id: backup.targetId,
    target_type: backup.targetType,
    template_id: backup.templateId,
    updated_at: backup.updatedAt,
    user_id: backup.userId,
    volume_id: null,
    disk_id: backup.targetType === 'Disk' ? backup.targetId : null,
  };
}

/**
 * An `<image_template>`. `virtualization` is an array on current panels (the API guide's
 * `<virtualization type="array">`, the Go SDK's `Virtualization []string`, the PHP wrapper's newer field
 * maps) and a comma string on old ones (the wrapper's older maps type it `string`).
 */
export function templateView(template: SimTemplate, style: XmlStyle): { readonly [field: string]: WireValue } {
  return {
    allow_resize_without_reboot: template.operatingSystem !== 'windows',
    allowed_hot_migrate: true,
    allowed_swap: template.operatingSystem !== 'windows',
    created_at: template.createdAt,
    file_name: template.fileName,
    id: template.id,
    label: template.label,
    min_disk_size: template.minDiskSize,
    min_memory_size: template.minMemorySize,
    operating_system: template.operatingSystem,
    operating_system_distro: template.operatingSystemDistro,
    state: template.state,
    updated_at: template.updatedAt,
    user_id: template.userId,
    version: template.version,
    virtualization: style === 'legacy' ? TEMPLATE_VIRTUALIZATION.join(',') : TEMPLATE_VIRTUALIZATION,
  };
}

/** The hypervisors every simulated template runs on. */
const TEMPLATE_VIRTUALIZATION: readonly string[] = ['xen', 'kvm'];

/**
 * A `<transaction>`. `log_output` only when asked (`?detailed` lists, single gets), as the docs say of
 * `GET /transactions.xml`. `shutdown_type` is a Rails symbol (`type="symbol"` in the apim example).
 */
export function transactionView(
  transaction: SimTransaction,
  withLog: boolean,
): { readonly [field: string]: WireValue } {
  const params: Record<string, WireValue> = {};
  for (const [key, value] of Object.entries(transaction.params)) {
    params[key] = key === 'shutdown_type' && typeof value === 'string' ? new WireScalar('symbol', value) : value;
  }
  return {
    action: transaction.action,
    actor: null,
    allowed_cancel: transaction.status === 'pending',
    associated_object_id: transaction.serverId,
    associated_object_type: 'VirtualMachine',
    chain_id: null,
    created_at: transaction.createdAt,
    dependent_transaction_id: transaction.dependentId,
    id: transaction.id,
    identifier: transaction.identifier,
    ...(withLog ? { log_output: transaction.log.length > 0 ? `${transaction.log.join('\n')}\n` : '' } : {}),
    params,
    parent_id: transaction.parentId,
    parent_type: transaction.parentType,
    pid: transaction.pid,
    priority: 10,
    scheduled: false,
    start_after: transaction.createdAt,
    started_at: transaction.startedAt,
    status: transaction.status,
    updated_at: transaction.finishedAt ?? transaction.startedAt ?? transaction.createdAt,
    user_id: transaction.userId,
  };
}
