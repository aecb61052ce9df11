import type { AccountCounts, RunRecord, RunStatus, SiteOutcome, SiteResult, StepCounts, Target } from './model.js';

/** A run's position: the step, and the wave reached in it. @public */
export interface RunPointer {
  readonly step: number;
  readonly wave: number;
}

/**
 * Where runs, their targets and their results live: in memory for an in-process run, in Redis for a durable
 * one. Every write is idempotent, so a job that runs again after a crash changes nothing it already wrote.
 * @public
 */
export interface RunStore {
  createRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(limit?: number): Promise<RunRecord[]>;
  /** Sets the status when the current one is in `from` (any, when not given). True when it changed. */
  setStatus(id: string, status: RunStatus, reason?: string, from?: readonly RunStatus[]): Promise<boolean>;
  /** Moves the run from one (step, wave) to another, only if it is still at `from`. True when it moved. */
  movePointer(id: string, from: RunPointer, to: RunPointer): Promise<boolean>;
  /** Records, for a step, the failures a resume accepted. */
  setBaseline(id: string, step: number, baseline: { failed: number; reached: number }): Promise<void>;
  /** Adds targets in order (those already there are left where they are). Returns how many were new. */
  addTargets(id: string, step: number, targets: readonly Target[]): Promise<number>;
  /** Targets `[from, to)` in the order they were added. */
  targetSlice(id: string, step: number, from: number, to: number): Promise<Target[]>;
  markDiscovered(id: string, step: number, account: string): Promise<void>;
  /**
   * Records a result once: the first result for a key wins. Says whether this one was recorded, and the
   * step's figures after it.
   */
  recordResult(result: SiteResult): Promise<{ recorded: boolean; counts: StepCounts }>;
  getResult(id: string, step: number, key: string): Promise<SiteResult | undefined>;
  counts(id: string, step: number): Promise<StepCounts>;
  /** A step's figures per account (targets found, and results by outcome). */
  accountCounts(id: string, step: number): Promise<Record<string, AccountCounts>>;
  /** Every result of the run (or of one step), step by step, in the order they were recorded. */
  results(id: string, step?: number): Promise<SiteResult[]>;
}

/** The counter each outcome adds to. */
export const OUTCOME_COUNTER: Readonly<Record<SiteOutcome, keyof StepCounts>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  unknown: 'unknown',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

interface MemoryStep {
  order: string[];
  targets: Map<string, Target>;
  discovered: Set<string>;
  results: Map<string, SiteResult>;
  accounts: Map<string, Record<keyof AccountCounts, number>>;
  counts: { done: number; succeeded: number; failed: number; unknown: number; skipped: number; cancelled: number };
}

/** The in-process store: plain maps, gone with the process. @public */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly steps = new Map<string, MemoryStep>();

  async createRun(run: RunRecord): Promise<void> {
    if (!this.runs.has(run.id)) this.runs.set(run.id, run);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }

  async listRuns(limit = 100): Promise<RunRecord[]> {
    return [...this.runs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async setStatus(id: string, status: RunStatus, reason?: string, from?: readonly RunStatus[]): Promise<boolean> {
    const run = this.runs.get(id);
    if (!run || (from && !from.includes(run.status))) return false;
    const now = new Date().toISOString();
    const finished = status === 'completed' || status === 'cancelled' || status === 'failed';
    this.runs.set(id, {
      ...run,
      status,
      reason,
      updatedAt: now,
      finishedAt: finished ? now : undefined,
    });
    return true;
  }

  async movePointer(id: string, from: RunPointer, to: RunPointer): Promise<boolean> {
    const run = this.runs.get(id);
    if (!run || run.step !== from.step || run.wave !== from.wave) return false;
    this.runs.set(id, { ...run, step: to.step, wave: to.wave, updatedAt: new Date().toISOString() });
    return true;
  }

  async setBaseline(id: string, step: number, baseline: { failed: number; reached: number }): Promise<void> {
    const run = this.runs.get(id);
    if (run) this.runs.set(id, { ...run, baselines: { ...run.baselines, [String(step)]: baseline } });
  }

  private step(id: string, step: number): MemoryStep {
    const name = `${id}|${step}`;
    let entry = this.steps.get(name);
    if (!entry) {
      entry = {
        order: [],
        targets: new Map(),
        discovered: new Set(),
        results: new Map(),
        accounts: new Map(),
        counts: { done: 0, succeeded: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0 },
      };
      this.steps.set(name, entry);
    }
    return entry;
  }

  async addTargets(id: string, step: number, targets: readonly Target[]): Promise<number> {
    const entry = this.step(id, step);
    let added = 0;
    for (const target of targets) {
      if (entry.targets.has(target.key)) continue;
      this.account(entry, target.account).targets += 1;
      entry.targets.set(target.key, target);
      entry.order.push(target.key);
      added += 1;
    }
    return added;
  }

  async targetSlice(id: string, step: number, from: number, to: number): Promise<Target[]> {
    const entry = this.step(id, step);
    return entry.order.slice(from, to).map((key) => entry.targets.get(key) as Target);
  }

  async markDiscovered(id: string, step: number, account: string): Promise<void> {
    this.step(id, step).discovered.add(account);
  }

  async recordResult(result: SiteResult): Promise<{ recorded: boolean; counts: StepCounts }> {
    const entry = this.step(result.run, result.step);
    if (entry.results.has(result.key)) return { recorded: false, counts: await this.counts(result.run, result.step) };
    entry.results.set(result.key, result);
    const counter = OUTCOME_COUNTER[result.outcome] as keyof MemoryStep['counts'];
    entry.counts[counter] += 1;
    if (result.target) entry.counts.done += 1;
    this.account(entry, result.account)[counter as keyof AccountCounts] += 1;
    return { recorded: true, counts: await this.counts(result.run, result.step) };
  }

  async getResult(id: string, step: number, key: string): Promise<SiteResult | undefined> {
    return this.step(id, step).results.get(key);
  }

  async counts(id: string, step: number): Promise<StepCounts> {
    const entry = this.step(id, step);
    return {
      ...entry.counts,
      targets: entry.order.length,
      discovered: entry.discovered.size,
    };
  }

  async accountCounts(id: string, step: number): Promise<Record<string, AccountCounts>> {
    return Object.fromEntries([...this.step(id, step).accounts].map(([name, counts]) => [name, { ...counts }]));
  }

  private account(entry: MemoryStep, name: string): Record<keyof AccountCounts, number> {
    let counts = entry.accounts.get(name);
    if (!counts) {
      counts = { targets: 0, succeeded: 0, failed: 0, unknown: 0, skipped: 0, cancelled: 0 };
      entry.accounts.set(name, counts);
    }
    return counts;
  }

  async results(id: string, step?: number): Promise<SiteResult[]> {
    const run = this.runs.get(id);
    if (!run) return [];
    const steps = step === undefined ? run.plan.steps.map((_, index) => index) : [step];
    return steps.flatMap((index) => [...this.step(id, index).results.values()]);
  }
}
