/** Virtual server → Site on its own: name, URL, group, environment and status from the server's fields. */
import { siteSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { toSite, type VirtualServer } from '../../src/index.js';

const server = (fields: Partial<VirtualServer>): VirtualServer =>
  ({ id: 652, identifier: 'xstc34jfk6kfxt', built: true, booted: true, locked: false, ...fields }) as VirtualServer;

describe('virtual server → site', () => {
  it('names it by label, else hostname, identifier or id; the URL is the host name with its domain', () => {
    const site = toSite(server({ label: 'shop-prod-01', hostname: 'shop', domain: 'example.net', hypervisor_id: 3 }), {
      raw: true,
    });
    expect(siteSchema.safeParse(site).success).toBe(true);
    expect(site).toMatchObject({
      vendor: 'onapp',
      id: '652',
      name: 'shop-prod-01',
      url: 'shop.example.net',
      group: 'hypervisor 3',
      environment: 'prod',
      environmentName: 'prod',
      status: 'active',
      rawStatus: 'built=true booted=true locked=false',
      raw: { raw: true },
    });
    expect(toSite(server({ hostname: 'api.example.com', domain: 'example.net' }), {})).toMatchObject({
      name: 'api.example.com',
      url: 'api.example.com', // already qualified: the domain is not added twice
    });
    expect(toSite(server({}), {}).name).toBe('xstc34jfk6kfxt');
    expect(toSite(server({ identifier: null }), {})).toMatchObject({ name: '652', url: undefined, group: undefined });
  });

  it('takes the environment from the config map first, and the status from the flags', () => {
    const site = toSite(server({ label: 'shop-prod-01', built: false }), {}, { '652': 'staging' });
    expect(site).toMatchObject({ environment: 'staging', environmentName: 'staging', status: 'provisioning' });
  });
});
