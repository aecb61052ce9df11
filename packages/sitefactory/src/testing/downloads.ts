import { createHmac, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { SimClock, SimRequest, SimResponse, SimRouter } from '@omnihost/core/testing';
import { DOWNLOAD_PREFIX } from './auth.js';
import { unixSeconds } from './wire.js';
import type { SiteFactoryWorld } from './world.js';

/**
 * Temporary backup URLs. A factory answers `GET /sites/{id}/backups/{bid}/url` with a pre-signed storage
 * URL that works without credentials until it expires (seed 002, default lifetime 60 s). The simulator
 * signs URLs into its own storage path, so a downloaded archive is real bytes over real HTTP.
 */
export class DownloadSigner {
  private baseUrl = '';

  constructor(
    private readonly secret: string,
    private readonly clock: SimClock,
  ) {}

  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  /** A URL for the object, valid for `lifetimeS` seconds. */
  sign(bucket: string, directory: string, file: string, lifetimeS: number): string {
    const expires = unixSeconds(this.clock.now()) + lifetimeS;
    const path = `${DOWNLOAD_PREFIX}${[bucket, directory, file].map(encodeURIComponent).join('/')}`;
    return `${this.baseUrl}${path}?Expires=${expires}&Signature=${encodeURIComponent(this.signature(path, expires))}`;
  }

  /** Serves signed objects: 403 for a bad signature or an expired URL, as storage does. */
  register(router: SimRouter, world: SiteFactoryWorld): void {
    router.get(`${DOWNLOAD_PREFIX}:bucket/:directory/:file`, (request) => this.serve(request, world));
  }

  private serve(request: SimRequest, world: SiteFactoryWorld): SimResponse {
    const expires = Number(request.query.get('Expires'));
    const given = request.query.get('Signature') ?? '';
    const expected = this.signature(request.path, expires);
    const valid =
      Number.isInteger(expires) &&
      given.length === expected.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!valid) return storageError('SignatureDoesNotMatch', 'The request signature does not match.');
    if (expires < unixSeconds(this.clock.now())) return storageError('AccessDenied', 'Request has expired');
    const backup = [...world.backups.values()].flat().find((row) => row.file === request.params.file);
    if (!backup) return storageError('NoSuchKey', 'The specified key does not exist.', 404);
    const manifest = JSON.stringify({ site: backup.nid, backup: backup.id, components: backup.components });
    return {
      status: 200,
      headers: { 'Content-Type': 'application/gzip', 'Content-Disposition': `attachment; filename="${backup.file}"` },
      body: gzipSync(Buffer.from(manifest)),
    };
  }

  private signature(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('base64');
  }
}

function storageError(code: string, message: string, status = 403): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
