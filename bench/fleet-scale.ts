/**
 * `fleet-scale`: a fleet run over 10,000 sites on the four simulators (each in its own process), on BullMQ +
 * Redis, with 1, 2, 4 and 8 worker processes (`omnihost-fleet worker`, built). The plan backs up every site
 * of Acquia, Site Factory and OnApp (3,000 each); Cloud 66's 1,000 sites are listed and skipped (it has no
 * on-demand backups). Each account has a compressed rate-limit window, shared by every worker through Redis.
 *
 * Reported per worker count:
 * - wall time ÷ the rate-limit lower bound. The bound is the slowest account's: the calls its protocol cannot
 *   avoid (listing pages, then per backup Acquia 4, Site Factory 3, OnApp 3: see bench/fleet.ts) need
 *   ⌈calls ÷ limit − 1⌉ windows (a task's second or two is small beside it). Goal ≤ 1.05 where the limit binds;
 * - Redis commands per site (`total_commands_processed`, a script counting as one);
 * - peak RSS per worker (the largest `VmHWM` of the workers).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VendorId } from '@omnihost/core';
import { accountsFromFile, planFromFile, RedisFleet, SECRET_FIELDS, SETTLED_STATUSES, startRun } from '@omnihost/fleet';
import { Redis } from 'ioredis';
import { startRedis } from '../packages/fleet/test/support/redis.js';
import { startSimulatorProcess } from './lib/simulator-process.js';
import type { Benchmark, BenchResult } from './lib/types.js';

/** FLEET_SCALE_FRACTION scales the fleet down for a quick look (1 = the 10,000 sites reported). */
const FRACTION = Number(process.env.FLEET_SCALE_FRACTION ?? 1);
const SITES: Record<VendorId, number> = {
  acquia: Math.round(3_000 * FRACTION),
  sitefactory: Math.round(3_000 * FRACTION),
  onapp: Math.round(3_000 * FRACTION),
  cloud66: Math.round(1_000 * FRACTION),
};
const LIMIT = { limit: 150, windowMs: 750 };
const MIN_CALLS_PER_BACKUP: Partial<Record<VendorId, number>> = { acquia: 4, sitefactory: 3, onapp: 3 };
/** Sites per listing page (the vendors' defaults, as the adapters ask). */
const PAGE = 100;
const WORKER_COUNTS = (process.env.FLEET_SCALE_WORKERS ?? '1,2,4,8').split(',').map(Number);
const ROOT = join(import.meta.dirname, '..');

function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const bench: Benchmark = {
  name: 'fleet-scale',
  async run() {
    const redis = await startRedis();
    const sims = await Promise.all(
      (Object.keys(SITES) as VendorId[]).map(async (vendor) => ({
        vendor,
        sim: await startSimulatorProcess(vendor, SITES[vendor]),
      })),
    );
    const dir = mkdtempSync(join(tmpdir(), 'fleet-scale-'));
    const env: Record<string, string> = {};
    const accounts = sims.map(({ vendor, sim }) => {
      const settings: Record<string, unknown> = { rateLimit: LIMIT };
      const secrets: Record<string, { env: string }> = {};
      for (const [field, value] of Object.entries(sim.config)) {
        if (field === 'vendor' || field === 'rateLimit') continue;
        if (SECRET_FIELDS[vendor].includes(field)) {
          env[`BENCH_${vendor.toUpperCase()}_${field.toUpperCase()}`] = String(value);
          secrets[field] = { env: `BENCH_${vendor.toUpperCase()}_${field.toUpperCase()}` };
        } else settings[field] = value;
      }
      return { name: vendor, vendor, settings, secrets };
    });
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ accounts }));
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({ name: 'fleet-scale', steps: [{ action: 'backup', timeoutMs: 30 * 60_000 }] }),
    );
    const rows: BenchResult[] = [];
    const admin = new Redis(redis.url);
    try {
      for (const workers of WORKER_COUNTS) {
        await admin.flushall();
        // A fresh window for every account, as a fresh fleet would start.
        await new Promise((resolve) => setTimeout(resolve, LIMIT.windowMs * 2));
        const fleet = await RedisFleet.connect({ url: redis.url });
        const accountsFile = await accountsFromFile(join(dir, 'accounts.json'));
        const plan = await planFromFile(join(dir, 'plan.json'), accountsFile);
        await Promise.all(sims.map(({ sim }) => sim.stats())); // zero the vendors' counters
        const before = Number(/total_commands_processed:(\d+)/.exec(await admin.info('stats'))?.[1] ?? 0);
        const started = performance.now();
        const run = await startRun(fleet.context(), { plan, accounts: accountsFile.list, mode: 'redis' });
        const children: ChildProcess[] = [];
        for (let index = 0; index < workers; index += 1) {
          children.push(
            spawn(
              process.execPath,
              [join(ROOT, 'packages/fleet/dist/bin.js'), 'worker', '--redis', redis.url, '--concurrency', '100'],
              {
                cwd: ROOT,
                env: { ...process.env, ...env, OMNIHOST_ACCOUNTS_FILE: join(dir, 'accounts.json') },
                stdio: ['ignore', 'ignore', 'inherit'],
              },
            ),
          );
        }
        let status = 'running';
        while (!SETTLED_STATUSES.includes(status as never)) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = (await fleet.store.getRun(run.id))?.status ?? 'missing';
        }
        const wallMs = performance.now() - started;
        const after = Number(/total_commands_processed:(\d+)/.exec(await admin.info('stats'))?.[1] ?? 0);
        const rss = Math.max(...children.map((child) => peakRssMb(child.pid)));
        // Vendor calls per backed-up site against the protocol's minimum: above it, the limit binds on calls
        // the bound does not count (extra polls), and the ratio says so.
        const vendorCalls = await Promise.all(
          sims.map(async ({ vendor, sim }) => ({ vendor, requests: (await sim.stats()).requests })),
        );
        const callsPerSite = vendorCalls
          .filter(({ vendor }) => MIN_CALLS_PER_BACKUP[vendor] !== undefined)
          .map(
            ({ vendor, requests }) =>
              `${vendor} ${(requests / SITES[vendor]).toFixed(2)} (min ${MIN_CALLS_PER_BACKUP[vendor]})`,
          )
          .join(', ');
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
        const results = await fleet.store.results(run.id);
        const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'unknown').length;
        await fleet.close();

        const boundMs = Math.max(
          ...(Object.keys(SITES) as VendorId[]).map((vendor) => {
            const calls = (MIN_CALLS_PER_BACKUP[vendor] ?? 0) * SITES[vendor] + Math.ceil(SITES[vendor] / PAGE);
            return Math.max(0, Math.ceil(calls / LIMIT.limit - 1)) * LIMIT.windowMs;
          }),
        );
        const ratio = wallMs / boundMs;
        const sites = Object.values(SITES).reduce((a, b) => a + b, 0);
        const common = `${sites} sites, ${workers} worker${workers > 1 ? 's' : ''}, limit ${LIMIT.limit}/${LIMIT.windowMs} ms per account`;
        rows.push(
          {
            name: `fleet-scale-${workers}w-wall`,
            value: ratio,
            unit: 'ratio',
            baseline: `rate-limit lower bound ${(boundMs / 1000).toFixed(1)} s`,
            notes: `${common}: ${(wallMs / 1000).toFixed(1)} s wall; ${failed} sites failed; vendor calls per site ${callsPerSite}; goal ≤ 1.05`,
            met: ratio <= 1.05,
          },
          {
            name: `fleet-scale-${workers}w-redis`,
            value: (after - before) / sites,
            unit: 'commands/site',
            baseline: 'none',
            notes: `${common}: Redis total_commands_processed over the run ÷ sites (a script counts once)`,
          },
          {
            name: `fleet-scale-${workers}w-rss`,
            value: rss,
            unit: 'MB',
            baseline: 'none',
            notes: `${common}: the largest peak RSS (VmHWM) of the worker processes`,
          },
        );
      }
    } finally {
      admin.disconnect();
      await Promise.all(sims.map(({ sim }) => sim.stop()));
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default bench;
