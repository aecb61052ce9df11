/**
 * Issue 15, the CLI side, in-process against a fake vendor built on core's start rule and waiter: a start
 * whose answer was lost says the work may have started and prints the exact command that finds it; a start
 * that never reached the vendor says it is safe to retry; `operations reconcile|resume`; Ctrl-C and the wait
 * deadline name the task and how to resume; `--json` errors carry outcome, intent and task id; without a
 * terminal `--wait` writes its task and states on stderr; `--idempotency-key` reaches every start.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@omnihost/cli';
import { operationJsonSchema, type Provider, ServerError, startIntentSchema } from '@omnihost/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeVendor, fakeVendor } from './fake-provider.js';
import { testIo } from './in-process-io.js';
import { suggested } from './suggested-commands.js';

const current = vi.hoisted(() => ({ provider: undefined as unknown }));

// Every command builds its provider with core's createProvider: here it gets the fake vendor instead.
vi.mock('@omnihost/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@omnihost/core')>();
  return {
    ...core,
    createProvider: async (...args: Parameters<typeof core.createProvider>) =>
      (current.provider as Provider | undefined) ?? core.createProvider(...args),
  };
});

/** A valid OnApp connection (the fake ignores it; the CLI still validates it as it would a real one). */
const ENV = {
  OMNIHOST_VENDOR: 'onapp',
  OMNIHOST_BASE_URL: 'https://panel.example.test',
  OMNIHOST_EMAIL: 'ops@example.test',
  OMNIHOST_API_KEY: 'onapp-api-key-123456',
};

let fake: FakeVendor;
beforeEach(() => {
  fake = fakeVendor();
  current.provider = fake.provider;
});
afterEach(() => {
  current.provider = undefined;
});

async function run(args: readonly string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  const io = testIo(options.env ?? ENV, { signal: options.signal });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const parse = <T>(text: string): T => JSON.parse(text) as T;

describe('a start whose answer was lost (outcome unknown)', () => {
  it('says the work may have started, not to just retry, and prints the exact command that finds and waits for it', async () => {
    fake.fates.push('lost');
    const failed = await run(['backups', 'create', '104', '--request-timeout-ms', '1']);
    expect(failed.code, failed.err).toBe(12);
    expect(failed.err).toContain('Error (TimeoutError)');
    expect(failed.err).toContain('The backup may have started: onapp may have received the request');
    expect(failed.err).toContain('Do not just run the command again');
    // Run again as it was, it would time out again: the request timeout is named.
    expect(failed.err).toContain(
      'Each request may take at most 1 ms here (--request-timeout-ms, OMNIHOST_TIMEOUT_MS): give the vendor longer',
    );
    expect(fake.executions).toHaveLength(1);

    const command = suggested(failed.err, 'operations reconcile');
    expect(command, failed.err).toBeDefined();
    expect(command).toContain('--wait');
    // The request timeout that lost the answer is not carried into the command that finds the work.
    expect(command).not.toContain('--request-timeout-ms');
    const intent = startIntentSchema.parse(JSON.parse(command![command!.indexOf('reconcile') + 1]!));
    expect(intent).toMatchObject({ vendor: 'onapp', kind: 'backups.create', siteId: '104' });

    const found = await run(command!);
    expect(found.code, found.err).toBe(0);
    expect(found.out).toContain('b-29'); // the backup the lost start made, waited for
    expect(found.err).toContain('Found task 29, matched by the idempotency key onapp kept');
    expect(fake.executions).toHaveLength(1); // found, never repeated
  });

  it('repeats the connection flags it was given in the command, never a secret', async () => {
    fake.fates.push('lost');
    const secret = 'flag-api-key-0123456789';
    const failed = await run(
      ['--base-url', 'https://panel.example.test', '--api-key', secret, '--timeout-ms', '1', 'deploy', '104'].concat([
        '--ref',
        'tags/2.4.0',
        '--yes',
      ]),
    );
    expect(failed.code, failed.err).toBe(12);
    expect(failed.err).toContain('The deploy may have started');
    expect(failed.err).not.toContain(secret);
    const command = suggested(failed.err, 'operations reconcile')!;
    expect(command.slice(0, 2)).toEqual(['--base-url', 'https://panel.example.test']);
    expect(command).not.toContain('--timeout-ms');
    expect(failed.err).toContain('the credentials this command was given: --api-key');
  });

  it('scrubs a secret from the suggested command even when it sits in another flag', async () => {
    fake.fates.push('lost');
    const secret = 'flag-api-key-0123456789';
    const failed = await run([
      ...['--base-url', `https://panel.example.test/${secret}`, '--api-key', secret],
      ...['backups', 'create', '104'],
    ]);
    expect(failed.code, failed.err).toBe(12);
    expect(suggested(failed.err, 'operations reconcile')).toBeDefined();
    expect(failed.err).not.toContain(secret);
  });

  it('with --json: one line on stderr with outcome and intent, which operations reconcile reads back', async () => {
    fake.fates.push('lost');
    const failed = await run(['--json', 'backups', 'restore', '104', '7', '--idempotency-key', 'release-2.4.0']);
    expect(failed.code).toBe(12);
    expect(failed.err.trimEnd().split('\n')).toHaveLength(1);
    const report = parse<{ error: { outcome: string; intent: unknown }; exitCode: number }>(failed.err);
    expect(report.error.outcome).toBe('unknown');
    expect(startIntentSchema.parse(report.error.intent)).toMatchObject({
      kind: 'backups.restore',
      siteId: '104',
      backupId: '7',
      key: 'release-2.4.0',
    });

    // A script hands the error report back as it is.
    const dir = await mkdtemp(join(tmpdir(), 'omnihost-i15-'));
    await writeFile(join(dir, 'error.json'), failed.err);
    const found = await run(['--json', 'operations', 'reconcile', '--intent-file', join(dir, 'error.json')]);
    expect(found.code, found.err).toBe(0);
    const answer = parse<{ started: boolean; match: string; operation: unknown; task: { id: string } }>(found.out);
    expect(answer).toMatchObject({ started: true, match: 'heuristic', task: { id: '29' } });
    expect(operationJsonSchema.parse(answer.operation)).toMatchObject({ taskId: '29', key: 'release-2.4.0' });
  });

  it('a long intent goes through a file: the command reads --intent-file', async () => {
    fake.fates.push('lost');
    const label = 'x'.repeat(400);
    const failed = await run(['backups', 'create', '104', '--label', label]);
    expect(failed.code).toBe(12);
    expect(failed.err).toContain('(save this line as intent.json:)');
    const lines = failed.err.split('\n').map((line) => line.trim());
    const json = lines[lines.indexOf('(save this line as intent.json:)') + 1]!;
    expect(startIntentSchema.parse(JSON.parse(json)).label).toBe(label);
    const command = suggested(failed.err, 'operations reconcile')!;
    expect(command).toEqual(['operations', 'reconcile', '--intent-file', 'intent.json', '--wait']);
  });
});

describe('a call whose outcome is unknown and that kept no intent', () => {
  it('still says the work may have been done, and to check before running it again', async () => {
    const create = fake.provider.backups.create;
    fake.provider.backups.create = async () => {
      throw new ServerError('onapp answered 502', { vendor: 'onapp', status: 502, outcome: 'unknown' });
    };
    try {
      const failed = await run(['backups', 'create', '104']);
      expect(failed.code).toBe(10);
      expect(failed.err).toContain('onapp may have received the request before its answer was lost, and done the work');
      expect(failed.err).toContain('Check before running the command again');
      expect(suggested(failed.err, 'operations reconcile')).toBeUndefined();
    } finally {
      fake.provider.backups.create = create;
    }
  });
});

describe('a start that never reached the vendor (not-started)', () => {
  it('says running it again is safe; reconcile of its intent says nothing started, exit 16', async () => {
    fake.fates.push('refused');
    const failed = await run(['backups', 'create', '104']);
    expect(failed.code).toBe(11);
    expect(failed.err).toContain('Nothing was started at onapp: running the command again cannot do the work twice.');
    expect(failed.err).not.toContain('may have started');

    fake.fates.push('refused');
    const again = await run(['--json', 'backups', 'create', '104']);
    const { error } = parse<{ error: { outcome: string; intent: unknown } }>(again.err);
    expect(error.outcome).toBe('not-started');

    const none = await run(['operations', 'reconcile', JSON.stringify(error.intent)]);
    expect(none.code).toBe(16);
    expect(none.out).toContain('Nothing was started');
    const noneJson = await run(['--json', 'operations', 'reconcile', JSON.stringify(error.intent), '--wait']);
    expect(noneJson.code).toBe(16);
    expect(parse<{ started: boolean }>(noneJson.out).started).toBe(false);
  });
});

describe('--idempotency-key', () => {
  it('reaches every start command as idempotencyKey', async () => {
    for (const args of [
      ['backups', 'create', '104', '--idempotency-key', 'k-create'],
      ['backups', 'restore', '104', '7', '--idempotency-key', 'k-restore'],
      ['backups', 'delete', '104', '7', '--idempotency-key', 'k-delete'],
      ['deploy', '104', '--ref', 'tags/2.4.0', '--yes', '--idempotency-key', 'k-deploy'],
    ]) {
      const result = await run(args);
      expect(result.code, result.err).toBe(0);
    }
    expect(fake.keys).toEqual(['k-create', 'k-restore', 'k-delete', 'k-deploy']);
    expect(fake.executions).toEqual(['k-create', 'k-restore', 'k-delete', 'k-deploy']);
  });

  it('a key of the wrong form is refused before anything is sent (ValidationError, exit 7)', async () => {
    const result = await run(['backups', 'create', '104', '--idempotency-key', 'has spaces']);
    expect(result.code).toBe(7);
    expect(result.err).toContain('idempotencyKey');
    expect(fake.executions).toHaveLength(0);
  });
});

describe('waits that end before their task', () => {
  it('Ctrl-C during --wait names the task and prints the command that resumes it; that command finishes it', async () => {
    fake.pollsToFinish = Number.POSITIVE_INFINITY;
    const interrupt = new AbortController();
    const io = testIo(ENV, { signal: interrupt.signal });
    const running = runCli(['backups', 'create', '104', '--wait'], io);
    await vi.waitFor(() => expect(io.err()).toContain('running'));
    interrupt.abort();
    expect(await running).toBe(130);
    const err = io.err();
    expect(err).toContain('Interrupted (AbortError)');
    expect(err).toContain('Task 29 goes on at onapp: only the wait stopped');
    expect(suggested(err, 'tasks wait')).toEqual(['tasks', 'wait', '29']);
    const resume = suggested(err, 'operations resume')!;
    expect(resume).toContain('--wait');

    fake.pollsToFinish = 2;
    const finished = await run(resume);
    expect(finished.code, finished.err).toBe(0);
    expect(finished.out).toContain('b-29');
    expect(fake.executions).toHaveLength(1);
  });

  it('with --json the interrupted wait reports taskId and the operation to resume, which resume reads back', async () => {
    fake.pollsToFinish = Number.POSITIVE_INFINITY;
    const interrupt = new AbortController();
    const io = testIo(ENV, { signal: interrupt.signal });
    const running = runCli(['--json', 'deploy', '104', '--ref', 'tags/2.4.0', '--yes', '--wait'], io);
    await vi.waitFor(() => expect(fake.executions).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    interrupt.abort();
    expect(await running).toBe(130);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    const report = parse<{ error: { name: string; taskId: string; resume: unknown }; exitCode: number }>(io.err());
    expect(report).toMatchObject({ error: { name: 'AbortError', taskId: '29' }, exitCode: 130 });
    expect(operationJsonSchema.parse(report.error.resume)).toMatchObject({ kind: 'deploys.deploy', taskId: '29' });

    fake.pollsToFinish = 1;
    const dir = await mkdtemp(join(tmpdir(), 'omnihost-i15-'));
    await writeFile(join(dir, 'error.json'), io.err());
    const resumed = await run([
      '--json',
      'operations',
      'resume',
      '--operation-file',
      join(dir, 'error.json'),
      '--wait',
    ]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(parse<{ siteId: string; state: string }>(resumed.out)).toMatchObject({ siteId: '104', state: 'succeeded' });
  });

  it('the wait deadline (exit 12) says the task goes on and how to resume', async () => {
    fake.pollsToFinish = Number.POSITIVE_INFINITY;
    const result = await run(['backups', 'delete', '104', '7', '--wait', '--wait-timeout', '0.2']);
    expect(result.code).toBe(12);
    expect(result.err).toContain('Task 29 goes on at onapp');
    expect(suggested(result.err, 'operations resume')).toBeDefined();
    const json = await run(['--json', 'backups', 'delete', '104', '7', '--wait', '--wait-timeout', '0.2']);
    expect(parse<{ error: { taskId: string; resume: { taskId: string } } }>(json.err).error).toMatchObject({
      taskId: '30',
      resume: { taskId: '30' },
    });
    // The commands it suggests reach the same account: the connection flags given, never a secret.
    const flagged = await run([
      ...['--base-url', 'https://panel.example.test', '--api-key', 'flag-api-key-0123456789'],
      ...['backups', 'delete', '104', '7', '--wait', '--wait-timeout', '0.2'],
    ]);
    expect(flagged.code).toBe(12);
    expect(flagged.err).toContain('`omnihost --base-url https://panel.example.test tasks cancel 31`');
    expect(suggested(flagged.err, 'tasks wait')).toEqual([
      '--base-url',
      'https://panel.example.test',
      'tasks',
      'wait',
      '31',
    ]);
    expect(flagged.err).toContain('the credentials this command was given: --api-key');
    expect(flagged.err).not.toContain('flag-api-key-0123456789');
  });

  it('Ctrl-C during tasks wait names the task and tasks wait resumes it', async () => {
    fake.pollsToFinish = Number.POSITIVE_INFINITY;
    expect((await run(['backups', 'create', '104'])).code).toBe(0);
    const interrupt = new AbortController();
    const io = testIo(ENV, { signal: interrupt.signal });
    const running = runCli(['tasks', 'wait', '29'], io);
    await vi.waitFor(() => expect(io.err()).toContain('task 29: running'));
    interrupt.abort();
    expect(await running).toBe(130);
    expect(suggested(io.err(), 'tasks wait')).toEqual(['tasks', 'wait', '29']);
    expect(io.err()).not.toContain('operations resume');
  });

  it('a task the vendor does not know is not called resumable', async () => {
    const result = await run(['tasks', 'wait', '404']);
    expect(result.code).toBe(6);
    expect(result.err).not.toContain('goes on');
  });
});

describe('--wait without a terminal', () => {
  it('writes the task id and every change of state on stderr; the result alone on stdout', async () => {
    const result = await run(['backups', 'create', '104', '--wait']);
    expect(result.code, result.err).toBe(0);
    expect(result.err.split('\n').filter(Boolean)).toEqual([
      'backup of 104 (task 29): queued (pending)',
      'backup of 104 (task 29): running',
      'backup of 104 (task 29): succeeded (complete)',
      'backup of 104 (task 29): done',
    ]);
    expect(result.out).toContain('b-29');
    expect(result.out).not.toContain('task 29');
  });

  it('with --json stderr stays empty (it holds at most the one JSON line of an error)', async () => {
    const result = await run(['--json', 'backups', 'create', '104', '--wait']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
    expect(parse<{ id: string }>(result.out).id).toBe('b-29');
  });
});

describe('operations reconcile|resume input', () => {
  it('refuses what is not an intent or an operation, saying what is wrong (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['operations', 'reconcile'], /give the intent as JSON, or a file with --intent-file/],
      [['operations', 'reconcile', '{nope'], /the intent is not JSON/],
      [['operations', 'reconcile', '{"vendor":"onapp","kind":"backups.create"}'], /not a valid intent: key: /],
      [['operations', 'reconcile', '{}', '--intent-file', 'x.json'], /not both/],
      [['operations', 'resume', '--operation-file', '/nonexistent/op.json'], /cannot read --operation-file .*ENOENT/],
      [['operations', 'resume', '{"vendor":"onapp"}'], /not a valid operation: kind: /],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
    }
  });

  it('takes the vendor from the JSON, and refuses a connection to another vendor (exit 3)', async () => {
    fake.fates.push('lost');
    const failed = await run(['--json', 'backups', 'create', '104']);
    const { intent } = parse<{ error: { intent: unknown } }>(failed.err).error;
    const { OMNIHOST_VENDOR: _vendor, ...withoutVendor } = ENV;
    const found = await run(['operations', 'reconcile', JSON.stringify(intent)], { env: withoutVendor });
    expect(found.code, found.err).toBe(0);
    const other = await run(['--vendor', 'cloud66', 'operations', 'reconcile', JSON.stringify(intent)]);
    expect(other.code).toBe(3);
    expect(other.err).toContain('This is a onapp start, but the CLI is set to cloud66');
  });

  it('reconcile without --wait prints the task and the command that waits for its result', async () => {
    fake.fates.push('lost');
    const failed = await run(['--json', 'deploy', '104', '--ref', 'tags/2.4.0', '--yes']);
    const { intent } = parse<{ error: { intent: unknown } }>(failed.err).error;
    const found = await run(['operations', 'reconcile', JSON.stringify(intent)]);
    expect(found.code, found.err).toBe(0);
    expect(found.out).toContain('29');
    expect(found.err).toContain('matched by site, action and time');
    const resume = suggested(found.err, 'operations resume')!;
    expect(resume.at(-1)).toBe('--wait');
    const finished = await run(resume);
    expect(finished.code, finished.err).toBe(0);
  });
});
