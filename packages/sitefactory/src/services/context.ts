import type { Logger } from '@omnihost/core';
import type { SiteFactoryClient } from '../client/raw-client.js';
import type { ClientContext } from '../client/request-operation.js';
import type { StageName } from '../rules/environments.js';

/** What every service of the provider is built on. @internal */
export interface ServiceContext {
  readonly client: ClientContext;
  readonly raw: SiteFactoryClient;
  /** The factory's own stage (config, else its URL), the fallback for sites whose domain says nothing. */
  readonly factory: StageName | undefined;
  /** The config's logger: warnings about what a call could not keep or select. */
  readonly logger?: Logger | undefined;
}
