/**
 * The transaction finder: which row a call created (the pure choice among rows), and, over HTTP in both
 * formats, concurrent actions on one server each finding their own transaction.
 */
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/index.js';
import { anchorsOf, chainFrom, pick, rowsAboveMark, rowsSince } from '../../src/services/transaction-finder.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

describe('transaction finder: choosing the row a call created', () => {
  const row = (fields: Partial<Transaction> & { id: number; action: string }): Transaction =>
    ({
      status: 'pending',
      parent_type: 'VirtualMachine',
      parent_id: 7,
      associated_object_type: 'VirtualMachine',
      associated_object_id: 7,
      dependent_transaction_id: null,
      ...fields,
    }) as Transaction;

  it('takes the lowest matching id above the mark, never one at or below it', () => {
    const rows = [
      row({ id: 12, action: 'reboot_virtual_machine' }),
      row({ id: 11, action: 'startup_virtual_machine' }),
      row({ id: 10, action: 'startup_virtual_machine' }),
      row({ id: 9, action: 'startup_virtual_machine', status: 'complete' }),
    ];
    expect(pick(rows, 7, 9, { actions: ['startup_virtual_machine'] })?.id).toBe(10);
    expect(pick(rows, 7, 11, { actions: ['startup_virtual_machine'] })).toBeUndefined();
  });

  it('follows a chain to its last step and skips rows naming another server', () => {
    const rows = [
      row({ id: 24, action: 'startup_virtual_machine', dependent_transaction_id: 23 }),
      row({ id: 23, action: 'configure_operating_system', dependent_transaction_id: 22 }),
      row({ id: 22, action: 'build_disk', parent_type: 'Disk', parent_id: 70, dependent_transaction_id: 21 }),
      row({ id: 21, action: 'stop_virtual_machine' }),
      row({ id: 20, action: 'stop_virtual_machine', associated_object_id: 8, parent_id: 8 }),
    ];
    const expectation = { actions: ['stop_virtual_machine', 'build_disk'], chain: true };
    expect(pick(rows, 7, 19, expectation)?.id).toBe(24);
    // Without chain-following, the first step; a row that waits on a fresh row is never an anchor.
    expect(pick(rows, 7, 19, { actions: ['build_disk'] })).toBeUndefined();
    expect(pick(rows, 7, 19, { actions: ['stop_virtual_machine'] })?.id).toBe(21);
  });

  it('lists every chain above the mark with its steps, for a reconcile to choose among (issue 15)', () => {
    const rows = [
      row({ id: 44, action: 'startup_virtual_machine', dependent_transaction_id: 43 }),
      row({ id: 43, action: 'configure_operating_system', dependent_transaction_id: 41 }),
      row({ id: 42, action: 'stop_virtual_machine' }),
      row({ id: 41, action: 'build_disk', parent_type: 'Disk', parent_id: 70 }),
      row({ id: 40, action: 'build_disk', parent_type: 'Disk', parent_id: 70 }),
    ];
    const expectation = { actions: ['stop_virtual_machine', 'build_disk'], chain: true };
    const anchors = anchorsOf(rows, 7, 40, expectation);
    expect(anchors.map((anchor) => anchor.id)).toEqual([41, 42]);
    expect(chainFrom(rows, 7, 40, anchors[0] as Transaction).map((step) => step.id)).toEqual([41, 43, 44]);
    expect(chainFrom(rows, 7, 40, anchors[1] as Transaction).map((step) => step.id)).toEqual([42]);
  });

  it('matches a named parent exactly', () => {
    const rows = [
      row({ id: 31, action: 'take_backup', parent_type: 'Backup', parent_id: 501 }),
      row({ id: 30, action: 'take_backup', parent_type: 'Backup', parent_id: 500 }),
    ];
    expect(pick(rows, 7, 0, { actions: ['take_backup'], parent: { type: 'Backup', id: 501 } })?.id).toBe(31);
    expect(pick(rows, 7, 0, { actions: ['take_backup'], parent: { type: 'Backup', id: 502 } })).toBeUndefined();
  });
});

describe.each(['xml', 'json'] as const)('onapp transaction finder over %s', (format) => {
  const panel = useSimulatedPanel(format);

  it('concurrent actions on one server each find their own transaction, never an older one', async () => {
    const { provider, sim } = panel;
    const site = panel.named('shop-dev-01');
    const mark = sim.lastTransactionId();
    const templates = await provider.raw.templates.list();
    const refs = ['tags/2.3.0', 'tags/2.4.0', 'main'];
    const labels = ['concurrent-a', 'concurrent-b', 'concurrent-c'];
    const [deploys, backups] = await Promise.all([
      Promise.all(refs.map((ref) => provider.deploys.deploy(site.id, { ref }))),
      Promise.all(labels.map((label) => provider.backups.create(site.id, { label }))),
    ]);
    const taskIds = [...deploys, ...backups].map((operation) => Number(operation.task.id));
    expect(new Set(taskIds).size).toBe(taskIds.length);
    for (const id of taskIds) expect(id).toBeGreaterThan(mark);
    // Each call's transaction was queued by that very call.
    const callIds = taskIds.map((id) => sim.transaction(id)?.callId);
    expect(new Set(callIds).size).toBe(taskIds.length);

    deploys.forEach((operation, index) => {
      // Walk the chain back to its build step: it must rebuild from this call's template.
      let step = sim.transaction(operation.task.id);
      while (step && step.action !== 'build_disk' && step.dependentId !== null)
        step = sim.transaction(step.dependentId);
      const template = templates.find((candidate) => candidate.label === refs[index]);
      expect(step?.params.template_id).toBe(template?.id);
    });
    const finished = await Promise.all(backups.map((operation) => operation.wait(FAST)));
    expect(finished.map((backup) => backup.label)).toEqual(labels);
    const rebuilt = await Promise.all(deploys.map((operation) => operation.wait(FAST)));
    expect(rebuilt.map((deployment) => deployment.ref)).toEqual(refs);
  });

  it('reading back says when a page limit cut it short, so a reconcile never takes "not read" for "absent"', async () => {
    const { provider, sim } = panel;
    const site = panel.named('blog-staging-01');
    const serverId = Number(site.id);
    const mark = sim.lastTransactionId();
    const since = Date.now() - 1_000;
    for (let index = 0; index < 55; index += 1) await provider.raw.virtualServers.startup(serverId);
    const cut = await rowsAboveMark(provider.raw, serverId, mark, undefined, 1);
    expect(cut).toMatchObject({ complete: false });
    expect(cut.rows).toHaveLength(50);
    const whole = await rowsAboveMark(provider.raw, serverId, mark, undefined, 2);
    expect(whole.complete).toBe(true);
    expect(whole.rows).toHaveLength(55);
    expect((await rowsSince(provider.raw, serverId, since, undefined, 1)).complete).toBe(false);
    expect((await rowsSince(provider.raw, serverId, since, undefined, 3)).complete).toBe(true);
  });

  it('never ran a mutation twice', () => {
    expect(panel.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(panel.sim.server.stats().handlerErrors).toBe(0);
  });
});
