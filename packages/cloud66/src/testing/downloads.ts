import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimClock } from '@omnihost/core/testing';

/** Lifetime of a signed download URL. */
const LINK_TTL_SECONDS = 600;

/** A made-up access key id in the shape S3 pre-signed URLs carry. */
const ACCESS_KEY_ID = 'AKIAOMNIHOSTSIM00001';

/** What checking a signed download says. */
export type LinkCheck = 'ok' | 'expired' | 'bad-signature';

/**
 * S3-style pre-signed URLs for backup segments (query-string auth: `AWSAccessKeyId`, `Expires`,
 * `Signature`). The `public_url` is sent the way the docs' example shows it: with the signature encoded
 * twice (`%252F`), the bug the Go client repairs by turning `%25` back into `%` (`backups.go`). A client
 * that does not repair it gets S3's `SignatureDoesNotMatch`.
 */
export class LinkSigner {
  constructor(
    private readonly secret: string,
    private readonly clock: SimClock,
  ) {}

  /** The `public_url` for a path on the simulator's download host. */
  publicUrl(origin: string, path: string): string {
    const expires = Math.floor(this.clock.now() / 1000) + LINK_TTL_SECONDS;
    const signature = encodeURIComponent(this.sign(path, expires)).replaceAll('%', '%25');
    return `${origin}${path}?AWSAccessKeyId=${ACCESS_KEY_ID}&Expires=${expires}&Signature=${signature}`;
  }

  /** Checks a download request's query string against its path. */
  check(path: string, query: URLSearchParams): LinkCheck {
    const expires = Number(query.get('Expires'));
    const given = query.get('Signature') ?? '';
    if (!Number.isFinite(expires) || query.get('AWSAccessKeyId') !== ACCESS_KEY_ID) return 'bad-signature';
    const wanted = Buffer.from(this.sign(path, expires));
    const actual = Buffer.from(given);
    if (wanted.length !== actual.length || !timingSafeEqual(wanted, actual)) return 'bad-signature';
    return expires * 1000 < this.clock.now() ? 'expired' : 'ok';
  }

  private sign(path: string, expires: number): string {
    // SHA-1 HMAC in base64 is 28 characters ending in `=`, so every signature has a `%3D` to mangle.
    return createHmac('sha1', this.secret).update(`GET\n${expires}\n${path}`).digest('base64');
  }
}

/** The bytes of one backup segment: recognisable, so a test can check the segments came in order. */
export function segmentContent(backupId: number, fileId: string, fileName: string): Buffer {
  const line = `-- omnihost cloud66 simulator: backup ${backupId}, segment ${fileId} (${fileName})\n`;
  return Buffer.from(line.repeat(4));
}
