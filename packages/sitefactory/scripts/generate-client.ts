/**
 * Site Factory's entry to omnihost's one OpenAPI generator, `scripts/generate-openapi-client.ts` (which holds
 * the generator and what it makes for this package: types, operation table, tolerant zod response schemas).
 *
 *   npm run generate -w @omnihost/sitefactory      (reads ../shared, writes src/generated/)
 *
 * Kept as this package's `generate` entry point and for the freshness test, which compares
 * {@link generateClientFiles}'s output with the committed files.
 */
import { pathToFileURL } from 'node:url';
import { generateOpenApiClient, runGenerator, specPathOf } from '../../../scripts/generate-openapi-client.js';

/** Where the Site Factory spec is read from (the shared reference folder). */
export const SPEC_PATH = specPathOf('sitefactory');

/** Generates the three files' contents from the raw spec (used by the script and by the freshness test). */
export function generateClientFiles(raw: unknown): Promise<Record<string, string>> {
  return generateOpenApiClient('sitefactory', raw);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGenerator(['sitefactory']).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
