/**
 * Issue 13, at the type level: every vendor's provider type names its vendor as a literal, so a union of
 * providers narrows by `vendor`, and `raw` and `capabilities` narrow with it. `npm run typecheck` is what
 * checks this file; the runtime assertions only confirm the values match the types.
 */
import type { AcquiaProvider } from '@omnihost/acquia';
import type { Cloud66Provider } from '@omnihost/cloud66';
import type { ProviderFor, VendorId } from '@omnihost/core';
import type { OnAppProvider } from '@omnihost/onapp';
import type { SiteFactoryProvider } from '@omnihost/sitefactory';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { HARNESSES } from './vendors.js';

/** Any one vendor's provider: what a script that serves every vendor holds. */
type AnyProvider = AcquiaProvider | SiteFactoryProvider | Cloud66Provider | OnAppProvider;

/** What narrowing on `vendor` gives; a provider type whose `vendor` is not a literal would make this `never`. */
function rawOf(provider: AnyProvider) {
  switch (provider.vendor) {
    case 'acquia':
      return expectTypeOf(provider.raw).toEqualTypeOf<AcquiaProvider['raw']>();
    case 'sitefactory':
      return expectTypeOf(provider.raw).toEqualTypeOf<SiteFactoryProvider['raw']>();
    case 'cloud66':
      return expectTypeOf(provider.raw).toEqualTypeOf<Cloud66Provider['raw']>();
    case 'onapp':
      return expectTypeOf(provider.raw).toEqualTypeOf<OnAppProvider['raw']>();
    default:
      // Every vendor is handled above: nothing is left for `default`.
      return expectTypeOf(provider).toBeNever();
  }
}

describe('provider types narrow by vendor', () => {
  it('each vendor package types `vendor` as its literal id', () => {
    expectTypeOf<AcquiaProvider['vendor']>().toEqualTypeOf<'acquia'>();
    expectTypeOf<SiteFactoryProvider['vendor']>().toEqualTypeOf<'sitefactory'>();
    expectTypeOf<Cloud66Provider['vendor']>().toEqualTypeOf<'cloud66'>();
    expectTypeOf<OnAppProvider['vendor']>().toEqualTypeOf<'onapp'>();
  });

  it('ProviderFor<VendorId> is the union of the four, and narrowing it by vendor narrows raw', () => {
    expectTypeOf<ProviderFor<VendorId>>().toEqualTypeOf<AnyProvider>();
    const narrow = (provider: ProviderFor<VendorId>) => {
      if (provider.vendor === 'onapp') expectTypeOf(provider).toEqualTypeOf<OnAppProvider>();
      if (provider.vendor === 'sitefactory') expectTypeOf(provider.factoryStage).not.toBeAny();
      if (provider.vendor === 'acquia') expectTypeOf(provider.capabilities.backups.labels).toEqualTypeOf<false>();
      return rawOf(provider);
    };
    expect(typeof narrow).toBe('function');
  });

  it('every vendor of the contract suite is one of the four', () => {
    const vendors: AnyProvider['vendor'][] = HARNESSES.map((harness) => harness.vendor);
    expect(vendors).toEqual(['acquia', 'sitefactory', 'cloud66', 'onapp']);
  });
});
