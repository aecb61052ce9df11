import type { SimApplication, SimDatabaseInfo, SimEnvironmentInfo, SimFleet } from './fleet.js';
import type { PageWindow } from './list-query.js';
import type { SimBackup, SimState } from './world.js';

/**
 * Acquia's wire format, as the simulator writes it: absolute HAL links under `https://cloud.acquia.com/api`,
 * HAL collection envelopes, 202 bodies, `+00:00` timestamps, and every resource with the spec's field names.
 * The error bodies are in responses.ts.
 */

/** A HAL link. */
export interface HalLink {
  href: string;
  templated?: true;
}

/**
 * Builds absolute hrefs the way Acquia does (`https://cloud.acquia.com/api/...`), under a base read when a
 * link is built: the simulator's own address is known only once it listens.
 */
export class Hrefs {
  constructor(private readonly base: () => string) {}

  /** `/environments/1-abc` → `<base>/environments/1-abc`. */
  to(path: string): string {
    return `${this.base()}${path}`;
  }

  link(path: string): HalLink {
    return { href: this.to(path) };
  }
}

/** Options of {@link halCollection}. */
export interface CollectionOptions {
  hrefs: Hrefs;
  /** Path of the collection (`/applications`). */
  path: string;
  /** Path of the parent resource. */
  parent: string;
  window: PageWindow;
  /** Total items after filtering; sent as `pagination.total` when `withPagination`. */
  total: number;
  /**
   * Whether to send the optional `pagination` block. Acquia sends it on some lists only (24 of 78
   * collection examples; none in the SDK's backup fixture), so the simulator mirrors that per list.
   */
  withPagination: boolean;
}

/**
 * A HAL collection envelope: `total` is the number of items in this page (spec: "the number of items
 * returned in the collection"), `pagination.total` the whole collection; no `next` link (Acquia sends none).
 */
export function halCollection<T>(items: readonly T[], options: CollectionOptions) {
  const { hrefs, path, window } = options;
  const selfQuery = [
    window.limit !== undefined ? `limit=${window.limit}` : '',
    window.offset ? `offset=${window.offset}` : '',
  ]
    .filter(Boolean)
    .join('&');
  return {
    total: items.length,
    ...(options.withPagination
      ? { pagination: { total: options.total, limit: window.limit ?? items.length, offset: window.offset } }
      : {}),
    _links: {
      self: { href: hrefs.to(path) + (selfQuery ? `?${selfQuery}` : '') },
      sort: { href: `${hrefs.to(path)}{?sort}`, templated: true },
      filter: { href: `${hrefs.to(path)}{?filter}`, templated: true },
      limit: { href: `${hrefs.to(path)}{?limit}`, templated: true },
      offset: { href: `${hrefs.to(path)}{?offset}`, templated: true },
      parent: hrefs.link(options.parent),
    },
    _embedded: { items },
  };
}

/** The 202 body of an asynchronous action (schema `message-with-links`). */
export function acceptedBody(
  hrefs: Hrefs,
  message: string,
  selfPath: string,
  notificationUuid: string,
  parentPath: string,
) {
  return {
    message,
    _links: {
      self: hrefs.link(selfPath),
      notification: hrefs.link(`/notifications/${notificationUuid}`),
      parent: hrefs.link(parentPath),
    },
  };
}

/** Acquia's timestamp format: ISO 8601 with a `+00:00` offset and no milliseconds. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Renders the simulator's resources in Acquia's wire format (HAL, absolute links, spec field names). */
export class Payloads {
  constructor(
    private readonly fleet: SimFleet,
    private readonly state: SimState,
    private readonly hrefs: Hrefs,
  ) {}

  /** An application as listed (`application-no-embedded`). */
  applicationItem(application: SimApplication) {
    const path = `/applications/${application.uuid}`;
    return {
      id: 100_000 + application.index,
      uuid: application.uuid,
      name: application.name,
      hosting: { type: 'acp', id: `prod:${application.sitegroup}` },
      subscription: { uuid: this.fleet.subscriptionUuid, name: 'Simulated subscription' },
      organization: { uuid: this.fleet.organizationUuid, name: 'Simulated organization' },
      flags: { remote_admin: false },
      type: 'drupal',
      status: 'normal',
      _links: {
        self: this.hrefs.link(path),
        environments: this.hrefs.link(`${path}/environments`),
        code: this.hrefs.link(`${path}/code`),
        notifications: this.hrefs.link(`${path}/notifications`),
        parent: this.hrefs.link('/applications'),
      },
    };
  }

  /** An application (`GET /applications/{uuid}`, schema `application`, which requires `_embedded`). */
  application(application: SimApplication) {
    const item = this.applicationItem(application);
    return {
      ...item,
      _embedded: {
        subscription: {
          ...item.subscription,
          _links: { self: this.hrefs.link(`/subscriptions/${item.subscription.uuid}`) },
        },
        organization: {
          ...item.organization,
          _links: { self: this.hrefs.link(`/organizations/${item.organization.uuid}`) },
        },
        tags: [],
      },
    };
  }

  /** An environment (schema `environment`: every required field present). */
  environment(environment: SimEnvironmentInfo) {
    const { application, name } = environment;
    const path = `/environments/${environment.id}`;
    const production = name === 'prod';
    const defaultDomain = `${application.sitegroup}${name}.prod.acquia-sites.com`;
    const customDomain = `www.${application.sitegroup}.example.com`;
    return {
      id: environment.id,
      label: environment.label,
      name,
      application: { name: application.name, uuid: application.uuid },
      domains: production ? [defaultDomain, customDomain] : [defaultDomain],
      active_domain: production ? customDomain : defaultDomain,
      default_domain: defaultDomain,
      image_url: null,
      ssh_url: `${application.sitegroup}.${name}@${application.sitegroup}${name}.ssh.prod.acquia-sites.com`,
      ips: [`10.${(environment.index >> 16) & 255}.${(environment.index >> 8) & 255}.${environment.index & 255}`],
      region: 'us-east-1',
      balancer: 'cluster',
      platform: 'cloud-next',
      status: 'normal',
      type: 'drupal',
      size: production ? 'medium' : 'small',
      weight: environment.slot,
      vcs: {
        type: 'git',
        path: this.state.vcsPath(environment),
        url: `${application.sitegroup}@svn-${1000 + (application.index % 9000)}.prod.hosting.acquia.com:${application.sitegroup}.git`,
      },
      flags: {
        cde: environment.slot > 2,
        cdn: false,
        'cloud-actions': true,
        eips: false,
        email: false,
        hsd: false,
        livedev: false,
        multicert: false,
        multi_region: false,
        production,
        production_mode: false,
        remote_admin: false,
        varnish: true,
        varnish_over_ssl: false,
      },
      configuration: {
        operating_system: 'jammy',
        php: {
          version: '8.3',
          memory_limit: 256,
          opcache: 128,
          apcu: 32,
          interned_strings_buffer: 8,
          client_max_body_size: 256,
          upload_max_filesize: 256,
          max_execution_time: 300,
          max_post_size: 256,
          max_input_vars: 1000,
          memcached_limit: 64,
          operating_system: 'jammy',
        },
      },
      artifact: null,
      _links: {
        self: this.hrefs.link(path),
        application: this.hrefs.link(`/applications/${application.uuid}`),
        code: this.hrefs.link(`${path}/code`),
        databases: this.hrefs.link(`${path}/databases`),
        domains: this.hrefs.link(`${path}/domains`),
        parent: this.hrefs.link(`/applications/${application.uuid}/environments`),
      },
    };
  }

  /**
   * A database (schema `database`). Acquia returns its credentials here: the simulator's are fake but in
   * the same places, so a client that logs them is caught the same way.
   */
  database(environment: SimEnvironmentInfo, database: SimDatabaseInfo) {
    const host = `dbmaster-${1000 + (database.id % 9000)}.prod.hosting.acquia.com`;
    const user = `s${database.id}`;
    const password = `sim-${(database.id * 2654435761) >>> 0}`;
    const path = `/environments/${environment.id}/databases/${database.name}`;
    return {
      id: database.id,
      name: database.name,
      user_name: user,
      password,
      url: `mysql://${user}:${password}@${host}/${database.name}db${database.id}`,
      db_host: host,
      ssh_host: `${environment.application.sitegroup}${environment.name}.ssh.prod.acquia-sites.com`,
      flags: { default: database.isDefault, perform_backup: true },
      environment: { id: environment.id, name: environment.name },
      _links: {
        self: this.hrefs.link(path),
        backups: this.hrefs.link(`${path}/backups`),
        parent: this.hrefs.link(`/environments/${environment.id}/databases`),
      },
    };
  }

  /** A backup as listed (`backup-no-embedded`). */
  backupItem(environment: SimEnvironmentInfo, database: SimDatabaseInfo, backup: SimBackup) {
    const path = `/environments/${environment.id}/databases/${database.name}/backups/${backup.id}`;
    return {
      id: backup.id,
      database: { id: database.id, name: database.name },
      type: backup.type,
      started_at: timestamp(backup.startedAt),
      completed_at: timestamp(backup.completedAt),
      flags: { deleted: false },
      environment: { id: environment.id, name: environment.label },
      _links: {
        self: this.hrefs.link(path),
        parent: this.hrefs.link(`/environments/${environment.id}/databases`),
        download: this.hrefs.link(`${path}/actions/download`),
      },
    };
  }

  /** A backup (`GET .../backups/{id}`, schema `backup`, which requires `_embedded`). */
  backup(environment: SimEnvironmentInfo, database: SimDatabaseInfo, backup: SimBackup) {
    return {
      ...this.backupItem(environment, database, backup),
      _embedded: {
        environment: {
          id: environment.id,
          name: environment.label,
          _links: { self: this.hrefs.link(`/environments/${environment.id}`) },
        },
        database: {
          id: database.id,
          name: database.name,
          _links: { self: this.hrefs.link(`/environments/${environment.id}/databases/${database.name}`) },
        },
      },
    };
  }
}
