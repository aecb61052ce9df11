import { NotFoundError } from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { databaseListSchema } from '../schemas/database.js';

/** Default databases remembered per provider (bounded: an environment's default database never changes). */
const MAX_REMEMBERED = 1000;

/** Finds the database a backup call is about. @internal */
export interface DatabaseResolver {
  /** `explicit` when given, else the environment's default database (`flags.default`). */
  resolve(siteId: string, explicit: string | undefined, signal: AbortSignal | undefined): Promise<string>;
}

/**
 * Backups belong to a database, and an environment can have several (Drupal multisite). Without
 * `options.database` the environment's default database is used: the one flagged `default`, else the
 * only one. The answer is cached per environment.
 * @internal
 */
export function createDatabaseResolver(caller: OperationCaller): DatabaseResolver {
  const remembered = new Map<string, string>();
  return {
    async resolve(siteId, explicit, signal) {
      if (explicit) return explicit;
      const known = remembered.get(siteId);
      if (known) return known;
      const { data } = await caller.call(
        'getEnvironmentsDatabases',
        { path: { environmentId: siteId }, query: { limit: 100 } },
        { schema: databaseListSchema, label: 'backups.database', signal },
      );
      const databases = data._embedded.items;
      const chosen = databases.find((database) => database.flags?.default === true) ?? databases[0];
      if (!chosen) {
        throw new NotFoundError(`acquia: environment ${siteId} has no database to back up`, {
          vendor: 'acquia',
          operation: 'backups.database',
        });
      }
      if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
      remembered.set(siteId, chosen.name);
      return chosen.name;
    },
  };
}
