/**
 * The state of one simulated factory: stacks, sites, their domains and backups, groups, collections,
 * users, and code updates. Sites, groups and collections are Drupal nodes, so they share one id sequence
 * (which is why `GET /api/v1/domains/{node_id}` can name a site or a collection).
 */

/** A stack ("codebase", "tangle") with the refs its repository offers. */
export interface SimStack {
  readonly id: number;
  name: string;
  description: string;
  tangleAlias: string;
  /** `GET /api/v1/vcs` `available`: branches bare, tags prefixed `tags/`. */
  readonly refs: string[];
  /** The ref the stack's sites run. */
  current: string;
}

/** A site (node). */
export interface SimSite {
  readonly id: number;
  readonly name: string;
  readonly dbName: string;
  readonly stackId: number;
  /** Unix seconds. */
  readonly created: number;
  ownerUid: number;
  groups: number[];
  collectionId: number | undefined;
  /** `<site>.<factory>.acsitefactory.com`, or `<site>.<env>-<factory>...` for a lower stage's site. */
  readonly standardDomain: string;
  customDomains: string[];
  externalTheme: { vcs_url: string; vcs_path: string } | undefined;
  /** False until the install (or duplication) task has finished. */
  complete: boolean;
  /** Set while a delete task runs. */
  deleting: boolean;
}

/** A site backup (archive). */
export interface SimBackup {
  readonly id: number;
  readonly nid: number;
  readonly uid: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly bucket: string;
  readonly directory: string;
  readonly file: string;
  readonly label: string;
  readonly components: readonly string[];
  complete: boolean;
}

/** A group of sites and members. */
export interface SimGroup {
  readonly id: number;
  name: string;
  readonly ownerUid: number;
  readonly parentId: number;
  readonly created: number;
  /** uid → administrator flag. */
  readonly members: Map<number, boolean>;
}

/** A site collection. */
export interface SimCollection {
  readonly id: number;
  readonly name: string;
  readonly internalDomain: string;
  readonly ownerUid: number;
  readonly created: number;
  sites: number[];
  groups: number[];
  primarySite: number;
  externalDomains: string[];
}

/** A factory user; `apiKey` is what HTTP Basic checks. */
export interface SimUser {
  readonly uid: number;
  name: string;
  mail: string;
  apiKey: string;
  /** rid → role name. */
  roles: Record<string, string>;
  readonly created: number;
  /** Blocked users are refused like a wrong key. */
  blocked: boolean;
}

/** A code update: its updater task id is also its update id (vendors/sitefactory.md §3.2). */
export interface SimUpdate {
  readonly id: number;
  /** stack id → the ref it is being updated to. */
  readonly stackRefs: ReadonlyMap<number, string>;
  /** `code`, `code, db` or `code, db, registry`. */
  readonly type: string;
  /** The per-site child tasks, in update order. */
  readonly childTaskIds: readonly number[];
}

/** The role that may start code updates (vendors/sitefactory.md §1: "release engineer"). */
export const RELEASE_ENGINEER = 'release engineer';
/** The role that may regenerate every user's key and see everything. */
export const PLATFORM_ADMIN = 'platform admin';

/** Everything a factory holds, mutated by the route handlers and the WIP tasks' hooks. */
export class SiteFactoryWorld {
  readonly stacks = new Map<number, SimStack>();
  readonly sites = new Map<number, SimSite>();
  readonly backups = new Map<number, SimBackup[]>();
  readonly groups = new Map<number, SimGroup>();
  readonly collections = new Map<number, SimCollection>();
  readonly users = new Map<number, SimUser>();
  readonly updates = new Map<number, SimUpdate>();
  /** rid → role name. */
  readonly roles = new Map<number, string>();
  /** `PUT /api/v1/site-update-priority`: these sites are updated first, in this order. */
  updatePriority: number[] = [];
  /** `PUT /api/v1/backup-expiration`. */
  backupExpirationDays = 90;
  /** `PUT /api/v1/task-log-settings`: the levels WIP tasks log at and at most. */
  readonly taskLogSettings = { wip_log_level: 'info', wip_log_maximum_level: 'debug' };
  /** `PUT /api/v1/status` values by service; an ISO time means "disabled until". */
  readonly serviceStatus: Record<string, string> = {
    site_creation: '',
    site_duplication: '',
    domain_management: '',
    bulk_operations: '',
  };
  private nextNode: number;
  private nextBackup: number;

  constructor(
    readonly factoryName: string,
    readonly factoryVersion: string,
    firstNodeId: number,
    firstBackupId: number,
  ) {
    this.nextNode = firstNodeId;
    this.nextBackup = firstBackupId;
  }

  /** The next node id (sites, groups and collections share them). */
  nodeId(): number {
    return this.nextNode++;
  }

  backupId(): number {
    return this.nextBackup++;
  }

  /** Sites that exist and are installed, by id. */
  liveSites(): SimSite[] {
    return [...this.sites.values()].filter((site) => site.complete && !site.deleting);
  }

  userByName(name: string): SimUser | undefined {
    for (const user of this.users.values()) if (user.name === name) return user;
    return undefined;
  }

  /** Every domain a node answers to, with the type `GET /api/v1/domains` reports. */
  domainsOf(nodeId: number): { domain: string; type: string; readonly: boolean }[] {
    const site = this.sites.get(nodeId);
    if (site) {
      return [
        { domain: site.standardDomain, type: 'factoryStandard', readonly: true },
        ...site.customDomains.map((domain) => ({ domain, type: 'simple', readonly: false })),
      ];
    }
    const collection = this.collections.get(nodeId);
    if (collection) {
      return [
        { domain: collection.internalDomain, type: 'collectionInternal', readonly: true },
        ...collection.externalDomains.map((domain) => ({ domain, type: 'collectionLive', readonly: false })),
      ];
    }
    return [];
  }

  /** The node a domain belongs to. */
  nodeOfDomain(domain: string): number | undefined {
    const wanted = domain.toLowerCase();
    for (const id of [...this.sites.keys(), ...this.collections.keys()]) {
      if (this.domainsOf(id).some((entry) => entry.domain === wanted)) return id;
    }
    return undefined;
  }
}
