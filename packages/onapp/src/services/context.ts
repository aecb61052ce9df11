import type { Logger, SiteEnvironment } from '@omnihost/core';
import type { OnAppClient } from '../client/onapp-client.js';
import type { ServerFacts } from './server-facts.js';

/** What the vocabulary services share. @internal */
export interface ServiceContext {
  readonly client: OnAppClient;
  readonly siteEnvironments: Readonly<Record<string, SiteEnvironment>> | undefined;
  /** How long to look for the transaction a call created (`transactionDiscoveryTimeoutMs`). */
  readonly discoveryTimeoutMs: number;
  /** Servers per page when listing sites (`pageSize`). */
  readonly pageSize: number;
  /** What listing and getting servers taught about them (see {@link ServerFacts}). */
  readonly serverFacts: ServerFacts;
  /** The config's logger: warnings about what a call could not keep or select. */
  readonly logger?: Logger | undefined;
}
