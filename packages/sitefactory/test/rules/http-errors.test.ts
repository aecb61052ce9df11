/**
 * Untrusted input: coercion of string-typed numbers, both list shapes, task-start bodies and error bodies,
 * with property tests for "anything unexpected is a typed error, never a crash", and the adapter's
 * handling of failures a factory reports with HTTP 200 or with a credential echoed back.
 */
import { AuthenticationError, PermissionError, ResponseValidationError, ValidationError } from '@omnihost/core';
import { SimRouter, startSimServer } from '@omnihost/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, dict, idValue, num, str } from '../../src/client/coerce.js';
import { listEnvelope } from '../../src/client/list-envelope.js';
import { createSiteFactoryProvider, siteFactoryErrorMapping, taskStartedSchema } from '../../src/index.js';

describe('coercion', () => {
  it('reads numbers sent as strings, and strings sent as numbers', () => {
    fc.assert(
      fc.property(fc.integer(), (value) => {
        expect(num.parse(String(value))).toBe(value);
        expect(num.parse(value)).toBe(value);
        expect(str.parse(value)).toBe(String(value));
      }),
    );
    expect(num.safeParse('16 tasks').success).toBe(false);
    expect(num.safeParse('').success).toBe(false);
    expect(idValue.safeParse('-3').success).toBe(false);
    expect(idValue.parse('191')).toBe(191);
  });

  it('reads PHP booleans and PHP’s empty map', () => {
    expect([true, false, 1, 0, '1', '0', 'true', 'false'].map((value) => bool.parse(value))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(bool.safeParse('yes').success).toBe(false);
    expect(dict(z.string()).parse([])).toEqual({});
    expect(dict(z.string()).parse({ 1: 'demo_01' })).toEqual({ 1: 'demo_01' });
    expect(dict(z.string()).safeParse(['demo_01']).success).toBe(false);
  });
});

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

describe('task starts and error bodies', () => {
  it('reads task_id, and the update doc’s task_is typo', () => {
    expect(taskStartedSchema.parse({ message: 'Update initiated.', task_id: 123 }).taskId).toBe('123');
    expect(taskStartedSchema.parse({ task_is: '456' }).taskId).toBe('456');
    expect(taskStartedSchema.safeParse({ message: 'Update initiated.' }).success).toBe(false);
  });

  it('reads any error body without throwing, and classifies the message prefixes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        expect(() => siteFactoryErrorMapping.parseBody(body, { status, headers: {} })).not.toThrow();
      }),
    );
    const kind = (message: string) => siteFactoryErrorMapping.parseBody({ message }, { status: 403, headers: {} }).kind;
    expect(kind('Access Denied')).toBe('authentication');
    expect(kind('Forbidden: no release engineer role')).toBe('permission');
    expect(kind('Unprocessible Entity: bad domain')).toBe('validation');
    expect(kind('Something else')).toBeUndefined();
  });
});

describe('failures a factory reports in odd ways', () => {
  const apiKey = 'k3y-that-must-not-leak-0123456789';
  let server: Awaited<ReturnType<typeof startSimServer>>;
  beforeAll(async () => {
    const router = new SimRouter()
      .get('/api/v1/sites/1', () => ({ status: 200, json: { message: 'Access denied' } }))
      .get('/api/v1/sites/2', () => ({ status: 200, json: { message: 'Forbidden: sites are hidden from you' } }))
      .get('/api/v1/sites/3', () => ({ status: 400, json: { message: `Bad Request: the key ${apiKey} is malformed` } }))
      .get('/api/v1/sites/4', () => ({ status: 200, json: { id: 'four', site: 7 } }));
    server = await startSimServer({
      name: 'odd-factory',
      router,
      responses: {
        notFound: () => ({ status: 404, body: '<html></html>' }),
        throttled: () => ({ status: 429, json: {} }),
        serverError: (status) => ({ status, json: {} }),
      },
    });
  });
  afterAll(() => server?.close());

  const provider = () =>
    createSiteFactoryProvider({
      baseUrl: server.url,
      username: 'ops',
      apiKey,
      allowInsecureHttp: true,
      rateLimit: false,
    });

  it('turns a 200 carrying "Access denied" or "Forbidden:" into the typed error (sf-sdk-ruby does the same)', async () => {
    await expect(provider().sites.get('1')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(provider().sites.get('2')).rejects.toBeInstanceOf(PermissionError);
  });

  it('never lets the API key into an error, even when the factory echoes it', async () => {
    const error = (await provider()
      .sites.get('3')
      .catch((caught: unknown) => caught)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const everything = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.fieldErrors)}`;
    expect(everything).not.toContain(apiKey);
    expect(everything).toContain('malformed');
  });

  it('turns a shape it cannot use into ResponseValidationError', async () => {
    const error = (await provider()
      .sites.get('4')
      .catch((caught: unknown) => caught)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.operation).toBe('sites.get');
  });
});
