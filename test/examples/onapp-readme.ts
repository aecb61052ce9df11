/**
 * The @omnihost/onapp README's example, kept here so the typecheck proves it compiles against the current API
 * (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { TaskFailedError } from '@omnihost/core';
import { createOnAppProvider } from '@omnihost/onapp';

const { ONAPP_URL, ONAPP_EMAIL, ONAPP_API_KEY } = process.env;
if (!ONAPP_URL || !ONAPP_EMAIL || !ONAPP_API_KEY) throw new Error('set ONAPP_URL, ONAPP_EMAIL and ONAPP_API_KEY');
const onapp = createOnAppProvider({ baseUrl: ONAPP_URL, email: ONAPP_EMAIL, apiKey: ONAPP_API_KEY, format: 'xml' });
console.log(`OnApp ${await onapp.raw.version()}`); // GET /version.xml: also a cheap credentials check

// Servers are listed lazily, a page at a time; each production server gets a backup first.
for await (const site of onapp.sites.list({ environment: 'prod' })) {
  const backup = await (await onapp.backups.create(site.id, { label: 'pre-release' })).wait();
  console.log(`${site.name} [${site.rawStatus}]: backup ${backup.id} (${backup.components?.join(', ')})`);
}

// Deploy = rebuild from the template labelled with the release ref. It wipes the server's disks.
for await (const site of onapp.sites.list({ environment: 'staging' })) {
  try {
    const rebuild = await onapp.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    await rebuild.wait({ onProgress: (task) => console.log(`${site.name}: rebuild ${task.state}`) });
  } catch (err) {
    if (!(err instanceof TaskFailedError)) throw err;
    console.error(`${site.name}: ${err.message}`); // the failed step's log tail
    for (const t of await onapp.raw.virtualServers.transactions(site.id, { perPage: 5 })) {
      console.error(`  #${t.id} ${t.action} ${t.status}`);
    }
  }
}
