import type { components } from '../generated/acquia-api.js';

type ErrorBody = components['schemas']['Acquia_Cloud_API_Documentation_error'];
type Links = components['schemas']['Acquia_Cloud_API_Documentation_links'];

/**
 * The hal+json answer of the backup download operation: a pre-signed URL and when it stops working. The
 * URL points at the environment's own host; fetch it without the bearer token.
 * @public
 */
export interface BackupDownloadResponse {
  url: string;
  expires_at: string;
  _links?: Links & { parent?: { href: string }; notification?: { href: string } };
}

/**
 * Operations missing from the latest spec revision, typed by hand in the shape openapi-typescript emits.
 *
 * `getEnvironmentsDatabaseDownloadBackup` (`environments:database-backup-download`) is in every earlier
 * revision of Acquia's spec (e.g. acquia/cli commit 5b44af72) and was dropped in ac9039ec, although acli
 * still calls it and backups still link to it (vendor notes §0, §4.5).
 * @public
 */
export interface HandTypedOperations {
  getEnvironmentsDatabaseDownloadBackup: {
    parameters: {
      query?: never;
      header?: never;
      path: { environmentId: string; databaseName: string; backupId: number };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/hal+json': BackupDownloadResponse } };
      403: { headers: { [name: string]: unknown }; content: { 'application/hal+json': ErrorBody } };
      404: { headers: { [name: string]: unknown }; content: { 'application/hal+json': ErrorBody } };
    };
  };
}

/** Path items for {@link HandTypedOperations}, merged into the generated `paths`. @public */
export interface HandTypedPaths {
  '/environments/{environmentId}/databases/{databaseName}/backups/{backupId}/actions/download': {
    get: HandTypedOperations['getEnvironmentsDatabaseDownloadBackup'];
  };
}

/**
 * Runtime rows for {@link HandTypedOperations}, in the generated table's shape (core's `OperationRow`).
 * @internal
 */
export const HAND_TYPED_OPERATIONS = {
  getEnvironmentsDatabaseDownloadBackup: {
    method: 'GET',
    path: '/environments/{environmentId}/databases/{databaseName}/backups/{backupId}/actions/download',
    body: 'json',
  },
} as const;
