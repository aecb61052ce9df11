import { environmentFromName, type SiteEnvironment } from '@omnihost/core';

/**
 * An environment's stage: from its machine name (`dev`, `test`, `prod`, `ode12`) by core's
 * `environmentFromName`; a name that says nothing (`ra`, a custom name) falls back to `flags.production`,
 * the flag Acquia sets on production environments whatever they are called.
 * @public
 */
export function acquiaEnvironmentOf(
  name: string,
  flags: Readonly<Record<string, unknown>> | null | undefined,
): SiteEnvironment {
  const stage = environmentFromName(name);
  return stage === 'other' && flags?.production === true ? 'prod' : stage;
}
