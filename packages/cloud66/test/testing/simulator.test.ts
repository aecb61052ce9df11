/**
 * The simulator at the wire level: its answers have the structure of the real payloads, `.json` is
 * optional, paging and envelopes look like Cloud 66's, mutations are counted, links expire.
 */
import { readFileSync } from 'node:fs';
import { collect } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../../test/support/shared-reference.js';
import { createCloud66Provider, fixCloud66SignedUrl } from '../../src/index.js';
import { type Cloud66Simulator, startCloud66Simulator } from '../../src/testing/index.js';
import { DOCKER, PROD, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile({ taskDurationMs: 100 });

/** A raw call to the simulator, as curl would make it. */
async function call(
  target: Cloud66Simulator,
  method: string,
  path: string,
  body?: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${target.config.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${target.config.token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

const item = (json: Record<string, unknown>): unknown => {
  const response = json.response;
  return Array.isArray(response) ? response[0] : response;
};

/** Every field of the real payload is in the simulated one, with the same JSON type where both are set. */
function expectSameShape(real: unknown, simulated: unknown, where: string): void {
  if (real === null || simulated === null || real === undefined) return;
  if (Array.isArray(real)) {
    expect(Array.isArray(simulated), `${where} is an array`).toBe(true);
    if (real.length > 0 && (simulated as unknown[]).length > 0) {
      expectSameShape(real[0], (simulated as unknown[])[0], `${where}[0]`);
    }
    return;
  }
  expect(typeof simulated, `${where} type`).toBe(typeof real);
  if (typeof real !== 'object') return;
  for (const [key, value] of Object.entries(real as Record<string, unknown>)) {
    expect(simulated as object, `${where}.${key}`).toHaveProperty(key);
    expectSameShape(value, (simulated as Record<string, unknown>)[key], `${where}.${key}`);
  }
}

describeWithShared('cloud66 simulator answers have the real payloads’ structure', () => {
  const real = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(sharedPath('specs', 'cloud66', file), 'utf8')) as Record<string, unknown>;
  const prod = sim.stackUid(PROD);
  const docker = sim.stackUid(DOCKER);

  it('stacks, servers, services, containers, SSL certificates, accounts', async () => {
    const [server] = (await call(sim, 'GET', `/stacks/${prod}/servers.json`)).json.response as { uid: string }[];
    const pairs: [string, string][] = [
      ['stacks_list.json', '/stacks.json'],
      ['stack_get.json', `/stacks/${prod}.json`],
      ['servers_list.json', `/stacks/${prod}/servers.json`],
      ['server_get.json', `/stacks/${prod}/servers/${server?.uid}.json`],
      ['services_list.json', `/stacks/${docker}/services.json`],
      ['service_get.json', `/stacks/${docker}/services/web.json`],
      ['containers_list.json', `/stacks/${docker}/containers.json`],
      ['ssl_certificates_list.json', `/stacks/${prod}/ssl_certificates.json`],
      ['accounts_list.cx-mock.json', '/accounts.json'],
    ];
    for (const [file, path] of pairs) {
      const answer = await call(sim, 'GET', path);
      expect(answer.status, path).toBe(200);
      expectSameShape(real(file), answer.json, file);
    }
  });

  it('deployments, actions, and the answers of redeploy, run and cancel', async () => {
    const slow = await startCloud66Simulator({ taskDurationMs: 60_000 });
    try {
      const uid = slow.stackUid(STAGING);
      const redeploy = await call(slow, 'POST', `/stacks/${uid}/deployments.json`, { user_reference: 'my-useful-id' });
      expectSameShape(real('deployment_create_redeploy.json'), redeploy.json, 'redeploy');
      const list = await call(slow, 'GET', `/stacks/${uid}/deployments.json`);
      expectSameShape(real('deployments_list.json'), list.json, 'deployments');
      const id = (item(list.json) as { id: number }).id;
      expectSameShape(
        real('deployment_get.json'),
        (await call(slow, 'GET', `/stacks/${uid}/deployments/${id}.json`)).json,
        'deployment',
      );
      expectSameShape(
        real('deployment_cancel.json'),
        (await call(slow, 'DELETE', `/stacks/${uid}/deployments/${id}.json`)).json,
        'cancel',
      );

      const run = await call(slow, 'POST', `/stacks/${uid}/actions.json`, { command: 'clear_caches' });
      expectSameShape(real('stack_action_run.json'), run.json, 'action run');
      const finished = (redeploy.json.response as { async_action_id: number }).async_action_id;
      expectSameShape(
        real('stack_action_get.json'),
        (await call(slow, 'GET', `/stacks/${uid}/actions/${finished}.json`)).json,
        'action',
      );
      const actions = await call(slow, 'GET', `/stacks/${uid}/actions.json?user_reference=my-useful-id`);
      expect(actions.json.response).toHaveLength(1);
      expectSameShape(real('stack_actions_list.json'), actions.json, 'actions');
      const reboot = await call(slow, 'POST', `/stacks/${uid}/reboot_servers.json`, { strategy: 'serial' });
      expectSameShape(real('stack_reboot_servers.json'), reboot.json, 'reboot_servers');
    } finally {
      await slow.close();
    }
  });

  it('backups, their files and links, and the schedule and import answers', async () => {
    const list = await call(sim, 'GET', `/stacks/${prod}/backups.json`);
    expectSameShape(real('backups_list.json'), list.json, 'backups');
    const id = (item(list.json) as { id: number }).id;
    expectSameShape(
      real('backup_get.json'),
      (await call(sim, 'GET', `/stacks/${prod}/backups/${id}.json`)).json,
      'backup',
    );
    const files = await call(sim, 'GET', `/stacks/${prod}/backups/${id}/files.json`);
    expectSameShape(real('backup_files_list.json'), files.json, 'files');
    const link = await call(sim, 'GET', `/stacks/${prod}/backups/${id}/files/tar.json`);
    expectSameShape(real('backup_file_get.json'), link.json, 'file link');
    const schedule = await call(sim, 'POST', `/stacks/${prod}/backups.json`, {
      db_type: 'all',
      frequency: '0 2 * * *',
    });
    expectSameShape(real('backup_create_task.json'), schedule.json, 'schedule');
    const imported = await call(sim, 'POST', `/stacks/${prod}/backups.json`, {
      group: 1,
      db_type: 'postgresql',
      remote_url: 'https://example.com/dump.tar',
    });
    expectSameShape(real('backup_import.json'), imported.json, 'import');
  });

  it('servers, services and environment variables that start actions', async () => {
    const [server] = (await call(sim, 'GET', `/stacks/${prod}/servers.json`)).json.response as { uid: string }[];
    const reboot = await call(sim, 'POST', `/stacks/${prod}/servers/${server?.uid}/reboot_server.json`);
    expectSameShape(real('server_reboot.json'), reboot.json, 'server reboot');
    const scale = await call(sim, 'POST', `/stacks/${docker}/services.json`, {
      service_name: 'web',
      server_group_count: { docker: 2 },
    });
    expectSameShape(real('service_scale.json'), scale.json, 'scale');
    expectSameShape(
      real('service_stop.json'),
      (await call(sim, 'DELETE', `/stacks/${docker}/services/worker.json`)).json,
      'stop',
    );

    const created = await call(sim, 'POST', `/stacks/${prod}/environments.json`, { key: 'FEATURE_X', value: 'on' });
    expectSameShape(real('env_var_create.json'), created.json, 'env create');
    const updated = await call(sim, 'PUT', `/stacks/${prod}/environments/FEATURE_X.json`, { value: 'off' });
    expectSameShape(real('env_var_update.json'), updated.json, 'env update');
    const variables = await call(sim, 'GET', `/stacks/${prod}/environments.json`);
    const changed = (variables.json.response as { key: string; id: number; history: unknown[] }[]).find(
      (variable) => variable.key === 'FEATURE_X',
    );
    expect(changed?.history).toHaveLength(1);
    expectSameShape(real('env_vars_list.json'), { ...variables.json, response: [changed] }, 'env vars');
    expectSameShape(
      real('env_var_get.json'),
      (await call(sim, 'GET', `/stacks/${prod}/environments/${changed?.id}.json`)).json,
      'env var',
    );
    const deleted = await call(sim, 'DELETE', `/stacks/${prod}/environments/FEATURE_X.json`);
    expect(deleted).toMatchObject({ status: 200, json: {} });
  });
});

describe('cloud66 simulator wire format', () => {
  it('serves every path with and without .json', async () => {
    const withSuffix = await call(sim, 'GET', `/stacks/${sim.stackUid(PROD)}.json`);
    const without = await call(sim, 'GET', `/stacks/${sim.stackUid(PROD)}`);
    expect(without.json).toEqual(withSuffix.json);
  });

  it('squeezes repeated slashes and drops a trailing one, as nginx and Rails do (the Go client’s `files//tar.json`)', async () => {
    const uid = sim.stackUid(PROD);
    // backups.go GetBackupSegment: "/stacks/" + uid + "/backups/" + id + "/files/" + "/" + ext + ".json".
    const segment = await call(sim, 'GET', `/stacks/${uid}/backups/1/files//tar.json`);
    expect(segment.status).toBe(200);
    expect(segment.json).toMatchObject({ response: { ok: true, public_url: expect.stringContaining('/tar') } });
    const base = await call(sim, 'GET', `/stacks/${uid}/backups/1/files/tar.json`);
    expect(base.status).toBe(200);
    for (const path of [`//stacks//${uid}.json`, `/stacks/${uid}/`, `/stacks/${uid}.json/`]) {
      const answer = await call(sim, 'GET', path);
      expect(answer.status, path).toBe(200);
      expect((answer.json.response as { uid: string }).uid, path).toBe(uid);
    }
    // An encoded slash is not a separator: it stays inside the id and names no stack.
    expect((await call(sim, 'GET', `/stacks/${uid}%2F%2Fx.json`)).status).toBe(404);
  });

  it('backups carry file_name and logical_backup, which the Go client reads', async () => {
    const clock = manualClock();
    const fresh = await startCloud66Simulator({ clock, taskDurationMs: 1000 });
    try {
      const uid = fresh.stackUid(PROD);
      const backups = (await call(fresh, 'GET', `/stacks/${uid}/backups.json`)).json.response as Array<{
        id: number;
        database_name: string;
        backup_status: number;
        file_name: string | null;
        logical_backup: boolean | null;
      }>;
      expect(backups.length).toBeGreaterThan(0);
      for (const backup of backups) {
        // Segments extend the file name (`….tar`, `….tar-aa`); a failed backup wrote no file.
        expect(backup.file_name).toBe(backup.backup_status === 0 ? `${backup.database_name}.tar` : null);
        expect([true, false, null]).toContain(backup.logical_backup);
      }
      expect(backups.map((backup) => backup.logical_backup)).toEqual([true, true, null]);
      const files = (await call(fresh, 'GET', `/stacks/${uid}/backups/${backups[1]?.id}/files.json`)).json
        .response as Array<{ name: string }>;
      for (const file of files) expect(file.name.startsWith(backups[1]?.file_name ?? '?')).toBe(true);

      // A schedule asking for a physical copy (`logical_backup: false`, as `cx backups new` sends it).
      const schedule = await call(fresh, 'POST', `/stacks/${uid}/backups.json`, {
        db_type: 'all',
        frequency: '0 2 * * *',
        keep_count: null,
        gzip: null,
        logical_backup: false,
      });
      expect(schedule.status).toBe(200);
      clock.advance(1000);
      const withScheduled = (await call(fresh, 'GET', `/stacks/${uid}/backups.json`)).json.response as Array<{
        logical_backup: boolean | null;
      }>;
      expect(withScheduled).toContainEqual(expect.objectContaining({ logical_backup: false }));
      // The adapter reads both fields.
      const [first] = await collect(createCloud66Provider(fresh.config).raw.backups.list(uid), { limit: 1 });
      expect(first).toMatchObject({ file_name: expect.stringMatching(/\.tar$/), logical_backup: expect.any(Boolean) });
    } finally {
      await fresh.close();
    }
  });

  it('pages 30 at a time with previous/next/current, as the vendor sends them', async () => {
    const big = await startCloud66Simulator({ siteCount: 65 });
    try {
      const second = await call(big, 'GET', '/stacks.json?page=2');
      expect(second.json).toMatchObject({
        count: 30,
        pagination: { previous: 1, next: 3, current: 2, per_page: 30, count: 65, pages: 3 },
      });
      const last = await call(big, 'GET', '/stacks.json?page=3');
      expect(last.json).toMatchObject({ count: 5, pagination: { previous: 2, next: null, current: 3 } });
      const beyond = await call(big, 'GET', '/stacks.json?page=9');
      expect(beyond.json).toMatchObject({ response: [], pagination: { next: null } });
    } finally {
      await big.close();
    }
  });

  it.each(['previous', 'prev'] as const)('the provider pages to the end whether the back link is %s', async (field) => {
    const big = await startCloud66Simulator({ siteCount: 65, backLinkField: field });
    try {
      const second = await call(big, 'GET', '/stacks.json?page=2');
      expect((second.json.pagination as Record<string, unknown>)[field]).toBe(1);
      const sites = await collect(createCloud66Provider(big.config).sites.list(), { limit: 100 });
      expect(new Set(sites.map((site) => site.id)).size).toBe(65);
      expect(big.server.stats().byRoute['GET /api/3/stacks.json']).toBe(1 + 3);
    } finally {
      await big.close();
    }
  });

  it('answers errors in Cloud 66’s body, with a request id', async () => {
    const unknown = await call(sim, 'GET', '/nothing-here.json');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: 'not_found', error_description: expect.any(String) });
    expect(unknown.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const noToken = await fetch(`${sim.config.baseUrl}/stacks.json`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toContain('Bearer');
    const badBody = await fetch(`${sim.config.baseUrl}/stacks/${sim.stackUid(PROD)}/actions.json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.config.token}`, 'Content-Type': 'application/json' },
      body: '{"command":',
    });
    expect(badBody.status).toBe(400);
    expect((await call(sim, 'POST', `/stacks/${sim.stackUid(PROD)}/actions.json`, { command: 'dance' })).status).toBe(
      400,
    );
    expect((await call(sim, 'GET', '/ping.json')).json).toMatchObject({ response: { ok: true } });
  });

  it('counts every mutation by the call id, so a replayed one would show as a duplicate', async () => {
    const fresh = await startCloud66Simulator({ taskDurationMs: 50 });
    try {
      const uid = fresh.stackUid(STAGING);
      const headers = {
        Authorization: `Bearer ${fresh.config.token}`,
        'Content-Type': 'application/json',
        'X-Omnihost-Call-Id': 'call-1',
      };
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await fetch(`${fresh.config.baseUrl}/stacks/${uid}/actions.json`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ command: 'restart' }),
        });
      }
      expect(fresh.server.stats().executions.action).toBe(2);
      expect(fresh.server.stats().duplicateExecutions).toEqual(['action:call-1']);
    } finally {
      await fresh.close();
    }
  });

  it('signed download links expire after ten minutes', async () => {
    const clock = manualClock();
    const timed = await startCloud66Simulator({ clock });
    try {
      const uid = timed.stackUid(PROD);
      const link = await call(timed, 'GET', `/stacks/${uid}/backups/1/files/tar.json`);
      const url = fixCloud66SignedUrl((link.json.response as { public_url: string }).public_url).url;
      expect((await fetch(url)).status).toBe(200);
      clock.advance(11 * 60_000);
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Request has expired');
    } finally {
      await timed.close();
    }
  });
});

describe('cloud66 simulator task outcomes (core TaskOutcomePolicy)', () => {
  /** A simulator on a manual clock, and how the next deploy, action or scheduled backup run ends. */
  async function scripted() {
    const clock = manualClock();
    const target = await startCloud66Simulator({ clock, taskDurationMs: 1000 });
    const client = createCloud66Provider(target.config).raw;
    const uid = target.stackUid(PROD);
    const settle = async (uidOf: string, actionId: number | string) => {
      clock.advance(1000);
      return (await client.actions.get(uidOf, actionId)).finished_success;
    };
    return {
      target,
      deploy: async () => settle(uid, (await client.deployments.create(uid, { gitRef: 'main' })).async_action_id ?? 0),
      action: async () => settle(uid, (await client.actions.run(uid, { command: 'clear_caches' })).id),
      backup: async () => {
        await client.backups.schedule(uid, { dbType: 'all', frequency: '0 * * * *' });
        clock.advance(1000);
        const [newest] = await collect(client.backups.list(uid), { limit: 1 });
        return newest?.backup_status === 0;
      },
    };
  }

  it("failNextTasks(n, 'deploy') fails the next n deploys and nothing else", async () => {
    const { target, deploy, action, backup } = await scripted();
    try {
      target.failNextTasks(2, 'deploy');
      expect(await action()).toBe(true);
      expect(await backup()).toBe(true);
      expect([await deploy(), await deploy(), await deploy()]).toEqual([false, false, true]);
    } finally {
      await target.close();
    }
  });

  it("failNextTasks(n, 'any') fails the next n tasks of any kind, plain actions included; the default is one", async () => {
    const { target, deploy, action, backup } = await scripted();
    try {
      target.failNextTasks(2, 'any');
      expect([await action(), await backup(), await deploy()]).toEqual([false, false, true]);
      target.failNextTasks();
      expect([await deploy(), await action()]).toEqual([false, true]);
    } finally {
      await target.close();
    }
  });

  it('scripted failures are used in the order they were scripted, each by the first task it applies to', async () => {
    const { target, deploy, backup } = await scripted();
    try {
      target.failNextTasks(1, 'any');
      target.failNextTasks(1, 'deploy');
      // The deploy takes the 'any' failure, scripted first; the backup run then finds none that applies to it.
      expect([await deploy(), await backup(), await deploy(), await deploy()]).toEqual([false, true, false, true]);
    } finally {
      await target.close();
    }
  });

  it('the seeded failure rate fails the same tasks for the same seed, and must be a probability', async () => {
    const outcomes = async () => {
      const clock = manualClock();
      const target = await startCloud66Simulator({ clock, taskDurationMs: 1000, taskFailureRate: 0.5, seed: 9 });
      try {
        const client = createCloud66Provider(target.config).raw;
        const uid = target.stackUid(STAGING);
        const ids: number[] = [];
        for (let run = 0; run < 12; run += 1) ids.push((await client.actions.run(uid, { command: 'restart' })).id);
        clock.advance(1000);
        return await Promise.all(ids.map(async (id) => (await client.actions.get(uid, id)).finished_success));
      } finally {
        await target.close();
      }
    };
    const first = await outcomes();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await outcomes()).toEqual(first);
    await expect(startCloud66Simulator({ taskFailureRate: 2 })).rejects.toThrow(RangeError);
  });
});
