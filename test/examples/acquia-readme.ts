/**
 * The @omnihost/acquia README's example, kept here so the typecheck proves it compiles against the current API
 * (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { createAcquiaProvider } from '@omnihost/acquia';
import { TaskFailedError } from '@omnihost/core';

const acquia = createAcquiaProvider({
  clientId: process.env.OMNIHOST_CLIENT_ID ?? '',
  clientSecret: process.env.OMNIHOST_CLIENT_SECRET ?? '',
  organizationUuid: process.env.OMNIHOST_ORGANIZATION_UUID, // only for SSO (federated) organisations
});

// Sites are environments, walked application by application as the loop asks for more.
for await (const site of acquia.sites.list({ environment: 'prod' })) {
  const backup = await (await acquia.backups.create(site.id)).wait(); // the default database
  console.log(`${site.name}: backup ${backup.id} of ${backup.components?.join(', ')}`);
}

for await (const site of acquia.sites.list({ environment: 'staging' })) {
  const deploy = await acquia.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
  try {
    const done = await deploy.wait({ onProgress: (task) => console.log(site.name, task.state, task.progress ?? '') });
    console.log(`${site.name} runs ${done.ref} (notification ${done.id})`);
  } catch (err) {
    if (!(err instanceof TaskFailedError)) throw err;
    console.error(`${site.name}: ${err.task.rawStatus}: ${err.message}`);
  }
  // Cloud API v2 has no deploy history; the application's notifications are one raw call away.
  const { data } = await acquia.raw.request('getApplicationNotifications', {
    path: { applicationUuid: site.group ?? '' },
    query: { sort: '-created_at', limit: 5 },
  });
  for (const event of data._embedded.items ?? []) console.log(event.created_at, event.event, event.status);
}
