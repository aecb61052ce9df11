/**
 * Deploys = rebuilds from a template, end to end against the simulator over real HTTP, once per wire
 * format: by ref, id or label, an unknown ref, and a failed rebuild with the failed step's log.
 */
import { type Deployment, NotFoundError, TaskFailedError, ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat } from '../../src/index.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

describe.each(['xml', 'json'] as const)('onapp deploys over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('deploys by rebuilding from the template named by ref, and the server runs it afterwards', async () => {
    const { provider, sim } = panel;
    const site = panel.named('shop-staging-01');
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    const deployment: Deployment = await operation.wait(FAST);
    expect(deployment).toMatchObject({ siteId: site.id, ref: 'tags/2.4.0', state: 'succeeded', scope: 'site' });
    // The task is the chain's last step: the server is rebuilt and started when it ends.
    expect(sim.transaction(deployment.id)?.action).toBe('startup_virtual_machine');
    const after = await provider.sites.get(site.id);
    expect(after.status).toBe('active');
    expect((after.raw as { template_label: string }).template_label).toBe('tags/2.4.0');
  });

  it('deploys by template id and by label in any case; an unknown ref sends no rebuild', async () => {
    const { provider, sim } = panel;
    const site = panel.named('shop-worker-01');
    const templates = await provider.raw.templates.list();
    const debian = templates.find((template) => template.label === 'Debian 12 x64');
    const byId = await (await provider.deploys.deploy(site.id, { ref: String(debian?.id) })).wait(FAST);
    expect(byId.state).toBe('succeeded');
    const byLabel = await (await provider.deploys.deploy(site.id, { ref: 'ubuntu 22.04 X64' })).wait(FAST);
    expect(byLabel.state).toBe('succeeded');
    const builds = sim.server.stats().executions['virtual_machine.build'];
    await expect(provider.deploys.deploy(site.id, { ref: 'tags/9.9.9' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.deploys.deploy(site.id, { ref: ' ' })).rejects.toBeInstanceOf(ValidationError);
    expect(sim.server.stats().executions['virtual_machine.build']).toBe(builds);
  });

  it('a failed rebuild throws TaskFailedError carrying the failed step’s log tail', async () => {
    const { provider, sim } = panel;
    const site = panel.named('blog-staging-01');
    sim.failNextTasks(1, 'deploy');
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/broken' });
    const error = await operation.wait(FAST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    const task = (error as TaskFailedError).task;
    // The failing step is build_disk; OnApp cancels the steps after it, the last of which is the task.
    expect(task.state).toBe('cancelled');
    expect(task.message).toMatch(/^build_disk failed/);
    expect(task.message).toContain('Unexpected EOF in archive');
    expect((error as Error).message).toContain('Unexpected EOF in archive');
    expect((await provider.sites.get(site.id)).status).toBe('provisioning'); // left unbuilt, as a panel does
  });

  it('keeps no deploy message: the started task and the logger say so, and nothing else changes', async () => {
    const { sim } = panel;
    const warnings: string[] = [];
    const provider = createOnAppProvider({
      ...sim.configFor(format),
      logger: { warn: (line: string) => warnings.push(line) },
    });
    const site = panel.named('shop-staging-01');
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0', message: 'release 2.4.0' });
    expect(operation.task.warnings).toEqual(['message not kept: an OnApp rebuild keeps no message; it was not sent']);
    expect(warnings).toEqual([
      'omnihost: onapp deploys.deploy: message not kept: an OnApp rebuild keeps no message; it was not sent',
    ]);
    const deployment = await operation.wait(FAST);
    expect(deployment.state).toBe('succeeded');
    expect(deployment.message).toBeUndefined();
  });

  it('never ran a mutation twice', () => {
    expect(panel.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(panel.sim.server.stats().handlerErrors).toBe(0);
  });
});
