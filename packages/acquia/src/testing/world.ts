import type { SimClock } from '@omnihost/core/testing';
import type { SimApplication, SimDatabaseInfo, SimEnvironmentInfo, SimFleet } from './fleet.js';
import type { NotificationStore } from './notifications.js';
import type { ResolvedSimOptions } from './options.js';
import { fail, notFound, validationFailed } from './responses.js';
import type { Hrefs, Payloads } from './wire.js';

/*
 * The simulated account: what changed since the fleet was generated ({@link SimState}), and everything a
 * route handler works with ({@link SimWorld}), with the lookups that answer the spec's 404s.
 */

/** A database backup in the simulator. */
export interface SimBackup {
  readonly id: number;
  /** `daily` (scheduled) or `ondemand` (created through the API; the real value is undocumented). */
  readonly type: string;
  readonly startedAt: number;
  readonly completedAt: number;
}

/** Code every generated repository has. `tags/2.4.0` is what the demo and the contract suite deploy. */
const BASE_REFS = ['main', 'develop', 'feature/search', 'tags/2.2.0', 'tags/2.3.0', 'tags/2.4.0'];

/**
 * What changed since the fleet was generated, and nothing else: the code an environment runs after a
 * switch, the backup list of a database once it was touched, refs pushed by deploys. Untouched sites
 * are read straight from {@link SimFleet}.
 */
export class SimState {
  private readonly vcs = new Map<number, string>();
  private readonly backups = new Map<string, SimBackup[]>();
  private readonly refs = new Map<number, string[]>();
  private nextBackupId = 1_000_000_000;

  constructor(
    private readonly fleet: SimFleet,
    private readonly epochMs: number,
  ) {}

  /** The branch or tag an environment runs (`vcs.path`). */
  vcsPath(environment: SimEnvironmentInfo): string {
    return (
      this.vcs.get(environment.index) ??
      (environment.slot === 0 ? 'main' : environment.slot <= 2 ? 'tags/2.3.0' : 'develop')
    );
  }

  setVcsPath(environment: SimEnvironmentInfo, path: string): void {
    this.vcs.set(environment.index, path);
  }

  /** Branches and tags of an application's repository. */
  refsOf(application: SimApplication): readonly string[] {
    return this.refs.get(application.index) ?? BASE_REFS;
  }

  /** Records a ref as pushed (the simulator accepts any well-formed ref unless `strictRefs`). */
  addRef(application: SimApplication, ref: string): void {
    const current = this.refsOf(application);
    if (!current.includes(ref)) this.refs.set(application.index, [...current, ref]);
  }

  /** The backups of one database, oldest first. */
  backupsOf(environment: SimEnvironmentInfo, database: SimDatabaseInfo): readonly SimBackup[] {
    return this.backups.get(key(environment, database)) ?? this.fleet.dailyBackups(environment, database, this.epochMs);
  }

  addBackup(
    environment: SimEnvironmentInfo,
    database: SimDatabaseInfo,
    startedAt: number,
    completedAt: number,
  ): SimBackup {
    const backup: SimBackup = { id: this.nextBackupId++, type: 'ondemand', startedAt, completedAt };
    this.backups.set(key(environment, database), [...this.backupsOf(environment, database), backup]);
    return backup;
  }

  removeBackup(environment: SimEnvironmentInfo, database: SimDatabaseInfo, id: number): void {
    this.backups.set(
      key(environment, database),
      this.backupsOf(environment, database).filter((backup) => backup.id !== id),
    );
  }
}

function key(environment: SimEnvironmentInfo, database: SimDatabaseInfo): string {
  return `${environment.index}|${database.name}`;
}

/** Signed download links the simulator handed out (`/AH_DOWNLOAD?t=...`), with when they stop working. */
export interface DownloadGrant {
  readonly path: string;
  readonly expiresAt: number;
}

/** Everything a route handler works with: the generated fleet, what changed since, and the task clock. */
export interface SimWorld {
  readonly options: ResolvedSimOptions;
  readonly fleet: SimFleet;
  readonly state: SimState;
  readonly payloads: Payloads;
  readonly notifications: NotificationStore;
  readonly hrefs: Hrefs;
  readonly clock: SimClock;
  readonly random: () => number;
  readonly downloads: Map<string, DownloadGrant>;
  /** The simulator's own origin (`http://127.0.0.1:<port>`), for the download links it serves itself. */
  origin(): string;
  /** Counts an executed mutation under the caller's call id (duplicate executions are what faults must not cause). */
  recordExecution(kind: string, callId: string | undefined): void;
}

/** The environment named by a path parameter, or the spec's 404. */
export function environmentOr404(world: SimWorld, id: string): SimEnvironmentInfo {
  return world.fleet.environmentById(id) ?? fail(notFound('environment'));
}

/** The application named by a path parameter, or the spec's 404. */
export function applicationOr404(world: SimWorld, uuid: string): SimApplication {
  return world.fleet.applicationByUuid(uuid) ?? fail(notFound('application'));
}

/** A database of an environment by name, or the spec's 404. */
export function databaseOr404(world: SimWorld, environment: SimEnvironmentInfo, name: string): SimDatabaseInfo {
  return world.fleet.databases(environment).find((database) => database.name === name) ?? fail(notFound('database'));
}

/** A backup of a database by id, or the spec's 404. The id must be an integer (spec `backupId: integer`). */
export function backupOr404(
  world: SimWorld,
  environment: SimEnvironmentInfo,
  database: SimDatabaseInfo,
  id: string,
): SimBackup {
  if (!/^\d{1,15}$/.test(id)) fail(notFound('database backup'));
  return (
    world.state.backupsOf(environment, database).find((backup) => backup.id === Number(id)) ??
    fail(notFound('database backup'))
  );
}

/** The JSON body of a request: an object, or a 400 naming what is wrong (acli: POSTs need a body). */
export function jsonBody(bodyText: string): Record<string, unknown> {
  if (bodyText.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    // Acquia also accepts form encoding for these bodies (spec `application/x-www-form-urlencoded`).
    return Object.fromEntries(new URLSearchParams(bodyText));
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail(validationFailed('body', 'The request body must be a JSON object.'));
  }
  return parsed as Record<string, unknown>;
}
