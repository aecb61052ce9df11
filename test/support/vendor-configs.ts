/**
 * Provider configs that point every vendor at one loopback URL (a scripted server), with known secrets so
 * the leak scan can look for them, and with retries and waits turned down so misbehaviour surfaces fast.
 */
import { type ProviderConfig, VENDOR_IDS, VENDORS, type VendorId, type VendorTable } from '@omnihost/core';

/** The secrets every config below carries; none may ever appear in an error or a log line. */
export const SECRETS = {
  acquiaClientSecret: 'acq-SECRET-8c1f27d9e4b3a6',
  sitefactoryApiKey: 'acsf-SECRET-5e2b90c7d1f4a8',
  cloud66Token: 'c66-SECRET-0a9d3e7b6c2f15',
  onappApiKey: 'onapp-SECRET-b47e1c9a3d0f62',
} as const;

/** Non-secret identities that go with the secrets (Basic auth encodes them together). */
export const IDENTITIES = {
  acquiaClientId: 'acq-client-id',
  sitefactoryUser: 'release-bot',
  onappEmail: 'ops@example.com',
} as const;

/** Every encoding of a secret an error or log line could carry. */
export function secretNeedles(): string[] {
  const basic = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');
  return [
    ...Object.values(SECRETS),
    ...Object.values(SECRETS).map((secret) => Buffer.from(secret).toString('base64')),
    ...Object.values(SECRETS).map((secret) => encodeURIComponent(secret)),
    basic(IDENTITIES.acquiaClientId, SECRETS.acquiaClientSecret),
    basic(IDENTITIES.sitefactoryUser, SECRETS.sitefactoryApiKey),
    basic(IDENTITIES.onappEmail, SECRETS.onappApiKey),
    'scripted-access-token',
  ];
}

type VariantOf<V extends VendorId> = VendorTable[V]['formats'] extends readonly [string]
  ? V
  : `${V}-${VendorTable[V]['formats'][number]}`;

/** A variant of a vendor: one per wire format in core's vendor table (OnApp speaks XML or JSON). */
export type VendorVariant = { [V in VendorId]: VariantOf<V> }[VendorId];

/** Every variant, in the vendor table's order. */
export const VARIANTS: readonly VendorVariant[] = VENDOR_IDS.flatMap((vendor) => {
  const formats: readonly string[] = VENDORS[vendor].formats;
  return formats.length > 1 ? formats.map((format) => `${vendor}-${format}`) : [vendor];
}) as VendorVariant[];

/** The vendor behind a variant. */
export function vendorOf(variant: VendorVariant): VendorId {
  return variant.split('-')[0] as VendorId;
}

/** A config for `variant` against a server at `url`. */
export function configFor(
  variant: VendorVariant,
  url: string,
  overrides: { timeoutMs?: number; retries?: number; maxResponseBytes?: number } = {},
): ProviderConfig {
  const transport = {
    allowInsecureHttp: true,
    rateLimit: false as const,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    retry: { retries: overrides.retries ?? 0, minDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 50 },
    ...(overrides.maxResponseBytes ? { maxResponseBytes: overrides.maxResponseBytes } : {}),
  };
  switch (variant) {
    case 'acquia':
      return {
        vendor: 'acquia',
        clientId: IDENTITIES.acquiaClientId,
        clientSecret: SECRETS.acquiaClientSecret,
        baseUrl: `${url}/api`,
        tokenUrl: `${url}/token`,
        ...transport,
      };
    case 'sitefactory':
      return {
        vendor: 'sitefactory',
        baseUrl: url,
        username: IDENTITIES.sitefactoryUser,
        apiKey: SECRETS.sitefactoryApiKey,
        ...transport,
      };
    case 'cloud66':
      return { vendor: 'cloud66', token: SECRETS.cloud66Token, baseUrl: `${url}/api/3`, ...transport };
    case 'onapp-xml':
    case 'onapp-json':
      return {
        vendor: 'onapp',
        baseUrl: url,
        email: IDENTITIES.onappEmail,
        apiKey: SECRETS.onappApiKey,
        format: variant === 'onapp-xml' ? 'xml' : 'json',
        ...transport,
      };
  }
}
