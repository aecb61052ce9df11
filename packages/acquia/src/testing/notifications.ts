import type { SimClock, TaskGroup, TaskOutcomePolicy } from '@omnihost/core/testing';
import { randomUuid } from './generated-ids.js';
import { type Hrefs, timestamp } from './wire.js';

/** What `failNextTasks` and the durations distinguish. */
export type SimTaskKind = 'backup' | 'restore' | 'delete' | 'deploy' | 'copy';

/** Which `failNextTasks` kind covers a task kind. */
const FAILURE_GROUP: Readonly<Record<SimTaskKind, TaskGroup>> = {
  backup: 'backup',
  restore: 'backup',
  delete: 'backup',
  deploy: 'deploy',
  copy: 'other',
};

/** What a caller asks the store to start. */
export interface NotificationSpec {
  kind: SimTaskKind;
  event: string;
  label: string;
  /** Description once completed. */
  done: string;
  /** Description while running. */
  running: string;
  context: Record<string, unknown>;
  /** Applied once, when the task completes successfully (never on failure). */
  effect?: ((completedAt: number) => void) | undefined;
}

interface SimNotification extends NotificationSpec {
  uuid: string;
  createdAt: number;
  durationMs: number;
  fails: boolean;
  /** Where progress stops when the task fails (acquia/cli PR #1103: a failed task may stay below 100). */
  failAtProgress: number;
  applied: boolean;
}

/**
 * Notifications whose state is computed from the clock when read: a task stores when it started, how
 * long it takes and whether it will fail. No timers run, so a manual clock can finish a ten-minute task
 * instantly and nothing keeps the process alive. Effects (a new backup appears, the code switches) are
 * applied by {@link NotificationStore.settle}, which every request calls first.
 */
export class NotificationStore {
  private readonly byUuid = new Map<string, SimNotification>();
  private pending: SimNotification[] = [];

  constructor(
    private readonly clock: SimClock,
    /** How long each task takes and whether it fails: core's simulator policy. */
    private readonly outcomes: TaskOutcomePolicy<'failed', SimTaskKind>,
    private readonly random: () => number,
    private readonly hrefs: Hrefs,
  ) {}

  start(spec: NotificationSpec): string {
    const uuid = randomUuid(this.random);
    const notification: SimNotification = {
      ...spec,
      uuid,
      createdAt: this.clock.now(),
      durationMs: Math.max(1, this.outcomes.durationMs(spec.kind)),
      fails: this.outcomes.nextFails(FAILURE_GROUP[spec.kind]),
      failAtProgress: 40 + Math.floor(this.random() * 40),
      applied: false,
    };
    this.byUuid.set(uuid, notification);
    this.pending.push(notification);
    return uuid;
  }

  /** Applies the effects of every task that has completed by now, in completion order. */
  settle(): void {
    if (this.pending.length === 0) return;
    const now = this.clock.now();
    const due = this.pending
      .filter((task) => task.createdAt + task.durationMs <= now)
      .sort((a, b) => a.createdAt + a.durationMs - (b.createdAt + b.durationMs));
    if (due.length === 0) return;
    this.pending = this.pending.filter((task) => !due.includes(task));
    for (const task of due) {
      task.applied = true;
      if (!task.fails) task.effect?.(task.createdAt + task.durationMs);
    }
  }

  has(uuid: string): boolean {
    return this.byUuid.has(uuid.toLowerCase());
  }

  /** Every notification whose context names an application, newest first. */
  forApplication(applicationUuid: string): string[] {
    const out: SimNotification[] = [];
    for (const task of this.byUuid.values()) {
      const uuids = (task.context.application as { uuids?: string[] } | undefined)?.uuids ?? [];
      if (uuids.includes(applicationUuid)) out.push(task);
    }
    return out.sort((a, b) => b.createdAt - a.createdAt).map((task) => task.uuid);
  }

  /** The notification as `GET /notifications/{uuid}` returns it (schema `notification-stub`). */
  render(uuid: string): Record<string, unknown> | undefined {
    const task = this.byUuid.get(uuid.toLowerCase());
    if (!task) return undefined;
    const now = this.clock.now();
    const endsAt = task.createdAt + task.durationMs;
    const elapsed = Math.max(0, now - task.createdAt);
    let status: 'in-progress' | 'completed' | 'failed';
    let progress: number;
    let description: string;
    if (now >= endsAt) {
      status = task.fails ? 'failed' : 'completed';
      progress = task.fails ? task.failAtProgress : 100;
      // Said from what was running ("Database backup created failed" read as nonsense in the demo).
      description = task.fails
        ? `Failed: ${task.running.charAt(0).toLowerCase()}${task.running.slice(1).replace(/\.$/, '')} (the simulated task was made to fail).`
        : task.done;
    } else {
      status = 'in-progress';
      progress = Math.min(task.fails ? task.failAtProgress : 99, Math.floor((elapsed / task.durationMs) * 100));
      description = task.running;
    }
    return {
      uuid: task.uuid,
      event: task.event,
      label: task.label,
      description,
      created_at: timestamp(task.createdAt),
      // In progress, Acquia repeats `created_at` here (python-acquia-cloud-2 fixture); the spec requires a date.
      completed_at: timestamp(status === 'in-progress' ? task.createdAt : endsAt),
      status,
      progress,
      context: task.context,
      _links: {
        self: this.hrefs.link(`/notifications/${task.uuid}`),
        parent: this.hrefs.link('/notifications'),
      },
    };
  }
}
