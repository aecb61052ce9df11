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
