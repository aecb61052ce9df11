/**
 * Both list shapes Site Factory answers, `{count, <plural>}` and a bare array, with a property test for
 * "anything unexpected is reported, never a crash".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idValue } from '../../src/client/coerce.js';
import { listEnvelope } from '../../src/client/list-envelope.js';

describe('list envelopes', () => {
  const sites = listEnvelope(z.looseObject({ id: idValue }), ['sites']);

  it('reads bare arrays and {count, <plural>} with a numeric or string count', () => {
    expect(sites.parse([{ id: '1' }, { id: 2 }])).toEqual({ items: [{ id: 1 }, { id: 2 }], count: undefined });
    expect(sites.parse({ count: '407', sites: [{ id: 3 }], time: 'now' })).toEqual({ items: [{ id: 3 }], count: 407 });
    expect(sites.parse({ count: 0 })).toEqual({ items: [], count: 0 });
    expect(sites.parse({ sites: null })).toEqual({ items: [], count: undefined });
  });

  it('refuses a body with no list where one belongs, naming the key', () => {
    const result = sites.safeParse({ count: 2, site: [] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('expected an array under sites');
  });

  it('never throws on arbitrary JSON: it parses or reports issues', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = sites.safeParse(value);
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
    );
  });
});
