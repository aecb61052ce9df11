import type { SimBackup, SimDisk, SimTemplate, SimTransaction, SimVirtualServer } from './records.js';
import type { StepSpec, World } from './world.js';

/**
 * The work behind each mutating call: what changes at once, and the transactions queued for the rest
 * (action names and chains from vendors/onapp.md §2–§4: the QA suite's waiters, the Go SDK, the docs).
 * @internal
 */

function hypervisorAddress(server: SimVirtualServer): string {
  return `10.0.${Math.floor(server.hypervisorId / 250)}.${(server.hypervisorId % 250) + 1}`;
}

function primaryDisk(world: World, server: SimVirtualServer): SimDisk | undefined {
  const disks = world.disksOf(server.id);
  return disks.find((disk) => disk.primary) ?? disks.find((disk) => !disk.isSwap);
}

function touch(server: SimVirtualServer, world: World): void {
  server.updatedAt = new Date(world.now());
}

function powerStep(world: World, server: SimVirtualServer, action: string, booted: boolean): StepSpec {
  const verb = booted ? 'start' : 'shutdown';
  return {
    action,
    parentType: 'VirtualMachine',
    parentId: server.id,
    identifier: server.identifier,
    params: action === 'stop_virtual_machine' ? { shutdown_type: 'soft' } : {},
    weight: 1,
    script: {
      remoteServer: hypervisorAddress(server),
      steps: [`xm ${verb} ${server.identifier}`, `Checking ${server.identifier} is ${booted ? 'running' : 'halted'}`],
      failure: `Command \`xm ${verb} ${server.identifier}\` failed with exit status 1: Domain ${server.identifier} did not respond`,
    },
    onComplete: () => {
      server.booted = booted;
      touch(server, world);
    },
  };
}

/** startup / shutdown / stop / reboot: one transaction each. */
export function powerAction(
  world: World,
  server: SimVirtualServer,
  action: 'startup' | 'shutdown' | 'stop' | 'reboot',
  callId: string | undefined,
): SimTransaction[] {
  const step =
    action === 'startup'
      ? powerStep(world, server, 'startup_virtual_machine', true)
      : action === 'reboot'
        ? powerStep(world, server, 'reboot_virtual_machine', true)
        : powerStep(world, server, 'stop_virtual_machine', false);
  return world.startOperation('other', server.id, [step], callId);
}

/**
 * Build or rebuild from a template (`POST /virtual_machines/:id/build`): `stop_virtual_machine` when the
 * server runs, `build_disk` on the primary disk, `configure_operating_system`, and with `required_startup`
 * `startup_virtual_machine` — the creation chain of vendors/onapp.md §2.3, assumed for rebuilds. The
 * server reads `built: false` until the OS is configured; a failed chain leaves it unbuilt.
 */
export function rebuild(
  world: World,
  server: SimVirtualServer,
  template: SimTemplate,
  requiredStartup: boolean,
  callId: string | undefined,
  kind: 'deploy' | 'other' = 'deploy',
): SimTransaction[] {
  const disk = primaryDisk(world, server);
  const steps: StepSpec[] = [];
  if (server.booted) steps.push(powerStep(world, server, 'stop_virtual_machine', false));
  if (disk) {
    steps.push({
      action: 'build_disk',
      parentType: 'Disk',
      parentId: disk.id,
      identifier: disk.identifier,
      params: { template_id: template.id },
      weight: 4,
      failsHere: true,
      script: {
        remoteServer: hypervisorAddress(server),
        steps: [
          `lvcreate -L${disk.diskSize}G -n ${disk.identifier} onapp-ds${disk.dataStoreId}`,
          `tar -xzf /onapp/templates/${template.fileName} -C /mnt/${disk.identifier}`,
        ],
        failure: `Command \`tar -xzf /onapp/templates/${template.fileName}\` failed with exit status 2: Unexpected EOF in archive`,
      },
      onComplete: () => {
        disk.built = true;
        disk.updatedAt = new Date(world.now());
      },
    });
  }
  steps.push({
    action: 'configure_operating_system',
    parentType: 'VirtualMachine',
    parentId: server.id,
    identifier: server.identifier,
    params: { template_id: template.id },
    weight: 2,
    failsHere: !disk,
    script: {
      remoteServer: hypervisorAddress(server),
      steps: [`Configuring ${template.operatingSystem} (${template.label}) on ${server.hostname}`],
      failure: `Could not mount /dev/onapp-ds/${server.identifier}: No such device`,
    },
    onComplete: () => {
      server.built = true;
      server.state = 'delivered';
      server.templateId = template.id;
      server.templateLabel = template.label;
      server.operatingSystem = template.operatingSystem;
      server.operatingSystemDistro = template.operatingSystemDistro;
      touch(server, world);
    },
  });
  if (requiredStartup) steps.push(powerStep(world, server, 'startup_virtual_machine', true));
  server.built = false;
  if (disk) disk.built = false;
  touch(server, world);
  return world.startOperation(kind, server.id, steps, callId);
}

function backupScript(world: World, server: SimVirtualServer, backup: SimBackup) {
  return {
    remoteServer: hypervisorAddress(server),
    steps:
      backup.targetType === 'Disk'
        ? [
            `lvcreate -s -L1G -n backup-${backup.identifier} onapp-ds/${world.disks.get(backup.targetId)?.identifier ?? backup.targetId}`,
            `dd if=/dev/onapp-ds/backup-${backup.identifier} bs=1M | gzip > /onapp/backups/${backup.identifier}.gz`,
          ]
        : [`rsync -a --link-dest=/onapp/backups/${server.identifier}/last / /onapp/backups/${backup.identifier}`],
    failure: 'lvcreate: Insufficient free space: 256 extents needed, but only 12 available',
  };
}

/**
 * Takes a backup: the record exists at once (`built: false`), `take_backup` (a disk) or
 * `take_incremental_backup` (the server) builds it. A failed backup is removed [inf: OnApp's UI lists no
 * half-taken backups].
 */
export function takeBackup(
  world: World,
  server: SimVirtualServer,
  target: { readonly type: 'Disk'; readonly disk: SimDisk } | { readonly type: 'VirtualMachine' },
  note: string | null,
  callId: string | undefined,
): { backup: SimBackup; transactions: SimTransaction[] } {
  const now = new Date(world.now());
  const template = world.templates.get(server.templateId);
  const backup: SimBackup = {
    id: world.nextId('backup'),
    identifier: world.identifier(),
    serverId: server.id,
    targetType: target.type,
    targetId: target.type === 'Disk' ? target.disk.id : server.id,
    built: false,
    builtAt: null,
    backupSize: 0,
    initiated: 'manual',
    note,
    markedForDelete: false,
    templateId: server.templateId,
    operatingSystem: server.operatingSystem,
    operatingSystemDistro: server.operatingSystemDistro,
    minDiskSize: template?.minDiskSize ?? 5,
    userId: world.settings.userId,
    createdAt: now,
    updatedAt: now,
  };
  world.backups.set(backup.id, backup);
  const transactions = world.startOperation(
    'backup',
    server.id,
    [
      {
        action: target.type === 'Disk' ? 'take_backup' : 'take_incremental_backup',
        parentType: 'Backup',
        parentId: backup.id,
        identifier: backup.identifier,
        params: {},
        script: backupScript(world, server, backup),
        onComplete: () => {
          backup.built = true;
          backup.builtAt = new Date(world.now());
          backup.backupSize = 250_000 + Math.floor(world.random() * 500_000);
          backup.updatedAt = backup.builtAt;
        },
        onAbandon: () => {
          world.backups.delete(backup.id);
        },
      },
    ],
    callId,
  );
  return { backup, transactions };
}

/** Restores a backup over its server's disks: one `restore_backup` / `restore_incremental_backup`. */
export function restoreBackup(
  world: World,
  server: SimVirtualServer,
  backup: SimBackup,
  callId: string | undefined,
): SimTransaction[] {
  return world.startOperation(
    'other',
    server.id,
    [
      {
        action: backup.targetType === 'Disk' ? 'restore_backup' : 'restore_incremental_backup',
        parentType: 'Backup',
        parentId: backup.id,
        identifier: backup.identifier,
        script: {
          remoteServer: hypervisorAddress(server),
          steps: [`gunzip -c /onapp/backups/${backup.identifier}.gz | dd of=/dev/onapp-ds/${server.identifier} bs=1M`],
          failure: `Backup file /onapp/backups/${backup.identifier}.gz is corrupt (gzip: invalid compressed data--crc error)`,
        },
        onComplete: () => touch(server, world),
      },
    ],
    callId,
  );
}

/** Deletes a backup: `marked_for_delete` at once, gone when `destroy_backup` completes. */
export function destroyBackup(
  world: World,
  server: SimVirtualServer,
  backup: SimBackup,
  callId: string | undefined,
): SimTransaction[] {
  backup.markedForDelete = true;
  backup.updatedAt = new Date(world.now());
  return world.startOperation(
    'other',
    server.id,
    [
      {
        action: 'destroy_backup',
        parentType: 'Backup',
        parentId: backup.id,
        identifier: backup.identifier,
        script: {
          remoteServer: hypervisorAddress(server),
          steps: [`rm -f /onapp/backups/${backup.identifier}.gz`],
          failure: `rm: cannot remove /onapp/backups/${backup.identifier}.gz: Device or resource busy`,
        },
        onComplete: () => world.backups.delete(backup.id),
        onAbandon: () => {
          backup.markedForDelete = false;
        },
      },
    ],
    callId,
  );
}

/** Turns a backup into a template (`convert_backup`): the template is `inactive` until it completes. */
export function convertBackup(
  world: World,
  server: SimVirtualServer,
  backup: SimBackup,
  label: string,
  callId: string | undefined,
): { template: SimTemplate; transactions: SimTransaction[] } {
  const now = new Date(world.now());
  const template: SimTemplate = {
    id: world.nextId('template'),
    label,
    fileName: `${backup.identifier}.tar.gz`,
    operatingSystem: backup.operatingSystem,
    operatingSystemDistro: backup.operatingSystemDistro,
    version: '1.0',
    minDiskSize: backup.minDiskSize,
    minMemorySize: 256,
    state: 'inactive',
    userId: world.settings.userId,
    createdAt: now,
    updatedAt: now,
  };
  world.templates.set(template.id, template);
  const transactions = world.startOperation(
    'other',
    server.id,
    [
      {
        action: 'convert_backup',
        parentType: 'Backup',
        parentId: backup.id,
        identifier: backup.identifier,
        script: {
          remoteServer: hypervisorAddress(server),
          steps: [`cp /onapp/backups/${backup.identifier}.gz /onapp/templates/${template.fileName}`],
          failure: 'cp: error writing /onapp/templates: No space left on device',
        },
        onComplete: () => {
          template.state = 'active';
          template.updatedAt = new Date(world.now());
        },
        onAbandon: () => world.templates.delete(template.id),
      },
    ],
    callId,
  );
  return { template, transactions };
}

/** Deletes a server (`destroy_virtual_machine`); its backups go too only when asked. */
export function destroyServer(
  world: World,
  server: SimVirtualServer,
  destroyAllBackups: boolean,
  callId: string | undefined,
): SimTransaction[] {
  return world.startOperation(
    'other',
    server.id,
    [
      {
        action: 'destroy_virtual_machine',
        parentType: 'VirtualMachine',
        parentId: server.id,
        identifier: server.identifier,
        params: { destroy_msg: 'Destroy from API', skip_notification: true },
        script: {
          remoteServer: hypervisorAddress(server),
          steps: [`xm destroy ${server.identifier}`, `rm -f /onapp/configs/${server.identifier}*`],
          failure: `Command \`xm destroy ${server.identifier}\` failed with exit status 1`,
        },
        onComplete: () => world.removeServer(server.id, destroyAllBackups),
      },
    ],
    callId,
  );
}

/** What `POST /virtual_machines` needs, already validated. */
export interface NewServerInput {
  readonly label: string;
  readonly hostname: string;
  readonly domain: string;
  readonly memory: number;
  readonly cpus: number;
  readonly cpuShares: number;
  readonly primaryDiskSize: number;
  readonly swapDiskSize: number;
  readonly initialRootPassword: string;
  readonly build: boolean;
  readonly startup: boolean;
}

/**
 * Creates a server (`state: new`, unbuilt) with its disks; with `required_virtual_machine_build` the
 * build chain is queued (vendors/onapp.md §2.3).
 */
export function createServer(
  world: World,
  template: SimTemplate,
  input: NewServerInput,
  callId: string | undefined,
): { server: SimVirtualServer; transactions: SimTransaction[] } {
  const now = new Date(world.now());
  const id = world.nextId('server');
  const server: SimVirtualServer = {
    id,
    identifier: world.identifier(),
    label: input.label,
    hostname: input.hostname,
    domain: input.domain,
    booted: false,
    built: false,
    suspended: false,
    state: 'new',
    operatingSystem: template.operatingSystem,
    operatingSystemDistro: template.operatingSystemDistro,
    templateId: template.id,
    templateLabel: template.label,
    memory: input.memory,
    cpus: input.cpus,
    cpuShares: input.cpuShares,
    hypervisorId: 1 + (id % 8),
    userId: world.settings.userId,
    supportIncrementalBackups: false,
    ipAddress: { id: 5000 + id, address: `192.168.${Math.floor(id / 250) % 250}.${(id % 250) + 2}`, networkId: 39 },
    initialRootPassword: input.initialRootPassword,
    note: null,
    createdAt: now,
    updatedAt: now,
  };
  world.servers.set(id, server);
  addDisk(world, server, {
    label: 'Primary disk',
    size: input.primaryDiskSize,
    primary: true,
    swap: false,
    built: false,
  });
  if (input.swapDiskSize > 0) {
    addDisk(world, server, { label: 'Swap disk', size: input.swapDiskSize, primary: false, swap: true, built: false });
  }
  const transactions = input.build ? rebuild(world, server, template, input.startup, callId, 'other') : [];
  return { server, transactions };
}

/** Adds a disk to a server. */
export function addDisk(
  world: World,
  server: SimVirtualServer,
  disk: { label: string; size: number; primary: boolean; swap: boolean; built: boolean },
): SimDisk {
  const record: SimDisk = {
    id: world.nextId('disk'),
    identifier: world.identifier(),
    serverId: server.id,
    label: disk.label,
    diskSize: disk.size,
    primary: disk.primary,
    isSwap: disk.swap,
    built: disk.built,
    dataStoreId: 1 + (server.hypervisorId % 3),
    createdAt: server.createdAt,
    updatedAt: server.createdAt,
  };
  world.addDisk(record);
  return record;
}
