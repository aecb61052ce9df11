import { addDisk } from './operations.js';
import type { SimBackup, SimTemplate, SimTransaction, SimVirtualServer } from './records.js';
import { railsTime } from './wire.js';
import type { World } from './world.js';

/** What the seeded panel holds. @internal */
export interface FleetOptions {
  readonly siteCount: number;
  /** Labels of the release images (templates named by git ref) besides the OS templates. */
  readonly releaseTemplates: readonly string[];
}

const DAY = 24 * 60 * 60_000;

const OS_TEMPLATES = [
  { label: 'Ubuntu 22.04 x64', os: 'linux', distro: 'ubuntu', file: 'ubuntu-22.04-x64-1.3.tar.gz' },
  { label: 'Debian 12 x64', os: 'linux', distro: 'debian', file: 'debian-12-x64-1.1.tar.gz' },
  { label: 'CentOS 7.9 x64', os: 'linux', distro: 'rhel', file: 'centos-7.9-x64-1.6.tar.gz' },
  { label: 'Windows 2019 Standard x64', os: 'windows', distro: '2019', file: 'win2019-std-x64-1.0.tar.gz' },
] as const;

/** Application names and the stage words in labels (`shop-prod-01`): what the adapter's naming rule reads. */
const APPS = ['shop', 'blog', 'api', 'crm', 'docs', 'forum', 'wiki', 'intranet'];
const STAGES = ['prod', 'staging', 'dev', 'worker'];

/**
 * Seeds a panel: OS templates and release images, `siteCount` servers named `<app>-<stage>-<nn>` (so the
 * default six hold prod, staging, dev and an unstaged worker), each with a primary and (Linux) a swap
 * disk, a scheduled daily backup, an incremental one where the server supports them (the `shop` and every
 * other group of four), and finished history: the initial build chain, the backups' transactions, an
 * earlier rebuild of staging servers and a failed backup of prod ones — so a finder that picked an older
 * transaction would be caught.
 * @internal
 */
export function seedFleet(world: World, options: FleetOptions): void {
  const now = world.now();
  const templates = seedTemplates(world, options.releaseTemplates, now);
  const history: HistoryEvent[] = [];
  for (let index = 0; index < options.siteCount; index += 1) {
    seedServer(world, index, templates, now, history);
  }
  history.sort((a, b) => a.at - b.at);
  for (const event of history) event.record();
}

function seedTemplates(world: World, releases: readonly string[], now: number): SimTemplate[] {
  const out: SimTemplate[] = [];
  const add = (label: string, os: string, distro: string, fileName: string, age: number) => {
    const createdAt = new Date(now - age);
    const template: SimTemplate = {
      id: world.nextId('template'),
      label,
      fileName,
      operatingSystem: os,
      operatingSystemDistro: distro,
      version: '1.0',
      minDiskSize: os === 'windows' ? 20 : 5,
      minMemorySize: os === 'windows' ? 1024 : 256,
      state: 'active',
      userId: world.settings.userId,
      createdAt,
      updatedAt: createdAt,
    };
    world.templates.set(template.id, template);
    out.push(template);
  };
  for (const os of OS_TEMPLATES) add(os.label, os.os, os.distro, os.file, 400 * DAY);
  releases.forEach((label, index) => {
    const file = `release-${label.replace(/[^A-Za-z0-9.]+/g, '-')}.tar.gz`;
    add(label, 'linux', 'ubuntu', file, (releases.length - index) * DAY);
  });
  return out;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function seedServer(
  world: World,
  index: number,
  templates: readonly SimTemplate[],
  now: number,
  history: HistoryEvent[],
): void {
  const stage = STAGES[index % STAGES.length] as string;
  const app = APPS[Math.floor(index / STAGES.length) % APPS.length] as string;
  const number = Math.floor(index / (STAGES.length * APPS.length)) + 1;
  const label = `${app}-${stage}-${pad(number)}`;
  const windows = index % 7 === 6;
  const template = (windows ? templates[3] : templates[0]) as SimTemplate;
  const id = world.nextId('server', 100);
  const createdAt = new Date(now - (60 + (index % 30)) * DAY);
  const server: SimVirtualServer = {
    id,
    identifier: world.identifier(),
    label,
    hostname: label,
    domain: 'example.net',
    booted: !(stage === 'dev' && index % 8 === 2),
    built: true,
    suspended: false,
    state: 'delivered',
    operatingSystem: template.operatingSystem,
    operatingSystemDistro: template.operatingSystemDistro,
    templateId: template.id,
    templateLabel: template.label,
    memory: [1024, 2048, 4096][index % 3] as number,
    cpus: [1, 2, 4][index % 3] as number,
    cpuShares: 100,
    hypervisorId: 1 + (index % 8),
    userId: world.settings.userId,
    supportIncrementalBackups: Math.floor(index / STAGES.length) % 2 === 0,
    ipAddress: {
      id: 2000 + index,
      address: `192.168.${15 + Math.floor(index / 250)}.${(index % 250) + 2}`,
      networkId: 39,
    },
    initialRootPassword: world.identifier().slice(0, 12),
    note: null,
    createdAt,
    updatedAt: new Date(now - (index % 5) * DAY),
  };
  world.servers.set(id, server);
  const primary = addDisk(world, server, {
    label: 'Primary disk',
    size: windows ? 40 : 20,
    primary: true,
    swap: false,
    built: true,
  });
  if (!windows) addDisk(world, server, { label: 'Swap disk', size: 2, primary: false, swap: true, built: true });

  const chain = [
    { action: 'build_disk', parentType: 'Disk' as const, parentId: primary.id, identifier: primary.identifier },
    {
      action: 'configure_operating_system',
      parentType: 'VirtualMachine' as const,
      parentId: id,
      identifier: server.identifier,
    },
    {
      action: 'startup_virtual_machine',
      parentType: 'VirtualMachine' as const,
      parentId: id,
      identifier: server.identifier,
    },
  ];
  history.push(chainEvent(world, server, chain, createdAt.getTime()));
  if (stage === 'staging') {
    const rebuildAt = now - 5 * DAY - index * 60_000;
    const rebuildChain = [
      {
        action: 'stop_virtual_machine',
        parentType: 'VirtualMachine' as const,
        parentId: id,
        identifier: server.identifier,
      },
      ...chain,
    ];
    history.push(chainEvent(world, server, rebuildChain, rebuildAt));
  }

  const daily = seedBackup(world, server, 'Disk', primary.id, 'days', now - 2 * DAY - index * 60_000);
  history.push(singleEvent(world, server, 'take_backup', daily, daily.createdAt.getTime(), 'complete'));
  if (server.supportIncrementalBackups) {
    const incremental = seedBackup(world, server, 'VirtualMachine', id, 'manual', now - DAY - index * 60_000);
    history.push(
      singleEvent(world, server, 'take_incremental_backup', incremental, incremental.createdAt.getTime(), 'complete'),
    );
  }
  if (stage === 'prod') {
    // A failed backup three days ago: its record is gone, its transaction stays in the history.
    const failed = { id: world.nextId('backup'), identifier: world.identifier() };
    history.push(singleEvent(world, server, 'take_backup', failed, now - 3 * DAY - index * 60_000, 'failed'));
  }
}

function seedBackup(
  world: World,
  server: SimVirtualServer,
  targetType: SimBackup['targetType'],
  targetId: number,
  initiated: SimBackup['initiated'],
  at: number,
): SimBackup {
  const createdAt = new Date(at);
  const builtAt = new Date(at + 3 * 60_000);
  const backup: SimBackup = {
    id: world.nextId('backup'),
    identifier: world.identifier(),
    serverId: server.id,
    targetType,
    targetId,
    built: true,
    builtAt,
    backupSize: 300_000 + Math.floor(world.random() * 900_000),
    initiated,
    note: initiated === 'manual' ? 'before upgrade' : null,
    markedForDelete: false,
    templateId: server.templateId,
    operatingSystem: server.operatingSystem,
    operatingSystemDistro: server.operatingSystemDistro,
    minDiskSize: 5,
    userId: world.settings.userId,
    createdAt,
    updatedAt: builtAt,
  };
  world.backups.set(backup.id, backup);
  return backup;
}

/** A finished transaction to record once every server is seeded (ids follow time). */
interface HistoryEvent {
  readonly at: number;
  record(): void;
}

type StepRef = { action: string; parentType: SimTransaction['parentType']; parentId: number; identifier: string };

function finished(
  world: World,
  server: SimVirtualServer,
  step: StepRef,
  at: number,
  status: 'complete' | 'failed',
  dependentId: number | null,
): SimTransaction {
  const startedAt = new Date(at + 1000);
  const finishedAt = new Date(at + 60_000);
  const log = [
    `# Logfile created on ${railsTime(startedAt)} by logger.rb`,
    `Remote Server: 10.0.0.${server.hypervisorId + 1}`,
    `Running: ${step.action} ${step.identifier}`,
  ];
  if (status === 'failed') {
    log.push('Fatal: lvcreate: Insufficient free space: 256 extents needed, but only 3 available');
    log.push("System Error ('OnApp::Actions::Fatal')");
  } else log.push('Transaction completed successfully');
  return {
    id: world.nextId('transaction'),
    ...step,
    serverId: server.id,
    dependentId,
    params: {},
    userId: world.settings.userId,
    createdAt: new Date(at),
    durationMs: 59_000,
    outcome: status,
    status,
    startedAt,
    finishedAt,
    pid: 2000 + (at % 1000),
    log,
    callId: undefined,
    script: { remoteServer: '', steps: [], failure: '' },
  };
}

function singleEvent(
  world: World,
  server: SimVirtualServer,
  action: string,
  backup: { id: number; identifier: string },
  at: number,
  status: 'complete' | 'failed',
): HistoryEvent {
  return {
    at,
    record: () =>
      world.recordHistory(
        finished(
          world,
          server,
          { action, parentType: 'Backup', parentId: backup.id, identifier: backup.identifier },
          at,
          status,
          null,
        ),
      ),
  };
}

function chainEvent(world: World, server: SimVirtualServer, steps: readonly StepRef[], at: number): HistoryEvent {
  return {
    at,
    record: () => {
      let previous: number | null = null;
      steps.forEach((step, index) => {
        const transaction = finished(world, server, step, at + index * 60_000, 'complete', previous);
        world.recordHistory(transaction);
        previous = transaction.id;
      });
    },
  };
}
