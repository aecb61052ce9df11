#!/usr/bin/env node
/**
 * Regenerates `src/generated/` from Acquia's official Cloud API v2 OpenAPI spec.
 *
 *   node packages/acquia/scripts/generate.mjs [path/to/acquia-cloud-api-v2.json]
 *
 * The spec is read from `../shared/specs/acquia-cloud-api-v2.json` (next to the repository) unless a path
 * is given. Only structure is kept: every prose field (`description`, `summary`, `title`), every example
 * (`example`, `examples`), every vendor extension (`x-*`), tags, servers and external docs are removed
 * BEFORE generation, so nothing but paths, methods, parameters, field names and types reaches the
 * repository. The output is committed: builds and CI never need the spec.
 *
 * Outputs:
 * - `src/generated/acquia-api.ts`: openapi-typescript types (`paths`, `operations`, `components`).
 * - `src/generated/operation-table.ts`: operationId → [method, path template, body kind] for the runtime.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
const specPath = resolve(process.argv[2] ?? resolve(packageDir, '../../../shared/specs/acquia-cloud-api-v2.json'));
const outDir = resolve(packageDir, 'src/generated');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROSE_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags']);
/** Keywords whose value is a map from names to objects: the names are data, never prose keywords. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'schemas',
  'responses',
  'requestBodies',
  'headers',
  'content',
  'mapping',
  'encoding',
]);

/** Removes prose and examples in keyword positions; keeps property names that happen to be `description`. */
function strip(value, inNameMap = false) {
  if (Array.isArray(value)) return value.map((item) => strip(item));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (inNameMap) {
      out[key] = strip(child);
      continue;
    }
    if (PROSE_KEYS.has(key) || key.startsWith('x-')) {
      // An `examples` or `description` keyword's value is prose or sample data: drop it. A response object
      // must still carry a description to be valid OpenAPI, so it gets an empty one below.
      continue;
    }
    if (key === 'servers' || key === 'security') continue;
    out[key] = strip(child, NAME_MAPS.has(key) && typeof child === 'object' && !Array.isArray(child));
  }
  return out;
}

function structureOnly(spec) {
  const components = strip(spec.components ?? {}, false);
  // `components.parameters` is a name map too (in operations `parameters` is an array).
  components.parameters = Object.fromEntries(
    Object.entries(spec.components?.parameters ?? {}).map(([name, parameter]) => [name, strip(parameter)]),
  );
  delete components.examples;
  delete components.securitySchemes;
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const cleanItem = {};
    for (const [key, operation] of Object.entries(item)) {
      if (key === 'parameters') cleanItem.parameters = strip(operation);
      if (!HTTP_METHODS.includes(key)) continue;
      cleanItem[key] = strip(operation);
    }
    paths[path] = cleanItem;
  }
  const out = {
    openapi: spec.openapi,
    info: { title: 'Acquia Cloud API v2', version: spec.info.version },
    paths,
    components,
  };
  addEmptyResponseDescriptions(out);
  return out;
}

function addEmptyResponseDescriptions(spec) {
  const visitResponses = (responses) => {
    for (const response of Object.values(responses ?? {})) {
      if (response && typeof response === 'object' && !('$ref' in response)) response.description = '';
    }
  };
  visitResponses(spec.components.responses);
  for (const item of Object.values(spec.paths)) {
    for (const method of HTTP_METHODS) if (item[method]) visitResponses(item[method].responses);
  }
}

const JSON_MEDIA = /json/i;

/** How the success body of an operation is read: JSON for (hal+)json, text for files and HTML. */
function responseKind(operation, spec) {
  const kinds = new Set();
  for (const [status, response0] of Object.entries(operation.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const response = resolveRef(response0, spec);
    for (const media of Object.keys(response.content ?? {})) kinds.add(JSON_MEDIA.test(media) ? 'json' : 'text');
  }
  return kinds.has('json') || kinds.size === 0 ? 'json' : 'text';
}

function resolveRef(value, spec) {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value;
  const parts = value.$ref.replace(/^#\//, '').split('/');
  let node = spec;
  for (const part of parts) node = node?.[part];
  return node ?? {};
}

function operationTable(spec) {
  const rows = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      rows.push([operation.operationId, method.toUpperCase(), path, responseKind(operation, spec)]);
    }
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const body = rows
    .map(
      ([id, method, path, kind]) =>
        `  ${JSON.stringify(id)}: [${JSON.stringify(method)}, ${JSON.stringify(path)}, ${JSON.stringify(kind)}],`,
    )
    .join('\n');
  return { count: rows.length, text: body };
}

const HEADER = (source) => `// Generated by packages/acquia/scripts/generate.mjs from Acquia's Cloud API v2 OpenAPI spec
// (${source}). Structure only: descriptions, summaries, titles, examples and x-* extensions were removed
// before generation. Do not edit by hand; run \`node packages/acquia/scripts/generate.mjs\`.
`;

const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const clean = structureOnly(spec);
const source = `openapi ${spec.openapi}, info.version ${spec.info.version}, ${Object.keys(spec.paths).length} paths`;

const ast = await openapiTS(clean, { alphabetize: true, exportType: false, emptyObjectsUnknown: true });
const types = astToString(ast);
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'acquia-api.ts'), `${HEADER(source)}/* eslint-disable */\n${types}`);

const table = operationTable(clean);
writeFileSync(
  resolve(outDir, 'operation-table.ts'),
  `${HEADER(source)}
/** How an operation's success body is read: \`json\` (HAL JSON) or \`text\` (files, HTML). @internal */
export type GeneratedBodyKind = 'json' | 'text';

/** Every operation of the spec: operationId → [method, path template, body kind]. @internal */
export const GENERATED_OPERATIONS = {
${table.text}
} as const;

/** Number of operations in {@link GENERATED_OPERATIONS}. @internal */
export const GENERATED_OPERATION_COUNT = ${table.count};
`,
);
console.log(`acquia: ${table.count} operations → src/generated/{acquia-api,operation-table}.ts`);
