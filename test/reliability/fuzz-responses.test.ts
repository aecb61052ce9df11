/**
 * Fuzz: every vendor adapter, fed malformed responses (truncated, HTML, wrong types, missing and extra
 * fields, the vendor's envelope around garbage, error statuses with garbage bodies, XML bombs for OnApp),
 * ends every call with a value or a typed omnihost error — never a crash, never a hang.
 */
import { collect, createProvider, isOmnihostError, type Provider } from '@omnihost/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedAnswer, type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { configFor, VARIANTS, type VendorVariant } from '../support/vendor-configs.js';

const RUNS = Number(process.env.OMNIHOST_FUZZ_RUNS ?? 150);
/** A call that has not settled after this long is a hang (timeouts are 2 s, retries off). */
const HANG_MS = 8_000;

const OPERATIONS = ['sites.list', 'sites.get', 'tasks.get', 'backups.list', 'deploys.list'] as const;
type OperationName = (typeof OPERATIONS)[number];

async function call(provider: Provider, operation: OperationName): Promise<unknown> {
  switch (operation) {
    case 'sites.list':
      return collect(provider.sites.list(), { limit: 50 });
    case 'sites.get':
      return provider.sites.get('101');
    case 'tasks.get':
      return provider.tasks.get('202');
    case 'backups.list':
      return collect(provider.backups.list('101'), { limit: 50 });
    case 'deploys.list':
      return collect(provider.deploys.list('101'), { limit: 50 });
  }
}

/** The vendor's own wrapping, so garbage reaches the schemas and mappers, not only the parser. */
function envelope(variant: VendorVariant, inner: unknown): string {
  switch (variant) {
    case 'acquia':
      return JSON.stringify({ total: 1, _embedded: { items: [inner] }, ...(isRecord(inner) ? inner : {}) });
    case 'sitefactory':
      return JSON.stringify({
        count: 1,
        sites: [inner],
        time: '2026-01-01T00:00:00+00:00',
        ...(isRecord(inner) ? inner : {}),
      });
    case 'cloud66':
      return JSON.stringify({ response: inner, count: 1, pagination: { next: null, previous: null } });
    case 'onapp-json':
      return JSON.stringify([{ virtual_machine: inner }, { transaction: inner }]);
    case 'onapp-xml':
      return `<?xml version="1.0" encoding="UTF-8"?><virtual_machines type="array"><virtual_machine>${xmlOf(inner)}</virtual_machine></virtual_machines>`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function xmlOf(value: unknown, depth = 0): string {
  if (depth > 4 || value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<item>${xmlOf(item, depth + 1)}</item>`).join('');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([key, item]) => {
        const name = /^[A-Za-z_][\w-]*$/.test(key) ? key : 'field';
        return `<${name}>${xmlOf(item, depth + 1)}</${name}>`;
      })
      .join('');
  }
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Fields the mappers read, so generated objects often look almost right. */
const likelyKeys = fc.constantFrom(
  'id',
  'uuid',
  'name',
  'label',
  'status',
  'state',
  'uid',
  'site',
  'stack_id',
  'environment',
  'created_at',
  'updated_at',
  'completed_at',
  'finished_at',
  'finished_success',
  'progress',
  'type',
  'identifier',
  'built',
  'booted',
  'locked',
  'action',
  '_embedded',
  '_links',
  'href',
  '__proto__',
  'constructor',
);
const almostRight = fc.dictionary(
  likelyKeys,
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('2026-13-45T99:00:00Z', '', 'NaN', -1, 1e308)),
  { maxKeys: 12 },
);

const XML_BOMBS = [
  // billion laughs
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><virtual_machine><label>&lol9;</label></virtual_machine>`,
  // external entity
  `<?xml version="1.0"?><!DOCTYPE v [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><virtual_machine><label>&xxe;</label></virtual_machine>`,
  // prototype pollution through element names
  `<?xml version="1.0"?><virtual_machines type="array"><virtual_machine><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor><id type="integer">1</id></virtual_machine></virtual_machines>`,
  // deep nesting
  `<?xml version="1.0"?>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`,
  // unclosed and mismatched
  `<?xml version="1.0"?><virtual_machines type="array"><virtual_machine><id type="integer">1</id>`,
  `<virtual_machine><id type="integer">abc</id><built type="boolean">maybe</built><created_at type="datetime">yesterday</created_at></virtual_machine>`,
];

function bodyArbitrary(variant: VendorVariant): fc.Arbitrary<string> {
  const json = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value));
  const wrapped = fc.oneof(fc.jsonValue({ maxDepth: 3 }), almostRight).map((inner) => envelope(variant, inner));
  const truncated = fc
    .tuple(wrapped, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([text, at]) => text.slice(0, Math.floor(text.length * at)));
  const html = fc.constant('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
  const noise = fc.string({ maxLength: 200 });
  const options: fc.Arbitrary<string>[] = [json, wrapped, wrapped, truncated, html, noise, fc.constant('')];
  if (variant === 'onapp-xml') options.push(fc.constantFrom(...XML_BOMBS), fc.constantFrom(...XML_BOMBS));
  return fc.oneof(...options);
}

function answerArbitrary(variant: VendorVariant): fc.Arbitrary<ScriptedAnswer> {
  const contentType = fc.constantFrom(
    'application/json',
    'application/hal+json',
    'application/xml',
    'text/html',
    'text/plain',
    undefined,
  );
  const status = fc.constantFrom(200, 200, 200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503);
  return fc
    .record({ status, body: bodyArbitrary(variant), contentType })
    .map(({ status: code, body, contentType: type }) => ({
      status: code,
      body,
      headers: {
        ...(type ? { 'Content-Type': type } : {}),
        ...(code === 429 || code === 503 ? { 'Retry-After': '0' } : {}),
      },
    }));
}

describe.each(VARIANTS)('%s: malformed responses end in a value or a typed error', (variant) => {
  let server: ScriptedServer;
  let provider: Provider;

  beforeAll(async () => {
    server = await startScriptedServer();
    provider = (await createProvider(configFor(variant, server.url))) as Provider;
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`${variant}: ${RUNS} generated responses across ${OPERATIONS.length} operations`, async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary(variant), fc.constantFrom(...OPERATIONS), async (answer, operation) => {
        server.answer(answer);
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((resolve) => {
          timer = setTimeout(() => resolve('hang'), HANG_MS);
        });
        const outcome = await Promise.race([
          call(provider, operation).then(
            () => 'value' as const,
            (error: unknown) => error,
          ),
          hang,
        ]);
        clearTimeout(timer);
        expect(outcome, `${operation} hung on ${JSON.stringify(answer).slice(0, 300)}`).not.toBe('hang');
        if (outcome !== 'value') {
          expect(
            isOmnihostError(outcome),
            `${operation} threw a non-omnihost error on ${JSON.stringify(answer).slice(0, 300)}: ${String(outcome)}`,
          ).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, seed: Number(process.env.OMNIHOST_FUZZ_SEED ?? 20261202) },
    );
  }, 120_000);

  it(`${variant}: a response larger than the cap is refused with a typed error`, async () => {
    const capped = (await createProvider(configFor(variant, server.url, { maxResponseBytes: 64 * 1024 }))) as Provider;
    server.answer({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: `[${'"x",'.repeat(200_000)}"x"]`,
    });
    const error = await capped.sites.get('101').catch((e: unknown) => e);
    expect(isOmnihostError(error), String(error)).toBe(true);
  });
});
