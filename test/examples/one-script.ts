/**
 * The README's "One script, any vendor" example, kept here so the typecheck proves it compiles against the
 * current API (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { providerFromEnv, TaskFailedError } from '@omnihost/core';

const provider = await providerFromEnv(); // OMNIHOST_VENDOR=acquia|sitefactory|cloud66|onapp + credentials
// Lists are lazy: pages are fetched as the loop reaches them.
for await (const site of provider.sites.list({ environment: 'prod' })) {
  if (!provider.capabilities.backups.create) break; // Cloud 66 backs up on its own schedule only
  const backup = await (await provider.backups.create(site.id, { label: 'pre-release' })).wait();
  console.log(`${site.name}: backup ${backup.id}`);
}
for await (const site of provider.sites.list({ environment: 'staging' })) {
  const deploy = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
  await deploy.wait({ onProgress: (task) => console.log(site.name, task.state, task.progress ?? '') }).catch((err) => {
    if (err instanceof TaskFailedError) console.error(`${site.name}: ${err.task.rawStatus}: ${err.message}`);
    else throw err;
  });
}
