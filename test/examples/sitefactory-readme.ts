/**
 * The @omnihost/sitefactory README's example, kept here so the typecheck proves it compiles against the current API
 * (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { type Site, TaskFailedError } from '@omnihost/core';
import { createSiteFactoryProvider } from '@omnihost/sitefactory';

const provider = createSiteFactoryProvider({
  baseUrl: process.env.OMNIHOST_BASE_URL ?? 'https://www.example.acsitefactory.com',
  username: process.env.OMNIHOST_USERNAME ?? '',
  apiKey: process.env.OMNIHOST_API_KEY ?? '',
});
const siteName = process.argv[2] ?? 'marketing';
const ref = 'tags/2.4.0';

// Lazy: pages of up to 1,000 sites are fetched as the loop needs them; `break` stops the fetching.
let site: Site | undefined;
for await (const candidate of provider.sites.list({ environment: 'prod' })) {
  if (candidate.name === siteName) {
    site = candidate;
    break;
  }
}
if (!site) throw new Error(`no production site named ${siteName}`);

const backupOp = await provider.backups.create(site.id, { label: `before ${ref}`, components: ['database'] });
const backup = await backupOp.wait();
console.log(`backup ${backup.id} of ${site.name}: ${backup.components?.join(', ')}`);

// The typed raw client, by operationId: is the tag in the repository of the site's stack?
const refs = await provider.raw.call('get_Vcs_getRefs', { query: { type: 'sites', stack_id: site.group } });
if (!refs.available?.includes(ref)) throw new Error(`${ref} is not available on stack ${site.group}`);

if (provider.capabilities.deploys.scope === 'stack') console.warn(`${ref} goes to every site on stack ${site.group}`);
const update = await provider.deploys.deploy(site.id, { ref });
try {
  const deployment = await update.wait({ onProgress: (task) => console.log(task.state, task.progress ?? '') });
  console.log(
    `update ${deployment.id} finished ${deployment.state} on ${deployment.affectedSiteIds?.length ?? '?'} sites`,
  );
} catch (err) {
  if (err instanceof TaskFailedError) console.error(`update failed, WIP status ${err.task.rawStatus}: ${err.message}`);
  else throw err;
}
