/**
 * The generated client (src/generated/) is what the generator makes of the official spec today, and it
 * holds the spec's structure only: none of its prose or examples.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { generateOpenApiClient } from '../../../../scripts/generate-openapi-client.js';
import { describeWithShared, sharedPath } from '../../../../test/support/shared-reference.js';
import { specProse } from '../../../../test/support/spec-prose.js';
import { SITE_FACTORY_OPERATIONS, SPEC_OPERATION_COUNT } from '../../src/client/operations.js';

const generatedDir = join(dirname(fileURLToPath(import.meta.url)), '../../src/generated');

describeWithShared('sitefactory generated client', () => {
  const raw = () =>
    JSON.parse(readFileSync(sharedPath('specs', 'sitefactory', 'acsf-openapi-from-acquia-cli.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };

  it('is up to date with the spec (re-run `npm run generate -w @omnihost/sitefactory` if not)', async () => {
    const files = await generateOpenApiClient('sitefactory', raw());
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(generatedDir, name), 'utf8') === content, `${name} is stale`).toBe(true);
    }
    const specOperations = Object.values(raw().paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    expect(SPEC_OPERATION_COUNT).toBe(specOperations);
    console.info(
      `[sitefactory operations] ${SPEC_OPERATION_COUNT} typed from the spec, ${Object.keys(SITE_FACTORY_OPERATIONS).length - SPEC_OPERATION_COUNT} more by hand, 1 spec operation retyped by hand`,
    );
  });

  it('carries no description or example text of the spec', () => {
    const texts = specProse(raw());
    const generated = ['acsf-api.ts', 'acsf-operations.ts', 'acsf-schemas.ts']
      .map((name) => readFileSync(join(generatedDir, name), 'utf8'))
      .join('\n');
    expect(texts.size).toBeGreaterThan(100);
    expect([...texts].filter((text) => generated.includes(text))).toEqual([]);
  });
});
