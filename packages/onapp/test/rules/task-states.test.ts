/**
 * The one-place rules, on their own: transaction status → task state, server flags → site status, labels
 * → environment, error bodies in every shape and format → messages and field errors, the log tail, the
 * config check, and the transaction finder's choice among rows.
 */
import { ConfigurationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import {
  createOnAppCodec,
  environmentOfServer,
  logTail,
  parseOnAppConfig,
  parseOnAppErrorBody,
  rawServerStatus,
  siteStatusOf,
  TASK_STATE_TABLE,
  type Transaction,
  taskStateOf,
} from '../../src/index.js';
import { pick } from '../../src/services/transaction-finder.js';

describe('transaction status → task state', () => {
  it('maps every documented status, both spellings of cancelled, in any case', () => {
    expect(Object.keys(TASK_STATE_TABLE).sort()).toEqual([
      'canceled',
      'cancelled',
      'complete',
      'failed',
      'pending',
      'running',
    ]);
    expect(['pending', 'running', 'complete', 'failed', 'cancelled', 'canceled'].map(taskStateOf)).toEqual([
      'queued',
      'running',
      'succeeded',
      'failed',
      'cancelled',
      'cancelled',
    ]);
    expect(taskStateOf('Complete')).toBe('succeeded'); // the activity log capitalises
    expect(taskStateOf(' failed ')).toBe('failed');
  });

  it('never reads an unknown status as success', () => {
    for (const status of ['done', 'Warn', '', null, undefined, '__proto__', 'toString', 'constructor']) {
      expect(taskStateOf(status)).toBe('unknown');
    }
  });
});

describe('server flags → site status', () => {
  it('follows the table in order', () => {
    expect(siteStatusOf({ built: true, booted: true, locked: false })).toBe('active');
    expect(siteStatusOf({ built: true, booted: false, locked: false })).toBe('stopped');
    expect(siteStatusOf({ built: true, booted: true, locked: true })).toBe('busy');
    expect(siteStatusOf({ built: false, booted: false, locked: true })).toBe('provisioning');
    expect(siteStatusOf({ built: true, booted: true, suspended: true })).toBe('stopped');
    expect(siteStatusOf({})).toBe('unknown');
    expect(rawServerStatus({ built: true, booted: false, locked: false, suspended: false })).toBe(
      'built=true booted=false locked=false',
    );
    expect(rawServerStatus({})).toBe('unknown');
  });
});

describe('labels → environment', () => {
  it('reads the first stage word of the label, then the hostname; the config map wins', () => {
    expect(environmentOfServer({ id: 1, label: 'shop-prod-01' }, undefined)).toEqual({
      environment: 'prod',
      name: 'prod',
    });
    expect(environmentOfServer({ id: 1, label: 'Web (Live)' }, undefined).environment).toBe('prod');
    expect(
      environmentOfServer({ id: 1, label: 'latest-build', hostname: 'api.staging.example.com' }, undefined),
    ).toEqual({
      environment: 'staging',
      name: 'staging',
    });
    expect(environmentOfServer({ id: 1, label: 'worker' }, undefined)).toEqual({
      environment: 'other',
      name: undefined,
    });
    expect(environmentOfServer({ id: 7, identifier: 'abc', label: 'shop-prod' }, { abc: 'dev' }).environment).toBe(
      'dev',
    );
    expect(environmentOfServer({ id: 7, label: 'shop-prod' }, { '7': 'staging' }).environment).toBe('staging');
  });
});

describe('error bodies → messages', () => {
  const xml = createOnAppCodec('xml');
  const json = createOnAppCodec('json');

  it('reads the three shapes in both formats alike', () => {
    const cases: Array<[string, string, ReturnType<typeof parseOnAppErrorBody>]> = [
      [
        '<hash><error>Resource not found</error></hash>',
        '{"error":"Resource not found"}',
        { message: 'Resource not found', fieldErrors: { _: ['Resource not found'] } },
      ],
      [
        '<errors><error>First</error><error>Second</error></errors>',
        '{"errors":["First","Second"]}',
        { message: 'First; Second', fieldErrors: { _: ['First', 'Second'] } },
      ],
      [
        '<errors><label type="array"><label>can\'t be blank</label></label><base type="array"><base>Locked</base></base></errors>',
        '{"errors":{"label":["can\'t be blank"],"base":["Locked"]}}',
        { message: "label can't be blank; Locked", fieldErrors: { label: ["can't be blank"], _: ['Locked'] } },
      ],
    ];
    for (const [asXml, asJson, expected] of cases) {
      expect(parseOnAppErrorBody(xml.decode(asXml, 'application/xml'))).toEqual(expected);
      expect(parseOnAppErrorBody(json.decode(asJson, 'application/json'))).toEqual(expected);
    }
  });

  it('yields nothing for text or HTML (the transport summarises those), and bounds hostile bodies', () => {
    expect(parseOnAppErrorBody('<html><body>500</body></html>')).toEqual({});
    expect(parseOnAppErrorBody(undefined)).toEqual({});
    const flood = parseOnAppErrorBody({ errors: Array.from({ length: 500 }, () => 'x'.repeat(5000)) });
    expect(flood.fieldErrors?._).toHaveLength(20);
    expect(flood.fieldErrors?._?.every((message) => message.length === 300)).toBe(true);
  });
});

describe('log tail', () => {
  it('keeps the last lines and leads with the error line when it is further up', () => {
    const log = ["System Error ('undefined method')", ...Array.from({ length: 20 }, (_, i) => `backtrace ${i}`)].join(
      '\n',
    );
    const tail = logTail(log) ?? '';
    expect(tail.startsWith("System Error ('undefined method') | … | backtrace 14")).toBe(true);
    expect(tail.endsWith('backtrace 19')).toBe(true);
    expect(logTail('\n\n')).toBeUndefined();
  });
});

describe('config', () => {
  it('names missing fields, never values', () => {
    const error = (() => {
      try {
        parseOnAppConfig({ baseUrl: 'https://cp.example.net', email: 'ops@example.net', password: 'hunter2-secret' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
    expect((error as ConfigurationError).problems.join(' ')).toMatch(/email \+ apiKey/);
  });

  it('accepts login + password and the OnApp-only settings', () => {
    const parsed = parseOnAppConfig({
      baseUrl: 'https://cp.example.net',
      login: 'admin',
      password: 'pw',
      format: 'json',
      pageSize: 50,
      siteEnvironments: { '12': 'prod' },
    });
    expect(parsed).toMatchObject({ vendor: 'onapp', format: 'json', pageSize: 50 });
    expect(() =>
      parseOnAppConfig({ baseUrl: 'https://cp.example.net', login: 'a', password: 'b', pageSize: 0 }),
    ).toThrow(ConfigurationError);
  });
});

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

  it('matches a named parent exactly', () => {
    const rows = [
      row({ id: 31, action: 'take_backup', parent_type: 'Backup', parent_id: 501 }),
      row({ id: 30, action: 'take_backup', parent_type: 'Backup', parent_id: 500 }),
    ];
    expect(pick(rows, 7, 0, { actions: ['take_backup'], parent: { type: 'Backup', id: 501 } })?.id).toBe(31);
    expect(pick(rows, 7, 0, { actions: ['take_backup'], parent: { type: 'Backup', id: 502 } })).toBeUndefined();
  });
});
