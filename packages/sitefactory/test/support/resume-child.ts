/**
 * A second process that finishes waits another one began (issue 15): it is given operations as JSON
 * (`operation.toJSON()`, argv 2) and the simulator's provider config (the `SITEFACTORY_RESUME_CONFIG` variable,
 * so no key shows in the process list), resumes each with `provider.operations.resume(json)`, waits, and prints
 * one JSON line: what each wait resolved to. Run by test/services/operations.test.ts as
 * `node --conditions=source --import tsx <this> '<json array>'`.
 */
import { createSiteFactoryProvider, type SiteFactoryProviderConfig } from '../../src/index.js';

const config = JSON.parse(process.env.SITEFACTORY_RESUME_CONFIG ?? '{}') as SiteFactoryProviderConfig;
const operations = JSON.parse(process.argv[2] ?? '[]') as unknown[];
const provider = createSiteFactoryProvider({ ...config, rateLimit: false });

const results: unknown[] = [];
for (const json of operations) {
  const operation = await provider.operations.resume(json as Parameters<typeof provider.operations.resume>[0]);
  const result = (await operation.wait({ minIntervalMs: 10, maxIntervalMs: 40, timeoutMs: 20_000 })) as {
    id: string;
    state: string;
    label?: string;
  };
  results.push({
    kind: operation.toJSON().kind,
    taskId: operation.task.id,
    id: result.id,
    state: result.state,
    label: result.label,
  });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
