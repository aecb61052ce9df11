/** The one-table-per-rule mappings: stack status and health, action phases, errors, ids, dates. */
import { DEFAULT_RETRY_OPTIONS, decideRetry, RateLimitError } from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_STATE_TABLE,
  actionToTask,
  asyncActionSchema,
  CLOUD66_STATUS_TABLE,
  enveloped,
  fixCloud66SignedUrl,
  listPage,
  nextPage,
  parseCloud66Date,
  parseCloud66ErrorBody,
  parseCloud66TaskId,
  STACK_HEALTH_TABLE,
  STACK_STATUS_TABLE,
  siteStatusOf,
  stackHealthRow,
  stackSchema,
  stackStatusRow,
  stackToTask,
} from '../src/index.js';

describe('stack status 0–7', () => {
  it.each([
    [0, 'STK_QUEUED', 'provisioning', 'queued'],
    [1, 'STK_SUCCESS', 'active', 'succeeded'],
    [2, 'STK_FAILED', 'failed', 'failed'],
    [3, 'STK_ANALYSING', 'provisioning', 'running'],
    [4, 'STK_ANALYSED', 'provisioning', 'queued'],
    [5, 'STK_QUEUED_FOR_DEPLOYING', 'busy', 'queued'],
    [6, 'STK_DEPLOYING', 'busy', 'running'],
    [7, 'STK_TERMINAL_FAILURE', 'failed', 'failed'],
  ] as const)('%i is %s: site %s, deploy task %s', (code, name, site, task) => {
    expect(stackStatusRow(code)).toMatchObject({ name, site, task });
    expect(siteStatusOf({ status: code, health: 3, is_busy: false })).toBe(site);
  });

  it('has exactly the eight documented codes; anything else is unknown, never success', () => {
    expect(Object.keys(STACK_STATUS_TABLE).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const code of [-1, 8, 99, null, undefined]) {
      expect(stackStatusRow(code)).toMatchObject({ site: 'unknown', task: 'unknown' });
    }
  });

  it('a busy stack is busy whatever its status, and a deploy on it is not finished', () => {
    expect(siteStatusOf({ status: 1, health: 3, is_busy: true })).toBe('busy');
    const task = stackToTask(stackSchema.parse({ uid: 'a'.repeat(32), status: 1, health: 3, is_busy: true }));
    expect(task.state).toBe('running');
  });
});

describe('stack health 0–4', () => {
  it.each([
    [0, 'HLT_UNKNOWN', 'unknown'],
    [1, 'HLT_BUILDING', 'building'],
    [2, 'HLT_PARTIAL', 'impaired'],
    [3, 'HLT_OK', 'healthy'],
    [4, 'HLT_BROKEN', 'broken'],
  ] as const)('%i is %s (%s)', (code, name, health) => {
    expect(stackHealthRow(code)).toMatchObject({ name, health });
  });

  it('has exactly the five documented codes', () => {
    expect(Object.keys(STACK_HEALTH_TABLE).map(Number)).toEqual([0, 1, 2, 3, 4]);
    expect(stackHealthRow(5).health).toBe('unknown');
  });

  it('a deployed stack whose health is broken is a failed site; impaired health is a warning on the deploy', () => {
    expect(siteStatusOf({ status: 1, health: 4, is_busy: false })).toBe('failed');
    const task = stackToTask(stackSchema.parse({ uid: 'a'.repeat(32), status: 1, health: 2, is_busy: false }));
    expect(task.state).toBe('succeeded');
    expect(task.warnings).toEqual(['stack health: Impaired']);
  });
});

describe('async action → task', () => {
  const action = (fields: Record<string, unknown>) =>
    actionToTask('s', asyncActionSchema.parse({ id: 7, action: 'restart', ...fields }));

  it('is done when finished_at is set, and finished_success decides how it ended', () => {
    expect(action({ started_at: null }).state).toBe('queued');
    expect(action({ started_at: '2024-01-01T00:00:00Z', finished_at: null }).state).toBe('running');
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: true }).state).toBe('succeeded');
    const failed = action({ finished_at: '2024-01-01T00:00:01Z', finished_success: false, finished_message: 'boom' });
    expect(failed).toMatchObject({ state: 'failed', message: 'boom', rawStatus: 'finished_success=false' });
  });

  it('treats finished_at without finished_success (where the Go client panics) as failed', () => {
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: null }).state).toBe('failed');
    expect(ACTION_STATE_TABLE['finished-no-result']).toBe('failed');
  });

  it("reads the old docs' string booleans", () => {
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: 'true' }).state).toBe('succeeded');
  });

  it('never calls an action succeeded unless finished_success is true (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          started_at: fc.option(fc.constant('2024-01-01T00:00:00Z')),
          finished_at: fc.option(fc.constantFrom('2024-01-01T00:00:01Z', '')),
          finished_success: fc.option(fc.constantFrom(true, false, 'true', 'false', 0, 1)),
        }),
        (fields) => {
          const task = action(fields);
          const success =
            fields.finished_success === true || fields.finished_success === 'true' || fields.finished_success === 1;
          if (task.state === 'succeeded') expect(success && Boolean(fields.finished_at)).toBe(true);
        },
      ),
    );
  });

  it('turns any JSON into a parsed action or a zod error, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = enveloped(asyncActionSchema).safeParse(value);
        if (result.success) expect(actionToTask('s', result.data).vendor).toBe('cloud66');
      }),
    );
  });
});

describe('errors', () => {
  const headers = {};
  it('maps statuses in one table: 503 is throttling, 402 a permission problem', () => {
    expect(CLOUD66_STATUS_TABLE[503]).toBe('rate-limit');
    expect(CLOUD66_STATUS_TABLE[402]).toBe('permission');
    expect(CLOUD66_STATUS_TABLE[401]).toBe('authentication');
    expect(CLOUD66_STATUS_TABLE[403]).toBe('permission');
    expect(CLOUD66_STATUS_TABLE[404]).toBe('not-found');
  });

  it('prefers details over error_description, as the Go client does, and keeps the id', () => {
    const details = parseCloud66ErrorBody(
      { error: 'bad_request', error_description: 'Bad request', details: 'git_ref is invalid' },
      { status: 400, headers },
    );
    expect(details).toMatchObject({ message: 'git_ref is invalid', vendorCode: 'bad_request' });
  });

  it('tells a throttled 503 from an outage 503', () => {
    expect(parseCloud66ErrorBody({ error: 'throttled' }, { status: 503, headers }).kind).toBe('rate-limit');
    expect(parseCloud66ErrorBody({ error: 'service_unavailable' }, { status: 503, headers }).kind).toBe('server');
    expect(parseCloud66ErrorBody({ error: 'not_implemented' }, { status: 503, headers }).kind).toBe('validation');
    expect(
      parseCloud66ErrorBody('<html>busy</html>', { status: 503, headers: { 'x-ratelimit-remaining': '0' } }).kind,
    ).toBe('rate-limit');
  });

  it('retries a throttled POST even without Retry-After (Cloud 66 documents none): it did not run', () => {
    const error = new RateLimitError('throttled', { vendor: 'cloud66', status: 503 });
    const decision = decideRetry({
      error,
      retriesSoFar: 0,
      waitedMs: 0,
      replayable: false,
      options: DEFAULT_RETRY_OPTIONS,
    });
    expect(decision.retry).toBe(true);
  });

  it('names the missing scope from the challenge header, a field, or the text', () => {
    const status = { status: 403 };
    expect(
      parseCloud66ErrorBody(
        {},
        { ...status, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="redeploy"' } },
      ).requiredScope,
    ).toBe('redeploy');
    expect(parseCloud66ErrorBody({ scope: 'admin' }, { ...status, headers }).requiredScope).toBe('admin');
    expect(
      parseCloud66ErrorBody({ error: 'forbidden', details: "requires the 'reboot' scope" }, { ...status, headers })
        .requiredScope,
    ).toBe('reboot');
  });

  it('never throws, whatever the body (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        parseCloud66ErrorBody(body, { status, headers });
      }),
    );
  });
});

describe('paging, ids, dates, links', () => {
  it('follows next and accepts prev as well as previous', () => {
    const page = listPage(stackSchema).parse({
      response: [{ uid: 'x' }],
      pagination: { prev: 1, next: 3, current: 2, per_page: 30, count: 61, pages: 3 },
    });
    expect(page.pagination?.prev).toBe(1);
    expect(nextPage(page.pagination, 2)).toBe(3);
    // A `next` that does not move forward ends the list instead of looping.
    expect(nextPage({ next: 2, current: 2 }, 2)).toBeUndefined();
    expect(nextPage({ next: null, current: 3 }, 3)).toBeUndefined();
  });

  it('reads task ids of actions and of stack-followed deploys, and rejects anything else', () => {
    expect(parseCloud66TaskId('abc:42')).toEqual({ kind: 'action', stackUid: 'abc', actionId: '42' });
    expect(parseCloud66TaskId('abc:stack')).toEqual({ kind: 'stack', stackUid: 'abc' });
    expect(parseCloud66TaskId('42')).toBeUndefined();
    expect(parseCloud66TaskId('abc:x1')).toBeUndefined();
  });

  it('reads ISO and Rails "UTC" dates, and nothing else', () => {
    expect(parseCloud66Date('2014-08-14 00:38:14 UTC')?.toISOString()).toBe('2014-08-14T00:38:14.000Z');
    expect(parseCloud66Date('2014-08-14T01:46:53+00:00')?.toISOString()).toBe('2014-08-14T01:46:53.000Z');
    expect(parseCloud66Date('yesterday')).toBeUndefined();
    expect(parseCloud66Date(null)).toBeUndefined();
  });

  it('refuses a download link that is not http(s)', () => {
    expect(() => fixCloud66SignedUrl('javascript:alert(1)')).toThrow(/not an http/);
    expect(() => fixCloud66SignedUrl('not a url')).toThrow(/not an http/);
  });
});
