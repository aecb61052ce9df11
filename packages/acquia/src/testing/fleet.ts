import { indexedUuid, indexOfUuid, mix } from './generated-ids.js';

const BRANDS = [
  'northwind',
  'contoso',
  'fabrikam',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'vandelay',
  'tyrell',
  'wonka',
];
const PRODUCTS = ['portal', 'store', 'docs', 'intranet', 'careers', 'news', 'support', 'events'];
const DAY_MS = 86_400_000;

/** Salts that keep the id families of one seed apart. */
const SALT = { application: 1, organization: 2, subscription: 3, user: 4 } as const;

/** One generated application (nothing is stored: it is recomputed from its index). */
export interface SimApplication {
  readonly index: number;
  readonly uuid: string;
  readonly name: string;
  /** Site group (Acquia's machine name, `hosting.id` = `<realm>:<sitegroup>`). */
  readonly sitegroup: string;
}

/** One generated environment. */
export interface SimEnvironmentInfo {
  /** Global index over the fleet (site number). */
  readonly index: number;
  readonly application: SimApplication;
  /** Position within the application (0 dev, 1 test, 2 prod, then ODEs). */
  readonly slot: number;
  /** Compound id `<n>-<application uuid>`. */
  readonly id: string;
  readonly name: string;
  readonly label: string;
}

/** One database of an environment. */
export interface SimDatabaseInfo {
  readonly id: number;
  readonly name: string;
  readonly isDefault: boolean;
}

/** Options of {@link SimFleet}. */
export interface FleetOptions {
  seed: number;
  siteCount: number;
  environmentsPerApplication: number;
}

const STAGES: readonly { name: string; label: string }[] = [
  { name: 'dev', label: 'Dev' },
  { name: 'test', label: 'Stage' },
  { name: 'prod', label: 'Production' },
];

/**
 * The seeded fleet, generated lazily from indexes: applications of `environmentsPerApplication`
 * environments each (dev, test, prod, then on-demand environments `ode1`, ...). Ids encode their index
 * (application uuids in their last group, environment ids in their numeric prefix), so looking one up
 * is arithmetic, and `siteCount: 1_000_000` costs no memory.
 */
export class SimFleet {
  readonly applicationCount: number;
  readonly organizationUuid: string;
  readonly subscriptionUuid: string;
  readonly userUuid: string;

  constructor(readonly options: FleetOptions) {
    this.applicationCount = Math.ceil(options.siteCount / options.environmentsPerApplication);
    this.organizationUuid = indexedUuid(options.seed, 0, SALT.organization);
    this.subscriptionUuid = indexedUuid(options.seed, 0, SALT.subscription);
    this.userUuid = indexedUuid(options.seed, 0, SALT.user);
  }

  get siteCount(): number {
    return this.options.siteCount;
  }

  application(index: number): SimApplication | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.applicationCount) return undefined;
    const brands = BRANDS.length;
    const shifted = index + (this.options.seed % brands);
    const brand = BRANDS[shifted % brands] as string;
    const product = PRODUCTS[Math.floor(index / brands) % PRODUCTS.length] as string;
    const round = Math.floor(index / (brands * PRODUCTS.length));
    const suffix = round > 0 ? String(round + 1) : '';
    return {
      index,
      uuid: indexedUuid(this.options.seed, index, SALT.application),
      name: `${capitalise(brand)} ${capitalise(product)}${suffix ? ` ${suffix}` : ''}`,
      sitegroup: `${brand}${product}${suffix}`,
    };
  }

  applicationByUuid(uuid: string): SimApplication | undefined {
    const index = indexOfUuid(uuid);
    const application = index === undefined ? undefined : this.application(index);
    return application && application.uuid === uuid.toLowerCase() ? application : undefined;
  }

  environmentCount(application: SimApplication): number {
    const per = this.options.environmentsPerApplication;
    return Math.max(0, Math.min(per, this.options.siteCount - application.index * per));
  }

  environment(index: number): SimEnvironmentInfo | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.options.siteCount) return undefined;
    const per = this.options.environmentsPerApplication;
    const application = this.application(Math.floor(index / per));
    if (!application) return undefined;
    const slot = index % per;
    const stage = STAGES[slot] ?? { name: `ode${slot - 2}`, label: `ODE ${slot - 2}` };
    return { index, application, slot, id: `${index + 1}-${application.uuid}`, ...stage };
  }

  /** The environment of `application` at `slot`. */
  environmentAt(application: SimApplication, slot: number): SimEnvironmentInfo | undefined {
    if (slot < 0 || slot >= this.environmentCount(application)) return undefined;
    return this.environment(application.index * this.options.environmentsPerApplication + slot);
  }

  environmentById(id: string): SimEnvironmentInfo | undefined {
    const match = /^(\d{1,10})-(.+)$/.exec(id);
    if (!match) return undefined;
    const environment = this.environment(Number(match[1]) - 1);
    return environment && environment.id === id.toLowerCase() ? environment : undefined;
  }

  /**
   * Databases of an environment: the default one is named after the site group; every third application
   * also has a second database (Drupal multisite), so `options.database` has something to choose.
   */
  databases(environment: SimEnvironmentInfo): SimDatabaseInfo[] {
    const base = environment.index * 4;
    const list: SimDatabaseInfo[] = [{ id: base + 1, name: environment.application.sitegroup, isDefault: true }];
    if (environment.application.index % 3 === 0) {
      list.push({ id: base + 2, name: `${environment.application.sitegroup}_reports`, isDefault: false });
    }
    return list;
  }

  /** Scheduled daily backups that exist before anything happens: the last three days, at 03:00 UTC. */
  dailyBackups(environment: SimEnvironmentInfo, database: SimDatabaseInfo, epochMs: number) {
    const today = Math.floor(epochMs / DAY_MS) * DAY_MS;
    const minute = mix(this.options.seed, environment.index, database.id) % 50;
    return [1, 2, 3].map((daysAgo, position) => {
      const startedAt = today - daysAgo * DAY_MS + 3 * 3_600_000 + minute * 60_000;
      return {
        id: database.id * 16 + position + 1,
        type: 'daily',
        startedAt,
        completedAt: startedAt + 90_000 + (minute % 7) * 10_000,
      };
    });
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
