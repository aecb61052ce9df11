/**
 * Leak scan: every vendor adapter, driven down every error path with known secrets as credentials —
 * including a vendor that echoes the request's credentials back in its error body — never shows a secret
 * in an error's message, stack, `util.inspect`, `JSON.stringify`, `cause` chain, or in logger output.
 */
import { collect, createProvider, type Provider } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger, renderingsOf } from '../../packages/core/test/helpers/leak-scan.js';
import {
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../support/scripted-server.js';
import { configFor, secretNeedles, VARIANTS } from '../support/vendor-configs.js';

/** An error body that quotes back whatever credentials the request carried. */
function echo(status: number, contentType = 'application/json'): (request: SeenRequest) => ScriptedAnswer {
  return (request) => {
    const credentials = `${request.headers.authorization ?? ''} ${request.url} ${request.body}`;
    const body = contentType.includes('json')
      ? JSON.stringify({
          error: 'echo',
          message: `rejected credentials ${credentials}`,
          error_description: credentials,
          errors: [credentials],
        })
      : contentType.includes('xml')
        ? `<?xml version="1.0"?><errors type="array"><error>${credentials}</error></errors>`
        : `<html><head><title>${credentials}</title></head><body>${credentials}</body></html>`;
    return { status, headers: { 'Content-Type': contentType, 'Retry-After': '0' }, body };
  };
}

const ERROR_PATHS: Array<[string, ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer)]> = [
  ['400 echoing credentials', echo(400)],
  ['401 echoing credentials', echo(401)],
  ['403 echoing credentials', echo(403)],
  ['404 echoing credentials', echo(404)],
  ['409 echoing credentials', echo(409)],
  ['422 echoing credentials', echo(422)],
  ['429 echoing credentials', echo(429)],
  ['500 HTML echoing credentials', echo(500, 'text/html')],
  ['502 XML echoing credentials', echo(502, 'application/xml')],
  ['503 echoing credentials', echo(503)],
  [
    '200 with a body that does not parse',
    { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"x":' },
  ],
  [
    '200 with the wrong shape',
    { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"unexpected":true}' },
  ],
  ['connection reset', { reset: true }],
  ['timeout', { delayMs: 400, status: 200, body: '{}' }],
];

describe.each(VARIANTS)('%s: no secret in any error or log line', (variant) => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(ERROR_PATHS)(`${variant}: %s`, async (_name, answer) => {
    const logger = recordingLogger();
    const provider = (await createProvider({
      ...configFor(variant, server.url, { timeoutMs: 200, retries: 1 }),
      logger,
    })) as Provider;
    server.answer(answer);
    const errors: unknown[] = [];
    for (const call of [
      () => collect(provider.sites.list(), { limit: 5 }),
      () => provider.sites.get('101'),
      () => provider.tasks.get('202'),
      async () => (await provider.backups.create('101')).wait({ timeoutMs: 2_000, minIntervalMs: 50 }),
      async () => (await provider.deploys.deploy('101', { ref: 'main' })).wait({ timeoutMs: 2_000, minIntervalMs: 50 }),
    ]) {
      errors.push(
        await call().then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
    }
    const thrown = errors.filter((error) => error !== undefined);
    expect(thrown.length).toBeGreaterThan(0);
    const texts = [...thrown.flatMap(renderingsOf), ...logger.lines];
    const leaked = secretNeedles().filter((needle) => texts.some((text) => text.includes(needle)));
    expect(
      leaked,
      `leaked in: ${texts.find((text) => leaked.some((needle) => text.includes(needle)))?.slice(0, 400)}`,
    ).toEqual([]);
  });

  it(`${variant}: the secret did reach the server (so the scan looked for something real)`, () => {
    const sent = server.seen.map((request) => `${request.headers.authorization ?? ''}`).join(' ');
    const needles = secretNeedles();
    expect(needles.some((needle) => sent.includes(needle))).toBe(true);
  });
});
