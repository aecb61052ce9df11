/**
 * The durable mode end to end, with real worker processes, simulators in their own processes and a real
 * redis-server: one rate limit per account across workers, no secret in Redis, waves stopped by their
 * failure budget and resumed, a Redis restart mid-run, the CLI and the dashboard.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { fleetCli } from '../support/cli.js';
import { describeWithRedis } from '../support/redis.js';
import { Scenario } from '../support/scenario.js';
import { secretSpellingsForTest } from '../support/secrets.js';

describeWithRedis('fleet workers (processes) on Redis', () => {
  let scenario: Scenario | undefined;
  afterEach(async () => {
    await scenario?.close();
    scenario = undefined;
  });

  it('shares one rate limit per account across 4 workers (never over the limit in any window, 0 throttles), and leaves no secret in Redis', {
    timeout: 180_000,
  }, async () => {
    const limit = { limit: 8, windowMs: 500 };
    scenario = await Scenario.start({ sitesPerVendor: 8, taskDurationMs: 500, workers: 4, rateLimit: limit });
    const run = await fleetCli(['run', scenario.planFile, '--redis', scenario.redis.url], scenario.env);
    expect(run.code, run.stderr).toBe(0);
    const id = run.stdout.trim();
    scenario.startWorkers();
    const { run: done, results } = await scenario.waitForRun(id, 150_000);
    expect(done.status).toBe('completed');
    expect(results.filter((r) => r.outcome === 'failed' || r.outcome === 'unknown')).toEqual([]);
    const stats = await scenario.stats();
    const perVendor = Object.fromEntries(
      Object.entries(stats).map(([vendor, s]) => [vendor, { max: s.maxRequestsInWindow, throttled: s.throttled }]),
    );
    process.stderr.write(`shared limit ${limit.limit}/${limit.windowMs} ms: ${JSON.stringify(perVendor)}\n`);
    for (const figures of Object.values(perVendor)) {
      expect(figures.max).toBeLessThanOrEqual(limit.limit);
      expect(figures.throttled).toBe(0);
    }
    // The limit bound: some account used its whole window, and none went past it.
    expect(Math.max(...Object.values(perVendor).map((figures) => figures.max))).toBe(limit.limit);

    // Every key and value in Redis, in every spelling a secret could take: none found.
    const dump = await scenario.dumpRedis();
    expect(dump.keys).toBeGreaterThan(10);
    for (const secret of scenario.secrets) {
      for (const spelling of secretSpellingsForTest(secret))
        expect(dump.text.includes(spelling), 'a secret in Redis').toBe(false);
    }
    process.stderr.write(
      `secret scan: ${dump.keys} keys, ${dump.text.length} characters, ${scenario.secrets.length} secrets: none found\n`,
    );
  });

  it('stops at a wave over its failure budget; fleet resume goes on from there', { timeout: 180_000 }, async () => {
    scenario = await Scenario.start({
      sitesPerVendor: 12,
      taskDurationMs: 300,
      workers: 2,
      plan: {
        steps: [
          {
            action: 'backup',
            select: { accounts: ['onapp'] },
            waves: [{ percent: 25 }, { percent: 50 }, { percent: 100 }],
            maxFailures: 1,
          },
          { action: 'backup', select: { accounts: ['sitefactory'] } },
        ],
      },
    });
    const onapp = scenario.sims.find((sim) => sim.vendor === 'onapp');
    await onapp?.failNextTasks(2, 'backup');
    const started = await fleetCli(['run', scenario.planFile, '--redis', scenario.redis.url], scenario.env);
    const id = started.stdout.trim();
    scenario.startWorkers();
    const stopped = await scenario.waitForRun(id, 120_000);
    expect(stopped.run.status).toBe('stopped');
    expect(stopped.run.reason).toMatch(/wave 1 of 3: 2 of 3 sites failed, over the budget of 1/);
    expect(stopped.results).toHaveLength(3);

    const status = await fleetCli(['status', id, '--redis', scenario.redis.url], scenario.env);
    expect(status.stdout).toMatch(new RegExp(`run ${id}  stopped`));
    // The report of a stopped run: per site the outcome, the task, the vendor's message.
    const report = await fleetCli(['report', id, '--redis', scenario.redis.url, '--jsonl'], scenario.env);
    const lines = report.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.outcome === 'failed')).toHaveLength(2);
    for (const line of lines) expect(line.taskId).toBeTruthy();

    const resumed = await fleetCli(['resume', id, '--redis', scenario.redis.url, '--watch', '--json'], scenario.env);
    expect(resumed.code, resumed.stderr).toBe(20); // completed, with the two failed sites
    const finished = JSON.parse(resumed.stdout) as { run: { status: string }; results: { step: number }[] };
    expect(finished.run.status).toBe('completed');
    expect(finished.results.filter((r) => r.step === 0)).toHaveLength(12);
    expect(finished.results.filter((r) => r.step === 1).length).toBeGreaterThan(0);

    // The dashboard shows the same, over HTTP on 127.0.0.1.
    const { startDashboard } = await import('../../src/index.js');
    const { RedisFleet } = await import('../../src/redis/fleet.js');
    const fleet = await RedisFleet.connect({ url: scenario.redis.url });
    const dashboard = await startDashboard({ store: fleet.store });
    try {
      expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const index = await (await fetch(`${dashboard.url}/`)).text();
      expect(index).toContain(id);
      const page = await (await fetch(`${dashboard.url}/runs/${id}`)).text();
      expect(page).toContain('completed');
      expect(page).toContain('Failures (2)');
      const api = (await (await fetch(`${dashboard.url}/api/runs/${id}`)).json()) as {
        steps: unknown[];
        run: { id: string };
      };
      expect(api.run.id).toBe(id);
      expect(api.steps).toHaveLength(2);
      expect((await fetch(`${dashboard.url}/runs/nope`)).status).toBe(404);
    } finally {
      await dashboard.close();
      await fleet.close();
    }
  });

  it('survives a Redis restart (AOF) mid-run: every site once, the run completed', { timeout: 180_000 }, async () => {
    scenario = await Scenario.start({ sitesPerVendor: 10, taskDurationMs: 600, workers: 2, aof: true });
    const id = (await fleetCli(['run', scenario.planFile, '--redis', scenario.redis.url], scenario.env)).stdout.trim();
    scenario.startWorkers();
    const { RedisFleet } = await import('../../src/redis/fleet.js');
    const fleet = await RedisFleet.connect({ url: scenario.redis.url });
    try {
      // Restart once some sites are done and more are running.
      for (let tries = 0; tries < 300 && (await fleet.store.counts(id, 0)).done < 5; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      fleet.redis.disconnect();
    }
    await scenario.redis.restart({ downMs: 1_000 });
    const { run, results } = await scenario.waitForRun(id, 150_000);
    expect(results.filter((r) => r.outcome === 'failed' || r.outcome === 'unknown')).toEqual([]);
    expect(run.status).toBe('completed');
    const keys = results.map((r) => `${r.step}|${r.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    const deployed = results.filter((r) => r.step === 1).flatMap((r) => r.covers?.map((s) => s.id) ?? [r.siteId]);
    expect(deployed).toHaveLength(40);
  });

  it('fails before anything is added: unreachable Redis, unknown account, missing secret variable', async () => {
    scenario = await Scenario.start({ sitesPerVendor: 2, taskDurationMs: 100, workers: 0 });
    const unreachable = await fleetCli(['run', scenario.planFile, '--redis', 'redis://127.0.0.1:1'], scenario.env);
    expect(unreachable.code).toBe(11);
    expect(unreachable.stderr).toMatch(/NetworkError: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED/);

    writeFileSync(
      join(scenario.dir, 'bad-plan.json'),
      JSON.stringify({ steps: [{ action: 'backup', select: { accounts: ['nope'] } }] }),
    );
    const unknown = await fleetCli(
      ['run', join(scenario.dir, 'bad-plan.json'), '--redis', scenario.redis.url],
      scenario.env,
    );
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(/steps\[0\]\.select\.accounts\[0\]: unknown account "nope"/);

    const { OMNIHOST_ACCOUNTS_FILE } = scenario.env;
    const missing = await fleetCli(['run', scenario.planFile, '--redis', scenario.redis.url], {
      OMNIHOST_ACCOUNTS_FILE,
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(
      /account acquia: clientSecret reads FLEET_TEST_ACQUIA_CLIENTSECRET, which is not set/,
    );
    const dump = await scenario.dumpRedis();
    expect(dump.text).not.toMatch(/:run:/);
  });
});
