import { createHash, randomBytes } from 'node:crypto';
import type { Target } from './model.js';

/** A run id: time-ordered, short, and safe in Redis keys, job ids and idempotency keys (`[a-z0-9-]`). @public */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID = /^[a-z0-9][a-z0-9-]{2,40}$/;

/** True for a string of the run id form (user input is checked before it reaches a Redis key). @public */
export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16).replace(/[-_]/g, 'x');
}

/** The job id of a target's step: derived from (run, step, target), so adding it twice adds it once. @internal */
export function siteJobId(run: string, step: number, target: Pick<Target, 'key'>): string {
  return `${run}.${step}.s.${digest(target.key)}`;
}

/** The job id of an account's discovery for a step. @internal */
export function discoverJobId(run: string, step: number, account: string): string {
  return `${run}.${step}.d.${digest(account)}`;
}

/**
 * The idempotency key of a target's start: the same for every attempt of the same (run, step, target), so a
 * job restarted after a crash names the same intent, and the vendor's records can be matched to it.
 * `[A-Za-z0-9.:-]`, under core's 100-character limit.
 * @internal
 */
export function startKey(run: string, step: number, target: Pick<Target, 'key'>): string {
  return `fleet.${run}.${step}.${digest(target.key)}`;
}
