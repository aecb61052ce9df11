/**
 * The @omnihost/cloud66 README's example, kept here so the typecheck proves it compiles against the current API
 * (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { createCloud66Provider } from '@omnihost/cloud66';
import { collect, TaskFailedError } from '@omnihost/core';

const cloud66 = createCloud66Provider({ token: process.env.OMNIHOST_TOKEN ?? '' }); // empty: ConfigurationError
const newestFirst = (a?: Date, b?: Date) => (b?.getTime() ?? 0) - (a?.getTime() ?? 0);

// Sites are stacks. The list is lazy: each page of 30 stacks is fetched when the loop reaches it.
for await (const site of cloud66.sites.list({ environment: 'staging' })) {
  if (!cloud66.capabilities.backups.create) {
    // No on-demand backups here: point at the newest scheduled one, or set up a schedule (a raw-client call).
    const backups = await collect(cloud66.backups.list(site.id), { limit: 30 });
    const [newest] = backups
      .filter((b) => b.state === 'completed')
      .sort((a, b) => newestFirst(a.createdAt, b.createdAt));
    if (newest) {
      const link = await cloud66.backups.downloadLink(site.id, newest.id);
      console.log(`${site.name}: backup ${newest.id} in ${link.segments.length} part(s) at ${link.url}`);
    } else {
      await cloud66.raw.backups.schedule(site.id, { dbType: 'all', frequency: '0 3 * * *', keepCount: 14 });
    }
  }
  const deploy = await cloud66.deploys.deploy(site.id, { ref: 'tags/2.4.0', message: 'release 2.4.0' });
  if (deploy.queued) console.log(`${site.name}: queued behind work already running on the stack`);
  try {
    const done = await deploy.wait({ onProgress: (task) => console.log(site.name, task.state, task.message ?? '') });
    console.log(`${site.name}: deployed ${done.ref} at commit ${done.commit ?? '?'} (${done.rawStatus})`);
  } catch (err) {
    if (err instanceof TaskFailedError) console.error(`${site.name}: ${err.task.rawStatus}: ${err.message}`);
    else throw err;
  }
  // Deploy history, newest first.
  for (const past of await collect(cloud66.deploys.list(site.id), { limit: 5 })) {
    console.log(`  ${past.startedAt?.toISOString() ?? '?'} ${past.ref ?? ''} ${past.commit ?? ''} ${past.state}`);
  }
}
