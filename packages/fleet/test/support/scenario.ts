import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, createProvider, type Provider, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { SimStats } from '@omnihost/core/testing';
import { Redis } from 'ioredis';
import { siteJobId } from '../../src/engine/ids.js';
import type { RunRecord, SiteResult } from '../../src/index.js';
import { RedisFleet } from '../../src/redis/fleet.js';
import { accountsFor, waitForRun } from './fleet.js';
import { type FleetProcess, type SimProcess, spawnFleet, startSimProcess } from './processes.js';
import { startRedis, type TestRedis } from './redis.js';

/** What a simulator counts as executed backups and deploys (each vendor's `recordExecution` kinds). */
export const BACKUP_KINDS: Record<VendorId, readonly string[]> = {
  acquia: ['backup'],
  sitefactory: ['backup.create'],
  cloud66: [],
  onapp: ['backup.take', 'backup.take_incremental'],
};
export const DEPLOY_KINDS: Record<VendorId, readonly string[]> = {
  acquia: ['deploy'],
  sitefactory: ['update.start'],
  cloud66: ['deploy'],
  onapp: ['virtual_machine.build'],
};

/** The release plan of the fleet tests: back up every site that can be, then deploy every site. */
export const RELEASE_PLAN = {
  name: 'fleet test release',
  steps: [
    { action: 'backup', select: { accounts: ['acquia', 'sitefactory', 'onapp'] }, label: 'fleet-test' },
    {
      action: 'deploy',
      ref: { default: 'tags/2.4.0', onapp: '1' },
      allowDestructive: true,
      allowStackWide: true,
    },
  ],
};

export interface ScenarioOptions {
  readonly sitesPerVendor: number;
  readonly taskDurationMs: number;
  readonly workers: number;
  readonly concurrency?: number;
  /** `OMNIHOST_FLEET_TEST_CRASH` of the workers. */
  readonly crash?: string;
  readonly aof?: boolean;
  readonly plan?: unknown;
  readonly rateLimit?: { limit: number; windowMs: number } | false;
  readonly seed?: number;
}

/** Simulators, Redis, an accounts file and worker processes, torn down by `close()`. */
export class Scenario {
  readonly workers: FleetProcess[] = [];
  readonly restarted: { killed: number; crashed: number } = { killed: 0, crashed: 0 };
  private stopping = false;

  private constructor(
    readonly options: ScenarioOptions,
    readonly redis: TestRedis,
    readonly sims: SimProcess[],
    readonly dir: string,
    readonly env: Record<string, string>,
    readonly secrets: string[],
  ) {}

  static async start(options: ScenarioOptions): Promise<Scenario> {
    const redis = await startRedis({ aof: options.aof });
    const sims = await Promise.all(
      VENDOR_IDS.map((vendor) =>
        startSimProcess(vendor, {
          siteCount: options.sitesPerVendor,
          taskDurationMs: options.taskDurationMs,
          seed: options.seed ?? 16,
          rateLimit: options.rateLimit ?? false,
        }),
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'fleet-scenario-'));
    const { file, env, secrets } = accountsFor(sims.map((sim) => ({ sim, name: sim.vendor })));
    // A shared limit is the accounts' to set; without one the simulators take whatever comes.
    for (const account of file.accounts as { settings: Record<string, unknown> }[]) {
      account.settings.rateLimit = options.rateLimit ?? false;
    }
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify(file, null, 2));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(options.plan ?? RELEASE_PLAN, null, 2));
    return new Scenario(
      options,
      redis,
      sims,
      dir,
      { ...env, OMNIHOST_ACCOUNTS_FILE: join(dir, 'accounts.json') },
      secrets,
    );
  }

  get accountsFile(): string {
    return join(this.dir, 'accounts.json');
  }

  get planFile(): string {
    return join(this.dir, 'plan.json');
  }

  /** Starts worker `index` (again), and starts it once more whenever it dies of a crash point. */
  spawnWorker(index: number): FleetProcess {
    const worker = spawnFleet(
      ['worker', '--redis', this.redis.url, '--concurrency', String(this.options.concurrency ?? 20)],
      {
        ...this.env,
        // A killed worker's jobs are taken over within seconds (production: 30 s each).
        OMNIHOST_FLEET_LOCK_MS: '6000',
        OMNIHOST_FLEET_STALLED_INTERVAL_MS: '2000',
        ...(this.options.crash ? { OMNIHOST_FLEET_TEST_CRASH: this.options.crash } : {}),
      },
    );
    this.workers[index] = worker;
    worker.child.once('exit', (_code, signal) => {
      if (this.stopping || this.workers[index] !== worker) return;
      if (signal === 'SIGKILL') {
        // A crash point (the test's own kills replace the worker before this fires).
        this.restarted.crashed += 1;
        this.spawnWorker(index);
      }
    });
    return worker;
  }

  startWorkers(): void {
    for (let index = 0; index < this.options.workers; index += 1) this.spawnWorker(index);
  }

  /** SIGKILLs a random worker and starts another in its place. */
  killRandomWorker(): void {
    const index = Math.floor(Math.random() * this.workers.length);
    const victim = this.workers[index];
    if (!victim) return;
    this.restarted.killed += 1;
    this.spawnWorker(index);
    victim.child.kill('SIGKILL');
  }

  async startRun(): Promise<string> {
    const fleet = await RedisFleet.connect({ url: this.redis.url });
    try {
      const { accountsFromFile, planFromFile, startRun } = await import('../../src/index.js');
      const accounts = await accountsFromFile(this.accountsFile);
      const plan = await planFromFile(this.planFile, accounts);
      const run = await startRun(fleet.context(), { plan, accounts: accounts.list, mode: 'redis' });
      return run.id;
    } finally {
      await fleet.close();
    }
  }

  async waitForRun(id: string, timeoutMs: number): Promise<{ run: RunRecord; results: SiteResult[] }> {
    const fleet = await RedisFleet.connect({ url: this.redis.url });
    try {
      const run = await waitForRun(fleet.store, id, timeoutMs).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await this.diagnose(fleet, id)}`);
      });
      return { run, results: await fleet.store.results(id) };
    } finally {
      await fleet.close();
    }
  }

  /** The jobs of a run's current step whose target has no result yet: their state, data and failures. */
  private async diagnose(fleet: RedisFleet, id: string): Promise<string> {
    const run = await fleet.store.getRun(id);
    if (!run) return 'no run';
    const step = Math.min(run.step, run.plan.steps.length - 1);
    const counts = await fleet.store.counts(id, step);
    const targets = await fleet.store.targetSlice(id, step, 0, counts.targets);
    const lines: string[] = [];
    for (const target of targets) {
      if (await fleet.store.getResult(id, step, target.key)) continue;
      const job = await fleet.queueOf(target.account).getJob(siteJobId(id, step, target));
      const state = job ? await job.getState() : 'missing';
      lines.push(
        `${target.key}: job ${state} attempts=${job?.attemptsMade} failed=${job?.failedReason ?? ''} data=${JSON.stringify(job?.data)}`,
      );
    }
    const locks = await fleet.redis.keys(`${fleet.prefix}:lock:*`);
    for (const key of locks) lines.push(`${key} = ${await fleet.redis.get(key)} ttl=${await fleet.redis.pttl(key)}`);
    lines.push(`workers: ${this.workers.map((w) => w.output().split('\n').slice(-5).join(' | ')).join(' || ')}`);
    return lines.join('\n');
  }

  async stats(): Promise<Record<VendorId, SimStats>> {
    const entries = await Promise.all(this.sims.map(async (sim) => [sim.vendor, await sim.stats()] as const));
    return Object.fromEntries(entries) as Record<VendorId, SimStats>;
  }

  /** Backups of `siteId` created since `since`, as the vendor lists them. */
  async backupsSince(vendor: VendorId, siteIds: readonly string[], since: number): Promise<Map<string, number>> {
    const sim = this.sims.find((candidate) => candidate.vendor === vendor) as SimProcess;
    const provider = (await createProvider({ ...sim.config, rateLimit: false } as never)) as Provider;
    const counts = new Map<string, number>();
    for (let start = 0; start < siteIds.length; start += 20) {
      await Promise.all(
        siteIds.slice(start, start + 20).map(async (siteId) => {
          const backups = await collect(provider.backups.list(siteId), { limit: 10_000 });
          counts.set(siteId, backups.filter((backup) => (backup.createdAt?.getTime() ?? 0) >= since - 1_000).length);
        }),
      );
    }
    return counts;
  }

  /** Every key and value in Redis, as text (for the secret scan). */
  async dumpRedis(): Promise<{ keys: number; text: string }> {
    const redis = new Redis(this.redis.url);
    try {
      const keys = await redis.keys('*');
      const parts: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        parts.push(key);
        if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
      return { keys: keys.length, text: parts.join('\n') };
    } finally {
      redis.disconnect();
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    for (const worker of this.workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await Promise.all(this.sims.map((sim) => sim.close()));
    await this.redis.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
