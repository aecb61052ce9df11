/**
 * The flow of the seed article ("Using the Cloud 66 API to automate app management"): restart a Docker
 * stack's services with the `service_restart` stack action, then poll the async action by its id until
 * `finished_success` says how it went.
 */
import { collect, ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { actionTaskId } from '../../src/index.js';
import { DOCKER, FAST_WAIT, providerFor, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile({ taskDurationMs: 150 });
const provider = providerFor(sim);
const uid = sim.stackUid(DOCKER);

describe('service_restart → poll the async action', () => {
  it('through the typed client and the vocabulary waiter', async () => {
    const action = await provider.raw.actions.run(uid, { command: 'service_restart' });
    expect(action).toMatchObject({ action: 'service_restart', started_via: 'api', finished_at: null });
    expect(action.started_at).toEqual(expect.any(String));

    const done = await provider.tasks.wait(actionTaskId(uid, action.id), FAST_WAIT);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'service_restart', message: 'Completed successfully' });
    const polled = await provider.raw.actions.get(uid, action.id);
    expect(polled.finished_success).toBe(true);
    const listed = await collect(provider.raw.actions.list(uid), { limit: 5 });
    expect(listed[0]?.id).toBe(action.id);
  });

  it("as the article's curl does it: a form-encoded POST, then GET the action by its id (not resource_id)", async () => {
    const headers = { Authorization: `Bearer ${sim.config.token}` };
    const started = await fetch(`${sim.config.baseUrl}/stacks/${uid}/actions`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'command=service_restart',
    });
    expect(started.status).toBe(200);
    const { response } = (await started.json()) as { response: { id: number; resource_id: string } };
    // The article polls "the resource_id"; in every payload resource_id is the stack's numeric id
    // (resource_type "stack"), and the action is fetched by `id`.
    expect(response.resource_id).not.toBe(String(response.id));
    const byResourceId = await fetch(`${sim.config.baseUrl}/stacks/${uid}/actions/${response.resource_id}`, {
      headers,
    });
    expect(byResourceId.status).toBe(404);
    const task = await provider.tasks.wait(actionTaskId(uid, response.id), FAST_WAIT);
    expect(task.state).toBe('succeeded');
  });

  it('one service on one server, sending both parameter names the docs and the Go client use', async () => {
    const [server] = await collect(provider.raw.servers.list(uid), { limit: 1 });
    const action = await provider.raw.actions.run(uid, {
      command: 'service_restart',
      serviceName: 'web',
      serverUid: server?.uid,
    });
    expect((await provider.tasks.wait(actionTaskId(uid, action.id), FAST_WAIT)).state).toBe('succeeded');
    await expect(
      provider.raw.actions.run(uid, { command: 'service_restart', serviceName: 'nope' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('also when the action comes back without the envelope (the 2023+ docs example)', async () => {
    sim.setBareActionResponses(true);
    try {
      const action = await provider.raw.actions.run(uid, { command: 'service_restart' });
      expect((await provider.tasks.wait(actionTaskId(uid, action.id), FAST_WAIT)).state).toBe('succeeded');
    } finally {
      sim.setBareActionResponses(false);
    }
  });

  it('a classic stack has no services: a 400 ValidationError with the reason', async () => {
    const error = await provider.raw.actions
      .run(sim.stackUid(STAGING), { command: 'service_restart' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('Docker stacks only');
    expect(sim.server.stats().duplicateExecutions).toEqual([]);
  });
});
