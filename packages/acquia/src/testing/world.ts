import type { SimClock } from '@omnihost/core/testing';
import type { SimApplication, SimDatabaseInfo, SimEnvironmentInfo, SimFleet } from './fleet.js';
import type { Hrefs } from './hal.js';
import type { NotificationStore } from './notifications.js';
import type { ResolvedSimOptions } from './options.js';
import type { Payloads } from './payloads.js';
import { fail, notFound, validationFailed } from './responses.js';
import type { SimBackup, SimState } from './state.js';

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
