import { PLATFORM_ADMIN, RELEASE_ENGINEER, type SimSite, SiteFactoryWorld } from './world.js';

/** What a seeded factory is made of. */
export interface FleetOptions {
  readonly factoryName: string;
  readonly factoryVersion: string;
  readonly siteCount: number;
  readonly stackCount: number;
  /** Clock reading the fleet's history is dated back from. */
  readonly now: number;
  readonly random: () => number;
}

/** The user the simulator's `config` authenticates as: platform admin and release engineer. */
export const API_USER = 'omnihost.ops';
/** A user without the release engineer role: code updates answer it 403 `Forbidden: ...`. */
export const SITE_BUILDER_USER = 'site.builder';

const ROLE_IDS: Readonly<Record<string, string>> = {
  'authenticated user': '2',
  [PLATFORM_ADMIN]: '3',
  [RELEASE_ENGINEER]: '4',
  'site builder': '5',
  'content editor': '6',
};

/**
 * Stages cycled through the fleet: half production, a quarter each staging (`test`) and development. A
 * factory serves one stage per host; the simulated one also holds sites staged from the lower stages, whose
 * standard domains name their stage (`<site>.test-<factory>.acsitefactory.com`), so one simulator offers
 * sites of every stage.
 */
const STAGE_CYCLE = ['live', 'live', 'test', 'dev'] as const;
const NAMES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'soylent'];
const DAY_S = 86_400;

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** Seeds a factory: deterministic for a given `random`. */
export function seedFleet(options: FleetOptions): SiteFactoryWorld {
  const { factoryName, random } = options;
  const world = new SiteFactoryWorld(factoryName, options.factoryVersion, 100, 5000);
  const nowS = Math.floor(options.now / 1000);

  for (const [name, rid] of Object.entries(ROLE_IDS)) world.roles.set(Number(rid), name);
  const people: [number, string, string[]][] = [
    [1, 'admin', [PLATFORM_ADMIN]],
    [31, API_USER, [PLATFORM_ADMIN, RELEASE_ENGINEER]],
    [41, SITE_BUILDER_USER, ['site builder']],
    [51, 'editor.one', ['content editor']],
    [61, 'editor.two', ['content editor']],
  ];
  for (const [uid, name, roles] of people) {
    world.users.set(uid, {
      uid,
      name,
      mail: `${name}@example.com`,
      apiKey: hex(random, 40),
      roles: Object.fromEntries(['authenticated user', ...roles].map((role) => [ROLE_IDS[role] ?? '9', role])),
      created: nowS - 400 * DAY_S + uid * 3600,
      blocked: false,
    });
  }

  for (let id = 1; id <= Math.max(1, options.stackCount); id += 1) {
    world.stacks.set(id, {
      id,
      name: `${factoryName}_0${id}`,
      description: `Stack ${id} of ${factoryName}`,
      tangleAlias: `tangle${id}`,
      refs: ['master', 'develop', 'tags/2.3.0', 'tags/2.3.1', 'tags/2.4.0'],
      current: 'tags/2.3.1',
    });
  }

  const groupIds: number[] = [];
  for (const [name, parent] of [
    ['Marketing', 0],
    ['Brands', -1],
    ['Intranet', 0],
  ] as const) {
    const id = world.nodeId();
    const members = new Map<number, boolean>([
      [31, true],
      [51, false],
    ]);
    world.groups.set(id, {
      id,
      name,
      ownerUid: 31,
      parentId: parent === -1 ? (groupIds[0] ?? 0) : 0,
      created: nowS - 300 * DAY_S + id,
      members,
    });
    groupIds.push(id);
  }

  const count = Math.max(0, Math.floor(options.siteCount));
  const liveSites: SimSite[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = world.nodeId();
    const name = `${NAMES[index % NAMES.length]}${index + 1}`;
    const stage = STAGE_CYCLE[index % STAGE_CYCLE.length] ?? 'live';
    const host = stage === 'live' ? factoryName : `${stage}-${factoryName}`;
    const stackCount = world.stacks.size;
    const site: SimSite = {
      id,
      name,
      dbName: `db${hex(random, 8)}`,
      stackId: stackFor(stage, index, stackCount),
      created: nowS - 60 * DAY_S + index * 60,
      ownerUid: index % 3 === 0 ? 31 : 51,
      groups: [groupIds[index % groupIds.length] ?? 0],
      collectionId: undefined,
      standardDomain: `${name}.${host}.acsitefactory.com`,
      customDomains: stage === 'live' && index % 3 === 0 ? [`www.${name}.example.com`] : [],
      externalTheme: undefined,
      complete: true,
      deleting: false,
    };
    world.sites.set(id, site);
    if (stage === 'live') liveSites.push(site);
    seedBackups(world, site, nowS, random);
  }

  const [first, second] = liveSites;
  if (first && second) {
    const id = world.nodeId();
    world.collections.set(id, {
      id,
      name: `${first.name}-family`,
      internalDomain: `${first.name}-family.${factoryName}.acsitefactory.com`,
      ownerUid: 31,
      created: nowS - 30 * DAY_S,
      sites: [first.id, second.id],
      groups: [...new Set([...first.groups, ...second.groups])],
      primarySite: first.id,
      externalDomains: [],
    });
    first.collectionId = id;
    second.collectionId = id;
  }
  return world;
}

/** Two scheduled backups per site, a day and a week old (newest first), every part included. */
function seedBackups(world: SiteFactoryWorld, site: SimSite, nowS: number, random: () => number): void {
  const rows = [1, 7].map((daysAgo) => {
    const timestamp = nowS - daysAgo * DAY_S - Math.floor(random() * 3600);
    return {
      id: world.backupId(),
      nid: site.id,
      uid: site.ownerUid,
      timestamp,
      bucket: `${world.factoryName}-backups`,
      directory: site.name,
      file: `${site.name}_${site.id}_${timestamp}.tar.gz`,
      label: daysAgo === 1 ? 'Scheduled daily' : 'Scheduled weekly',
      components: ['codebase', 'database', 'public files', 'private files', 'themes'],
      complete: true,
    };
  });
  world.backups.set(site.id, rows);
}

/** The `owner` field: the owner's user name. */
export function ownerName(world: SiteFactoryWorld, uid: number): string {
  return world.users.get(uid)?.name ?? 'admin';
}

/**
 * Production sites spread over every stack but the last; the last holds the sites of the other stages, so
 * a code update for staging never touches production (with one stack, everything shares it). A real
 * factory serves one stage per host; this one stands for a prod factory with its test and dev sites.
 */
function stackFor(stage: string, index: number, stackCount: number): number {
  if (stackCount < 2) return 1;
  return stage === 'live' ? (index % (stackCount - 1)) + 1 : stackCount;
}
