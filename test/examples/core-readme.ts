/**
 * The @omnihost/core README's example, kept here so the typecheck proves it compiles against the current API
 * (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import {
  collect,
  createProvider,
  isOmnihostError,
  isUnsupportedOperationError,
  type Provider,
  RateLimitError,
  TaskFailedError,
} from '@omnihost/core';

// Vendor-neutral: this function never names a vendor.
async function backUpProduction(provider: Provider, signal: AbortSignal): Promise<void> {
  if (!provider.capabilities.backups.create) {
    console.log(`${provider.vendor} only takes scheduled backups`);
    return;
  }
  // A bounded snapshot: collect() stops fetching pages once it holds 20 sites.
  const sites = await collect(provider.sites.list({ environment: 'prod', signal }), { limit: 20 });
  for (const site of sites) {
    try {
      const operation = await provider.backups.create(site.id, { label: 'pre-release', signal });
      const backup = await operation.wait({
        signal, // Ctrl-C ends the wait with an AbortError
        timeoutMs: 20 * 60_000, // past it: a TimeoutError carrying the last task seen
        onProgress: (task) => console.log(`${site.name}: ${task.state} ${task.progress ?? ''} (${task.rawStatus})`),
      });
      const link = await provider.backups.downloadLink(site.id, backup.id, { signal }).catch((error: unknown) => {
        if (isUnsupportedOperationError(error)) return undefined; // this vendor has no download links
        throw error;
      });
      console.log(`${site.name}: backup ${backup.id}`, link?.url ?? '(no download link)');
    } catch (error) {
      if (error instanceof TaskFailedError) console.error(`${site.name}: ${error.task.rawStatus}: ${error.message}`);
      else if (error instanceof RateLimitError) console.error(`${site.name}: throttled`, error.retryAfterMs);
      else if (isOmnihostError(error)) console.error(`${site.name}: ${error.name} (status ${error.status})`);
      else throw error;
    }
  }
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const provider = await createProvider({
  vendor: 'acquia',
  clientId: process.env.ACQUIA_API_KEY ?? '',
  clientSecret: process.env.ACQUIA_API_SECRET ?? '',
  rateLimit: { limit: 60, windowMs: 60_000 }, // leave part of the account's 100/min to other tools
  retry: { retries: 2, maxTotalWaitMs: 30_000 },
  timeoutMs: 15_000,
  logger: { warn: (message, fields) => console.warn(message, fields) },
});
await backUpProduction(provider, controller.signal);
console.log(provider.stats()); // requests, retries, throttled, authReplays, limiterWaitMs, ...
