/**
 * Reading ids out of HAL hrefs. Acquia's links are absolute URLs naming `https://cloud.acquia.com/api/...`
 * (or another host for non-production realms, or a literal `{baseUri}` in SDK fixtures). The adapter
 * never follows them: it parses the id out of the path and builds its own request under the configured
 * base URL, so a link can never send a request or a token to another host.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID (Acquia notification, application, organisation ids). @public */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The path of an href, whatever its host (or `{baseUri}` placeholder), without query or fragment. */
function hrefPath(href: string): string {
  const withoutPlaceholder = href.replace(/^\{baseUri\}/, 'https://placeholder.invalid');
  try {
    return new URL(withoutPlaceholder, 'https://placeholder.invalid').pathname;
  } catch {
    return (href.split(/[?#]/)[0] ?? '').trim();
  }
}

/**
 * The segment after `/<collection>/` in an href: `idFromHref(href, 'notifications')` reads the uuid of
 * `https://cloud.acquia.com/api/notifications/<uuid>`. Unlike acli's hard-coded
 * `^https://cloud.acquia.com/api/notifications/…$` regex, any host and base path is accepted (vendor
 * notes §7.2), because only the id is used.
 * @public
 */
export function idFromHref(href: string, collection: string): string | undefined {
  const segments = hrefPath(href).split('/').filter(Boolean);
  const index = segments.lastIndexOf(collection);
  const raw = index >= 0 ? segments[index + 1] : undefined;
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The application uuid inside an environment id (`24-a47ac10b-58cc-4372-a567-0e02b2c3d470`): environment
 * ids are compound `<internal numeric id>-<application uuid>` (vendor notes §1).
 * @public
 */
export function applicationUuidOfEnvironment(environmentId: string): string | undefined {
  const match = /^\d+-(.+)$/.exec(environmentId);
  return match?.[1] && isUuid(match[1]) ? match[1] : undefined;
}
