/**
 * The codec core's transport uses: JSON mode unwraps Rails' record wrappers the way XML drops its root,
 * and the format is picked by Content-Type.
 */
import { ResponseValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppCodec, unwrapRailsJson } from '../../src/index.js';

describe('onapp JSON codec: Rails wrappers', () => {
  it('unwraps objects, lists of wrapped objects and nested record arrays', () => {
    expect(unwrapRailsJson({ virtual_machine: { id: 1, ip_addresses: [{ ip_address: { id: 2 } }] } })).toEqual({
      id: 1,
      ip_addresses: [{ id: 2 }],
    });
    expect(unwrapRailsJson([{ transaction: { id: 1 } }, { transaction: { id: 2 } }])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(unwrapRailsJson({ errors: ['x'] })).toEqual({ errors: ['x'] });
    expect(unwrapRailsJson({ version: '6.7' })).toEqual({ version: '6.7' });
    // Scalars in arrays and arrays named otherwise are left alone.
    expect(unwrapRailsJson({ server: { preferred_hvs: [5, 4], other: [{ thing: { id: 1 } }] } })).toEqual({
      preferred_hvs: [5, 4],
      other: [{ thing: { id: 1 } }],
    });
  });

  it('refuses a body nested deeper than the walk allows, as a typed error', () => {
    let deep: unknown = { leaf: 1 };
    for (let depth = 0; depth < 200; depth += 1) deep = { [`level${depth % 3}`]: deep, other: 1 };
    expect(() => unwrapRailsJson(deep)).toThrow(ResponseValidationError);
  });
});

describe('onapp codec: format by Content-Type', () => {
  it('reads a JSON error even in XML mode, and XML in JSON mode', () => {
    expect(createOnAppCodec('xml').decode('{"errors":["No"]}', 'application/json; charset=utf-8')).toEqual({
      errors: ['No'],
    });
    expect(createOnAppCodec('json').decode('<errors><error>No</error></errors>', 'application/xml')).toEqual({
      error: 'No',
    });
  });

  it('sends and accepts the media type of its format', () => {
    expect(createOnAppCodec('xml')).toMatchObject({ accept: 'application/xml', contentType: 'application/xml' });
    expect(createOnAppCodec('json')).toMatchObject({ accept: 'application/json', contentType: 'application/json' });
  });
});
