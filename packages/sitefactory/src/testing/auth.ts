import type { SimClock, SimRequest, SimResponse } from '@omnihost/core/testing';
import { errorResponse } from './wire.js';
import type { SimUser, SiteFactoryWorld } from './world.js';

/**
 * HTTP Basic with user name + API key (vendors/sitefactory.md §1). No credentials at all get a 401 with a
 * Basic challenge; a wrong name or key gets the factory's 403 `Access denied` (what swichers/acsf-client
 * and sf-sdk-ruby read as invalid credentials, §7). Both are authentication failures to the adapter.
 *
 * API keys do not expire, so core's `auth-expiry` fault rejects just the request it hits (as a key
 * regenerated and then restored would), instead of locking the rest of a run out.
 */
export class BasicAuthenticator {
  private readonly rejected = new WeakSet<SimRequest>();

  constructor(
    private readonly world: SiteFactoryWorld,
    private readonly clock: SimClock,
  ) {}

  /** Core's `expireCredentials` hook. */
  expire(request: SimRequest): void {
    this.rejected.add(request);
  }

  /** Core's `authenticate` hook: the response to send, or `undefined` with `credential` set to the uid. */
  authenticate(request: SimRequest): SimResponse | undefined {
    if (request.path.startsWith(DOWNLOAD_PREFIX)) return undefined;
    const now = this.clock.now();
    const header = String(request.headers.authorization ?? '').trim();
    const encoded = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
    if (!encoded) {
      return errorResponse(401, 'Access denied: this API requires HTTP Basic authentication.', now, {
        'WWW-Authenticate': 'Basic realm="Site Factory"',
      });
    }
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon > 0 ? this.world.userByName(decoded.slice(0, colon)) : undefined;
    if (!user || user.blocked || !sameKey(user.apiKey, decoded.slice(colon + 1)) || this.rejected.has(request)) {
      return errorResponse(403, 'Access denied', now);
    }
    request.credential = String(user.uid);
    return undefined;
  }

  /** The user a request authenticated as. */
  caller(request: SimRequest): SimUser {
    const user = this.world.users.get(Number(request.credential));
    if (!user) throw new Error('simulator: a handler ran for an unauthenticated request');
    return user;
  }
}

/** Path prefix of the simulated storage bucket that backup download URLs point at (no Basic auth there). */
export const DOWNLOAD_PREFIX = '/sim-storage/';

function sameKey(expected: string, given: string): boolean {
  return expected.length === given.length && expected === given;
}
