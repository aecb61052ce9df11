import type { ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { type RunRecord, type RunStore, SECRET_FIELDS, SETTLED_STATUSES } from '../../src/index.js';

/**
 * An accounts file for running simulators (one account per simulator, named by its vendor, or by `name`),
 * with every credential moved to a variable of the returned environment, as a user would write it.
 */
type SimLike = Pick<VendorSimulator<ProviderConfig>, 'vendor' | 'config'>;

export function accountsFor(sims: readonly { sim: SimLike; name?: string }[] | readonly SimLike[]): {
  file: { accounts: unknown[] };
  env: Record<string, string>;
  secrets: string[];
} {
  const env: Record<string, string> = {};
  const accounts = sims.map((entry) => {
    const { sim, name } = 'sim' in entry ? entry : { sim: entry, name: undefined };
    const accountName = name ?? sim.vendor;
    const settings: Record<string, unknown> = {};
    const secrets: Record<string, { env: string }> = {};
    for (const [field, value] of Object.entries(sim.config)) {
      if (field === 'vendor') continue;
      if (SECRET_FIELDS[sim.vendor].includes(field)) {
        const variable = `FLEET_TEST_${accountName.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_${field.toUpperCase()}`;
        env[variable] = String(value);
        secrets[field] = { env: variable };
      } else settings[field] = value;
    }
    return { name: accountName, vendor: sim.vendor, settings, secrets };
  });
  return { file: { accounts }, env, secrets: Object.values(env) };
}

/** Polls the store until the run settles (or the time is up: then it throws, with where the run was). */
export async function waitForRun(store: RunStore, id: string, timeoutMs: number): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await store.getRun(id);
    if (run && SETTLED_STATUSES.includes(run.status)) return run;
    if (Date.now() > deadline) {
      const counts = run ? await store.counts(id, Math.min(run.step, run.plan.steps.length - 1)) : undefined;
      throw new Error(`run ${id} did not settle in ${timeoutMs} ms: ${JSON.stringify({ run, counts })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
