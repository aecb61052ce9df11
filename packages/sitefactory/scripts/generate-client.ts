/**
 * Generates the typed Site Factory client from Acquia's official OpenAPI spec (the one behind `acli acsf:*`).
 *
 *   npm run generate -w @omnihost/sitefactory      (reads ../shared, writes src/generated/)
 *
 * The spec is read from the shared reference folder and reduced to structure before anything is generated:
 * every `description`, `summary`, `example(s)` and vendor extension (`x-*`) is dropped, so no prose or sample
 * data from the spec reaches the package. Three files come out, all committed (builds and CI never need
 * ../shared):
 *
 * - `acsf-api.ts`: openapi-typescript's `paths`/`operations`/`components` types;
 * - `acsf-operations.ts`: operationId → method, path template, parameters, page-size maximum, list key;
 * - `acsf-schemas.ts`: a tolerant zod schema per operation's 200 response, built on `src/client/coerce.ts`
 *   (numbers that arrive as strings are coerced, unknown fields pass, `null` counts as absent).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The shared reference folder, relative to this script (packages/sitefactory/scripts → ../../../../shared). */
export const SPEC_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/specs/sitefactory/acsf-openapi-from-acquia-cli.json',
);
const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../src/generated');

/** A JSON Schema node as the spec writes it (OpenAPI 3.0 subset). */
interface SchemaNode {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  required?: string[];
  maximum?: number;
}

interface ParameterNode {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: SchemaNode;
}

interface OperationNode {
  operationId: string;
  parameters?: ParameterNode[];
  requestBody?: { content: Record<string, { schema?: SchemaNode }> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaNode }> }>;
}

interface SpecDocument {
  openapi: string;
  info: { title?: string; version: string };
  paths: Record<string, Record<string, OperationNode>>;
  components: { schemas: Record<string, SchemaNode> };
}

const DROPPED_KEYS = new Set(['description', 'summary', 'example', 'examples', 'title', 'externalDocs', 'tags']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Deep copy that keeps only structure: no prose, no examples, no vendor extensions. */
export function stripToStructure(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => stripToStructure(item));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  // Inside `properties` the keys are field names (a field may be called `description`), so keep them all.
  const keepAll = key === 'properties';
  for (const [name, child] of Object.entries(value)) {
    if (!keepAll && (DROPPED_KEYS.has(name) || name.startsWith('x-'))) continue;
    out[name] = stripToStructure(child, name);
  }
  return out;
}

/** The spec reduced to structure, with a neutral `info`. */
export function structuralSpec(raw: unknown): SpecDocument {
  const spec = stripToStructure(raw) as SpecDocument & { info: Record<string, unknown> };
  return { ...spec, info: { title: 'Site Factory REST API (structure only)', version: spec.info.version } };
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function schemaConst(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** zod source for one schema node. */
function zodSource(node: SchemaNode | undefined, depth = 0): string {
  if (!node) return 'z.unknown()';
  if (node.$ref) return `z.lazy(${schemaConst(refName(node.$ref))})`;
  const variants = node.oneOf ?? node.anyOf;
  if (variants) return `z.union([${variants.map((variant) => zodSource(variant, depth + 1)).join(', ')}])`;
  if (node.allOf) throw new Error('allOf is not used by this spec; extend the generator before relying on it');
  switch (node.type) {
    case 'integer':
    case 'number':
      return 'num';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'array':
      return `z.array(${zodSource(node.items, depth + 1)})`;
    default:
      return objectSource(node, depth);
  }
}

function objectSource(node: SchemaNode, depth: number): string {
  const extra = typeof node.additionalProperties === 'object' ? zodSource(node.additionalProperties, depth + 1) : '';
  const entries = Object.entries(node.properties ?? {});
  if (entries.length === 0) {
    return extra ? `dict(${extra})` : node.type === 'object' ? 'z.looseObject({})' : 'z.unknown()';
  }
  const required = new Set(node.required ?? []);
  const indent = '  '.repeat(depth + 1);
  const fields = entries.map(([name, child]) => {
    const inner = zodSource(child, depth + 1);
    return `${indent}${JSON.stringify(name)}: ${required.has(name) ? inner : `opt(${inner})`},`;
  });
  const shape = `z.looseObject({\n${fields.join('\n')}\n${'  '.repeat(depth)}})`;
  return extra ? `${shape}.catchall(${extra})` : shape;
}

function resolveNode(spec: SpecDocument, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops += 1) current = spec.components.schemas[refName(current.$ref)];
  return current;
}

/** One row of the generated operation table. */
export interface GeneratedOperationRow {
  operationId: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
  maxLimit: number | null;
  listKey: string | null;
  responseSchema: SchemaNode | undefined;
}

/** Every operation of the spec, in spec order. */
export function operationRows(spec: SpecDocument): GeneratedOperationRow[] {
  const rows: GeneratedOperationRow[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      const limit = parameters.find((parameter) => parameter.in === 'query' && parameter.name === 'limit');
      const responseSchema = operation.responses['200']?.content?.['application/json']?.schema;
      rows.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParams: parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
        hasBody: operation.requestBody !== undefined,
        maxLimit: limit?.schema?.maximum ?? null,
        listKey: limit ? listKeyOf(spec, responseSchema) : null,
        responseSchema,
      });
    }
  }
  return rows;
}

/** For a paged list: the array property holding the items (`sites`, `backups`), or `''` for a bare array. */
function listKeyOf(spec: SpecDocument, schema: SchemaNode | undefined): string | null {
  const resolved = resolveNode(spec, schema);
  if (!resolved) return null;
  if (resolved.type === 'array') return '';
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    if (resolveNode(spec, child)?.type === 'array') return name;
  }
  return null;
}

const HEADER = (what: string) =>
  [
    "// GENERATED by packages/sitefactory/scripts/generate-client.ts from the structure of Acquia's Site Factory",
    '// OpenAPI spec (acquia/cli assets/acsf-spec.json). Do not edit by hand: change the script and re-run it.',
    `// ${what}`,
    '',
  ].join('\n');

function operationsSource(rows: readonly GeneratedOperationRow[]): string {
  const lines = rows.map((row) => {
    const fields = [
      `method: '${row.method}'`,
      `path: '${row.path}'`,
      `pathParams: [${row.pathParams.map((name) => `'${name}'`).join(', ')}]`,
      `queryParams: [${row.queryParams.map((name) => `'${name}'`).join(', ')}]`,
      `hasBody: ${row.hasBody}`,
      `maxLimit: ${row.maxLimit ?? 'null'}`,
      `listKey: ${row.listKey === null ? 'null' : `'${row.listKey}'`}`,
    ];
    return `  ${row.operationId}: { ${fields.join(', ')} },`;
  });
  return [
    HEADER('Operation table: method, path template, parameters, page-size maximum and list key per operation.'),
    '/** Every operation of the official spec, by operationId. @public */',
    'export const GENERATED_OPERATIONS = {',
    ...lines,
    '} as const;',
    '',
    '/** operationId of an operation of the official spec. @public */',
    'export type GeneratedOperationId = keyof typeof GENERATED_OPERATIONS;',
    '',
  ].join('\n');
}

function schemasSource(spec: SpecDocument, rows: readonly GeneratedOperationRow[]): string {
  const components = Object.entries(spec.components.schemas).map(
    ([name, node]) => `const ${schemaConst(name)} = memo(() => ${zodSource(node)});`,
  );
  const responses = rows.map((row) => `  ${row.operationId}: () => ${zodSource(row.responseSchema, 0)},`);
  const items = rows
    .filter((row) => row.listKey !== null)
    .map((row) => {
      const resolved = resolveNode(spec, row.responseSchema);
      const arrayNode = row.listKey === '' ? resolved : resolveNode(spec, resolved?.properties?.[row.listKey ?? '']);
      return `  ${row.operationId}: () => ${zodSource(arrayNode?.items, 0)},`;
    });
  return [
    HEADER("Tolerant zod schemas of every operation's 200 response, built lazily on first use."),
    "import { type ZodType, z } from 'zod';",
    "import { bool, dict, memo, num, opt, str } from '../client/coerce.js';",
    "import type { GeneratedOperationId } from './acsf-operations.js';",
    '',
    ...components,
    '',
    '/** 200-response schema factory per operation. @internal */',
    'export const RESPONSE_SCHEMAS: Record<GeneratedOperationId, () => ZodType> = {',
    ...responses,
    '};',
    '',
    '/** Item schema factory of each paged list operation. @internal */',
    'export const LIST_ITEM_SCHEMAS: Partial<Record<GeneratedOperationId, () => ZodType>> = {',
    ...items,
    '};',
    '',
  ].join('\n');
}

/** Generates the three files' contents from the raw spec (used by the script and by the freshness test). */
export async function generateClientFiles(raw: unknown): Promise<Record<string, string>> {
  const spec = structuralSpec(raw);
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const types = astToString(await openapiTS(spec as unknown as Parameters<typeof openapiTS>[0]));
  const rows = operationRows(spec);
  return {
    'acsf-api.ts': `${HEADER('openapi-typescript types of every path, operation and schema.')}${types}`,
    'acsf-operations.ts': operationsSource(rows),
    'acsf-schemas.ts': schemasSource(spec, rows),
  };
}

async function main(): Promise<void> {
  const raw: unknown = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const files = await generateClientFiles(raw);
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(OUT_DIR, name), content);
    process.stdout.write(`wrote src/generated/${name}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
