/**
 * The generated client (src/generated/) is what the shared generator (scripts/generate-openapi-client.ts)
 * makes of the official spec today, it holds the spec's structure only, and every generated row runs on
 * core's operation table.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateOpenApiClient } from '../../../../scripts/generate-openapi-client.js';
import { describeWithShared, sharedPath } from '../../../../test/support/shared-reference.js';
import { specProse } from '../../../../test/support/spec-prose.js';
import { acquiaOperationTable } from '../../src/client/operations.js';
import { ACQUIA_OPERATIONS, ACQUIA_SPEC_OPERATION_COUNT, type AcquiaOperationId } from '../../src/index.js';
import { acquiaTextCodec } from '../../src/transport.js';

const generatedDir = join(dirname(fileURLToPath(import.meta.url)), '../../src/generated');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

describeWithShared('acquia generated client', () => {
  const raw = () =>
    JSON.parse(readFileSync(sharedPath('specs', 'acquia-cloud-api-v2.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };

  it('is up to date with the spec (re-run `npm run generate -w @omnihost/acquia` if not)', async () => {
    const files = await generateOpenApiClient('acquia', raw());
    expect(Object.keys(files).sort()).toEqual(['acquia-api.ts', 'operation-table.ts']);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(generatedDir, name), 'utf8') === content, `${name} is stale`).toBe(true);
    }
    const specOperations = Object.values(raw().paths).reduce(
      (sum, item) => sum + Object.keys(item).filter((key) => METHODS.has(key)).length,
      0,
    );
    expect(ACQUIA_SPEC_OPERATION_COUNT).toBe(specOperations);
  });

  it('carries no description or example text of the spec', () => {
    const texts = specProse(raw());
    const generated = ['acquia-api.ts', 'operation-table.ts']
      .map((name) => readFileSync(join(generatedDir, name), 'utf8'))
      .join('\n');
    expect(texts.size).toBeGreaterThan(100);
    expect([...texts].filter((text) => generated.includes(text))).toEqual([]);
  });
});

describe('acquia operation table', () => {
  it('finds every operation by operationId and by route, and builds its request', () => {
    for (const [id, row] of Object.entries(ACQUIA_OPERATIONS) as [
      AcquiaOperationId,
      (typeof ACQUIA_OPERATIONS)[AcquiaOperationId],
    ][]) {
      expect(acquiaOperationTable.lookup(id)?.row).toBe(row);
      expect(acquiaOperationTable.lookup(`${row.method} ${row.path}`)?.id).toBe(id);
      const path = Object.fromEntries([...row.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, 'x y']));
      const request = acquiaOperationTable.request(id, { path });
      expect(request).toMatchObject({
        operation: id,
        method: row.method,
        path: row.path.replace(/\{[^}]+\}/g, 'x%20y'),
      });
      expect(request.codec).toBe(row.body === 'text' ? acquiaTextCodec : undefined);
    }
  });
});
