/**
 * Leak scan: every vendor adapter, driven down every error path with known secrets as credentials —
 * including a vendor that echoes the request's credentials back in its error body, in its request-id header,
 * in the scope it says is missing, in the names of the fields it rejects, or at the point where a long
 * message gets cut — never shows a secret in an error's message, stack, any field, `util.inspect`,
 * `JSON.stringify`, `cause` chain, in logger output, or in the CLI's text and `--json` output. The secrets are
 * looked for in every spelling the library itself produces: raw, Basic base64, URL and form encoding.
 */
import { runCli } from '@omnihost/cli';
import { collect, createProvider, type Provider } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger, renderingsOf } from '../../packages/core/test/helpers/leak-scan.js';
import { envForConfig } from '../cli/spawn-cli.js';
import {
  type ScriptedAnswer,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../support/scripted-server.js';
import { configFor, SECRETS, secretNeedles, VARIANTS } from '../support/vendor-configs.js';

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

/** What the request carried that a careless server could echo: its credentials, path and body. */
function credentialsOf(request: SeenRequest): string {
  return `${request.headers.authorization ?? ''} ${request.url} ${request.body}`;
}

/** The known secrets a request carried (Basic credentials decoded). */
function secretsIn(request: SeenRequest): string[] {
  const authorization = request.headers.authorization ?? '';
  const basic = /^Basic (.+)$/.exec(authorization)?.[1];
  const carried = `${authorization} ${basic ? Buffer.from(basic, 'base64').toString('utf8') : ''} ${request.url} ${request.body}`;
  return Object.values(SECRETS).filter((secret) => carried.includes(secret));
}

/** An error whose `X-Request-Id` header is the request's credentials (a proxy that reflects headers). */
function echoInRequestId(status: number): (request: SeenRequest) => ScriptedAnswer {
  return (request) => ({
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': credentialsOf(request).replace(/[\r\n]/g, ' ') },
    body: '{"error":"not_found","message":"no such thing"}',
  });
}

/** A 403 that names, as the missing scope, the credentials (body `scope` and `WWW-Authenticate`). */
function echoInScope(request: SeenRequest): ScriptedAnswer {
  const credentials = credentialsOf(request).replace(/["\r\n]/g, ' ');
  return {
    status: 403,
    headers: {
      'Content-Type': 'application/json',
      'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${credentials}"`,
    },
    body: JSON.stringify({ error: 'forbidden', error_description: 'missing scope', scope: credentials }),
  };
}

/** A validation error whose field names are the credentials, in JSON (Acquia, OnApp JSON) and XML (OnApp). */
function echoInFieldNames(xml: boolean): (request: SeenRequest) => ScriptedAnswer {
  return (request) => {
    const credentials = credentialsOf(request);
    if (xml) {
      // XML element names cannot hold the whole credential line; the secrets themselves are valid names.
      const fields = secretsIn(request)
        .map((secret) => `<${secret} type="array"><${secret}>is not valid</${secret}></${secret}>`)
        .join('');
      return {
        status: 422,
        headers: { 'Content-Type': 'application/xml' },
        body: `<?xml version="1.0"?><errors>${fields}</errors>`,
      };
    }
    return {
      status: 422,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        error: 'validation_failed',
        message: { [credentials]: 'is not valid' },
        errors: { [credentials]: ['is not valid'] },
      }),
    };
  };
}

const ERROR_PATHS: Array<[string, ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer)]> = [
  ['404 with the credentials as its X-Request-Id', echoInRequestId(404)],
  ['429 with the credentials as its X-Request-Id', echoInRequestId(429)],
  ['403 naming the credentials as the missing scope', echoInScope],
  ['422 with the credentials as field names (JSON)', echoInFieldNames(false)],
  ['422 with the credentials as field names (XML)', echoInFieldNames(true)],
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

  it(`${variant}: a long message cut anywhere across the credentials never keeps a piece of them`, async () => {
    const logger = recordingLogger();
    const provider = (await createProvider({
      ...configFor(variant, server.url, { timeoutMs: 500, retries: 0 }),
      logger,
    })) as Provider;
    const texts: string[] = [];
    // Vendor text is cut at 100 to 500 characters somewhere on its way into an error: put the credentials
    // across every such boundary, one padding at a time.
    for (let padding = 60; padding <= 560; padding += 7) {
      server.answer((request) => ({
        status: 400,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          error: `${'e'.repeat(padding % 120)}${credentialsOf(request)}`,
          message: `${'m'.repeat(padding)}${credentialsOf(request)}`,
          error_description: `${'d'.repeat(padding)}${credentialsOf(request)}`,
          errors: [`${'x'.repeat(padding)}${credentialsOf(request)}`],
        }),
      }));
      const error = await collect(provider.sites.list(), { limit: 1 }).catch((e: unknown) => e);
      texts.push(...renderingsOf(error));
    }
    texts.push(...logger.lines);
    const leaked = secretNeedles().filter((needle) =>
      texts.some((text) => text.includes(needle) || containsCutPiece(text, needle)),
    );
    expect(
      leaked,
      texts
        .find((text) => leaked.some((needle) => text.includes(needle) || containsCutPiece(text, needle)))
        ?.slice(0, 900),
    ).toEqual([]);
  });

  it(`${variant}: the CLI's text and --json output carry no secret`, async () => {
    const env = envForConfig(configFor(variant, server.url, { timeoutMs: 500, retries: 0 }));
    for (const answer of [echoInRequestId(404), echoInScope, echo(500, 'text/html')]) {
      server.answer(answer);
      for (const args of [
        ['sites', 'list'],
        ['--json', 'sites', 'list'],
      ]) {
        let output = '';
        const stream = {
          isTTY: false,
          write: (text: string) => {
            output += text;
            return true;
          },
        };
        const code = await runCli(args, { stdout: stream, stderr: stream, env });
        expect(code).not.toBe(0);
        const leaked = secretNeedles().filter((needle) => output.includes(needle) || containsCutPiece(output, needle));
        expect(leaked, output.slice(0, 300)).toEqual([]);
      }
    }
  });

  it(`${variant}: the secret did reach the server (so the scan looked for something real)`, () => {
    const sent = server.seen.map((request) => `${request.headers.authorization ?? ''}`).join(' ');
    const needles = secretNeedles();
    expect(needles.some((needle) => sent.includes(needle))).toBe(true);
  });
});

/** A piece of `needle` of 12 characters or more: what a cut that split the secret would have left. */
function containsCutPiece(text: string, needle: string): boolean {
  if (needle.length < 16) return false;
  for (let start = 0; start + 12 <= needle.length; start += 4) {
    if (text.includes(needle.slice(start, start + 12))) return true;
  }
  return false;
}
