import type { Redis } from 'ioredis';
import type { AccountCounts, RunRecord, RunStatus, SiteResult, StepCounts, Target } from '../engine/model.js';
import { OUTCOME_COUNTER, type RunPointer, type RunStore } from '../engine/store.js';
import { LuaScript } from './lua.js';

const SET_STATUS = new LuaScript(`
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
if ARGV[4] ~= '' then
  local allowed = false
  for state in string.gmatch(ARGV[4], '[^,]+') do
    if state == current then allowed = true end
  end
  if not allowed then return 0 end
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'reason', ARGV[2], 'updatedAt', ARGV[3], 'finishedAt', ARGV[5])
return 1
`);

const MOVE_POINTER = new LuaScript(`
local fields = redis.call('HMGET', KEYS[1], 'step', 'wave')
if fields[1] ~= ARGV[1] or fields[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'step', ARGV[3], 'wave', ARGV[4], 'updatedAt', ARGV[5])
return 1
`);

/** ARGV: triples of (key, target JSON, account). */
const ADD_TARGETS = new LuaScript(`
local added = 0
for i = 1, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i])
    redis.call('HINCRBY', KEYS[3], 'a:' .. ARGV[i + 2] .. ':targets', 1)
    added = added + 1
  end
end
return added
`);

/** KEYS: results, results order, counts, target order, discovered. ARGV: key, JSON, counter, account, target. */
const RECORD_RESULT = new LuaScript(`
local recorded = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if recorded == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
  redis.call('HINCRBY', KEYS[3], 'a:' .. ARGV[4] .. ':' .. ARGV[3], 1)
  if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[3], 'done', 1) end
end
return { recorded, redis.call('HGETALL', KEYS[3]), redis.call('LLEN', KEYS[4]), redis.call('SCARD', KEYS[5]) }
`);

const COUNTERS = ['done', 'succeeded', 'failed', 'unknown', 'skipped', 'cancelled'] as const;

/**
 * The durable store: runs, targets and results in Redis hashes and lists, every write idempotent (a set-if-
 * absent or a compare-and-set in one script). Holds plans, account names, site ids and names, vendor task
 * ids and messages already scrubbed of secrets: never a credential.
 * @public
 */
export class RedisRunStore implements RunStore {
  constructor(
    private readonly redis: Redis,
    /** Key prefix (`omnihost:fleet`). */
    readonly prefix: string,
  ) {}

  private runKey(id: string): string {
    return `${this.prefix}:run:${id}`;
  }

  private stepKey(id: string, step: number, part: string): string {
    return `${this.prefix}:run:${id}:${step}:${part}`;
  }

  async createRun(run: RunRecord): Promise<void> {
    const created = await this.redis.hsetnx(this.runKey(run.id), 'id', run.id);
    if (created === 0) return;
    await this.redis
      .multi()
      .hset(this.runKey(run.id), {
        plan: JSON.stringify(run.plan),
        accounts: JSON.stringify(run.accounts),
        status: run.status,
        reason: run.reason ?? '',
        step: String(run.step),
        wave: String(run.wave),
        mode: run.mode,
        createdAt: run.createdAt,
        updatedAt: run.updatedAt,
        finishedAt: '',
      })
      .zadd(`${this.prefix}:runs`, Date.parse(run.createdAt), run.id)
      .exec();
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const fields = await this.redis.hgetall(this.runKey(id));
    if (!fields.id || !fields.plan) return undefined;
    const baselines: Record<string, { failed: number; reached: number }> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('baseline:')) baselines[field.slice('baseline:'.length)] = JSON.parse(value);
    }
    return {
      id: fields.id,
      plan: JSON.parse(fields.plan),
      accounts: JSON.parse(fields.accounts ?? '[]'),
      status: fields.status as RunStatus,
      reason: fields.reason || undefined,
      step: Number(fields.step),
      wave: Number(fields.wave),
      mode: fields.mode === 'in-process' ? 'in-process' : 'redis',
      createdAt: fields.createdAt ?? '',
      updatedAt: fields.updatedAt ?? '',
      finishedAt: fields.finishedAt || undefined,
      baselines: Object.keys(baselines).length > 0 ? baselines : undefined,
    };
  }

  async listRuns(limit = 100): Promise<RunRecord[]> {
    const ids = await this.redis.zrevrange(`${this.prefix}:runs`, 0, limit - 1);
    const runs = await Promise.all(ids.map((id) => this.getRun(id)));
    return runs.filter((run): run is RunRecord => run !== undefined);
  }

  async setStatus(id: string, status: RunStatus, reason?: string, from?: readonly RunStatus[]): Promise<boolean> {
    const now = new Date().toISOString();
    const finished = status === 'completed' || status === 'cancelled' || status === 'failed';
    const changed = await SET_STATUS.run(
      this.redis,
      [this.runKey(id)],
      [status, reason ?? '', now, (from ?? []).join(','), finished ? now : ''],
    );
    return changed === 1;
  }

  async movePointer(id: string, from: RunPointer, to: RunPointer): Promise<boolean> {
    const moved = await MOVE_POINTER.run(
      this.redis,
      [this.runKey(id)],
      [String(from.step), String(from.wave), String(to.step), String(to.wave), new Date().toISOString()],
    );
    return moved === 1;
  }

  async setBaseline(id: string, step: number, baseline: { failed: number; reached: number }): Promise<void> {
    await this.redis.hset(this.runKey(id), `baseline:${step}`, JSON.stringify(baseline));
  }

  async addTargets(id: string, step: number, targets: readonly Target[]): Promise<number> {
    let added = 0;
    for (let start = 0; start < targets.length; start += 500) {
      const args = targets
        .slice(start, start + 500)
        .flatMap((target) => [target.key, JSON.stringify(target), target.account]);
      added += Number(
        await ADD_TARGETS.run(
          this.redis,
          [this.stepKey(id, step, 'targets'), this.stepKey(id, step, 'order'), this.stepKey(id, step, 'counts')],
          args,
        ),
      );
    }
    return added;
  }

  async targetSlice(id: string, step: number, from: number, to: number): Promise<Target[]> {
    if (to <= from) return [];
    const keys = await this.redis.lrange(this.stepKey(id, step, 'order'), from, to - 1);
    if (keys.length === 0) return [];
    const values = await this.redis.hmget(this.stepKey(id, step, 'targets'), ...keys);
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as Target);
  }

  async markDiscovered(id: string, step: number, account: string): Promise<void> {
    await this.redis.sadd(this.stepKey(id, step, 'discovered'), account);
  }

  async recordResult(result: SiteResult): Promise<{ recorded: boolean; counts: StepCounts }> {
    const [recorded, fields, targets, discovered] = (await RECORD_RESULT.run(
      this.redis,
      [
        this.stepKey(result.run, result.step, 'results'),
        this.stepKey(result.run, result.step, 'results-order'),
        this.stepKey(result.run, result.step, 'counts'),
        this.stepKey(result.run, result.step, 'order'),
        this.stepKey(result.run, result.step, 'discovered'),
      ],
      [result.key, JSON.stringify(result), OUTCOME_COUNTER[result.outcome], result.account, result.target ? '1' : '0'],
    )) as [number, string[], number, number];
    return { recorded: recorded === 1, counts: toCounts(pairs(fields), targets, discovered) };
  }

  async getResult(id: string, step: number, key: string): Promise<SiteResult | undefined> {
    const value = await this.redis.hget(this.stepKey(id, step, 'results'), key);
    return value ? (JSON.parse(value) as SiteResult) : undefined;
  }

  async counts(id: string, step: number): Promise<StepCounts> {
    const replies = await this.redis
      .multi()
      .hgetall(this.stepKey(id, step, 'counts'))
      .llen(this.stepKey(id, step, 'order'))
      .scard(this.stepKey(id, step, 'discovered'))
      .exec();
    const [fields, targets, discovered] = (replies ?? []).map(([, value]) => value) as [
      Record<string, string>,
      number,
      number,
    ];
    return toCounts(fields ?? {}, targets ?? 0, discovered ?? 0);
  }

  async accountCounts(id: string, step: number): Promise<Record<string, AccountCounts>> {
    const fields = await this.redis.hgetall(this.stepKey(id, step, 'counts'));
    const accounts: Record<string, Record<keyof AccountCounts, number>> = {};
    for (const [field, value] of Object.entries(fields)) {
      const match = /^a:(.+):([a-z]+)$/.exec(field);
      if (!match) continue;
      const [, name, counter] = match as unknown as [string, string, keyof AccountCounts];
      accounts[name] ??= { targets: 0, succeeded: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0 };
      if (counter in accounts[name]) accounts[name][counter] = Number(value);
    }
    return accounts;
  }

  async results(id: string, step?: number): Promise<SiteResult[]> {
    const run = await this.getRun(id);
    if (!run) return [];
    const steps = step === undefined ? run.plan.steps.map((_, index) => index) : [step];
    const out: SiteResult[] = [];
    for (const index of steps) {
      const keys = await this.redis.lrange(this.stepKey(id, index, 'results-order'), 0, -1);
      for (let start = 0; start < keys.length; start += 1_000) {
        const chunk = keys.slice(start, start + 1_000);
        const values = await this.redis.hmget(this.stepKey(id, index, 'results'), ...chunk);
        for (const value of values) if (value) out.push(JSON.parse(value) as SiteResult);
      }
    }
    return out;
  }
}

function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) out[flat[index] as string] = flat[index + 1] as string;
  return out;
}

function toCounts(fields: Record<string, string>, targets: number, discovered: number): StepCounts {
  const counts = Object.fromEntries(COUNTERS.map((name) => [name, Number(fields[name] ?? 0)])) as Record<
    (typeof COUNTERS)[number],
    number
  >;
  return { ...counts, targets: Number(targets), discovered: Number(discovered) };
}
