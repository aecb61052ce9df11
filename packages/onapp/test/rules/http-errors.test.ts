/**
 * OnApp's error rules on their own: the status table, and error bodies in every shape and both formats →
 * messages and field errors.
 */
import { DEFAULT_STATUS_TABLE } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppCodec, ONAPP_STATUS_TABLE, onAppErrorMapping, parseOnAppErrorBody } from '../../src/index.js';

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

describe('busy or locked → conflict (issue 13, "busy/locked")', () => {
  const json = createOnAppCodec('json');
  const xml = createOnAppCodec('xml');
  const read = (text: string, status: number) =>
    onAppErrorMapping.parseBody(json.decode(text, 'application/json'), { status, headers: {} });

  it('a 422 that says the target is locked or busy is a conflict, in every body shape and both formats', () => {
    for (const body of [
      '{"errors":["Backup is locked: it is being taken"]}',
      '{"errors":{"base":["Virtual server is locked"]}}',
      '{"error":"VM is busy"}',
      '{"errors":["Another transaction is already running on this virtual server"]}',
      '{"errors":["Virtual Server has pending transactions"]}',
    ]) {
      expect(read(body, 422).kind, body).toBe('conflict');
    }
    const fromXml = onAppErrorMapping.parseBody(
      xml.decode('<errors><error>Backup is locked: it is being deleted</error></errors>', 'application/xml'),
      { status: 422, headers: {} },
    );
    expect(fromXml).toMatchObject({ kind: 'conflict', message: 'Backup is locked: it is being deleted' });
  });

  it('leaves other refusals, other statuses and a bare call alone', () => {
    expect(read('{"errors":["Incremental backups are not enabled for this virtual server"]}', 422).kind).toBe(
      undefined,
    );
    expect(read('{"errors":["Backup is not locked"]}', 422).kind).toBe(undefined);
    expect(read('{"errors":{"label":["can\'t be blank"]}}', 422).kind).toBe(undefined);
    // Not found stays not found, a server error stays a server error, whatever the words.
    expect(read('{"errors":["Virtual server isn\'t online"]}', 404).kind).toBe(undefined);
    expect(read('{"errors":["Virtual server is locked"]}', 404).kind).toBe(undefined);
    expect(read('{"errors":["Virtual server is locked"]}', 500).kind).toBe(undefined);
    expect(parseOnAppErrorBody({ errors: ['Virtual server is locked'] }).kind).toBe(undefined);
  });
});

describe('HTTP status → error kind', () => {
  it("restates OnApp's documented codes on top of core's defaults, and the mapping reads the table", () => {
    expect(ONAPP_STATUS_TABLE).toMatchObject({
      401: 'authentication',
      403: 'permission',
      404: 'not-found',
      422: 'validation',
      500: 'server',
      503: 'server',
    });
    for (const status of Object.keys(DEFAULT_STATUS_TABLE)) expect(ONAPP_STATUS_TABLE).toHaveProperty(status);
    expect(onAppErrorMapping.statusTable).toBe(ONAPP_STATUS_TABLE);
    expect(onAppErrorMapping.parseBody({ error: 'Gone' }, { status: 410, headers: {} })).toEqual({
      message: 'Gone',
      fieldErrors: { _: ['Gone'] },
    });
  });
});
