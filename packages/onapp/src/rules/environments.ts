import { environmentFromName, type SiteEnvironment } from '@omnihost/core';

/** What a server's environment was derived from, for `site.environmentName`. @public */
export interface ServerEnvironment {
  readonly environment: SiteEnvironment;
  /** The word that decided it (`prod`, `staging`, ...) or the configured value. */
  readonly name: string | undefined;
}

/** The server fields the rule reads. @public */
export interface EnvironmentInputs {
  readonly id: number;
  readonly identifier?: string | null | undefined;
  readonly label?: string | null | undefined;
  readonly hostname?: string | null | undefined;
}

const WORD = /[A-Za-z0-9]+/g;

/**
 * OnApp has no stages: a virtual server is just a server. The environment is derived, in this order:
 *
 * 1. the config's `siteEnvironments` map, by id or identifier (explicit beats inferred);
 * 2. the naming convention: the first word of the label, then of the hostname, that core's
 *    `environmentFromName` knows (`shop-prod-01`, `api.staging.example.com`, `web (live)`). Words are
 *    split on anything not a letter or digit, so `latest` never reads as `test`;
 * 3. otherwise `other`.
 *
 * Labels and hostnames are what operators see in the panel and how fleets are named in practice; the
 * map covers fleets that are not.
 * @public
 */
export function environmentOfServer(
  server: EnvironmentInputs,
  overrides: Readonly<Record<string, SiteEnvironment>> | undefined,
): ServerEnvironment {
  if (overrides) {
    const configured = overrides[String(server.id)] ?? (server.identifier ? overrides[server.identifier] : undefined);
    if (configured) return { environment: configured, name: configured };
  }
  for (const text of [server.label, server.hostname]) {
    if (!text) continue;
    for (const word of text.match(WORD) ?? []) {
      const environment = environmentFromName(word);
      if (environment !== 'other') return { environment, name: word.toLowerCase() };
    }
  }
  return { environment: 'other', name: undefined };
}
