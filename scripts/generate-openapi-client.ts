/**
 * The one OpenAPI client generator of omnihost, for the vendors that publish an official OpenAPI spec:
 * Acquia Cloud Platform (Cloud API v2) and Acquia Cloud Site Factory (the spec behind `acli acsf:*`).
 *
 *   npm run generate -w @omnihost/acquia           one vendor (each package's `generate` script)
 *   npm run generate -w @omnihost/sitefactory
 *   npm run generate                               every vendor below
 *   tsx scripts/generate-openapi-client.ts acquia [path/to/spec.json]
 *
 * The spec is read from the reference folder (`../shared` next to the repository, or `OMNIHOST_SHARED_DIR`)
 * and reduced to structure BEFORE anything is generated: every `description`, `summary`, `title`,
 * `example(s)`, vendor extension (`x-*`), tag, external doc, server and security block is dropped, so no
 * prose or sample data from the spec reaches the repository; only paths, methods, parameters, field names
 * and types do. The output is committed: builds and CI never need the reference folder.
 *
 * What comes out, per vendor ({@link OPENAPI_VENDORS}):
 * - the openapi-typescript types (`paths`, `operations`, `components`);
 * - the operation table: operationId → a row core's `createOperationTable` runs (method, path template, and
 *   the columns the vendor's runtime reads: body kind, parameters, page-size maximum, list key);
 * - optionally (Site Factory) a tolerant zod schema per operation's 200 response, built on the vendor's
 *   `src/client/coerce.ts` (numbers that arrive as strings are coerced, unknown fields pass, `null` is absent).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A JSON Schema node as the specs write it (OpenAPI 3.0 subset). */
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
  $ref?: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: SchemaNode;
}

interface ResponseNode {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: SchemaNode }>;
}

interface OperationNode {
  operationId?: string;
  parameters?: ParameterNode[];
  requestBody?: { content: Record<string, { schema?: SchemaNode }> };
  responses?: Record<string, ResponseNode>;
}

/** A spec reduced to structure by {@link structuralSpec}. */
export interface StructuralSpec {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationNode>>;
  components: { schemas?: Record<string, SchemaNode>; responses?: Record<string, ResponseNode> } & Record<
    string,
    unknown
  >;
}

// ---------------------------------------------------------------------------------------------------------
// Structure only
// ---------------------------------------------------------------------------------------------------------

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Keywords whose value is prose, sample data or documentation, dropped wherever they are keywords. */
const PROSE_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags']);
/** Keywords that are not the shape of a request or response (hosts, auth schemes). */
const NON_STRUCTURE_KEYS = new Set(['servers', 'security', 'securitySchemes']);
/**
 * Keywords whose value maps names to objects: the names are data (a field may be called `description`),
 * never keywords. `parameters` is a name map under `components` and an array in operations.
 */
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
  'parameters',
]);

/** Deep copy without prose, examples, vendor extensions, servers or security, keeping every name. */
export function stripToStructure(value: unknown, inNameMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => stripToStructure(item));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (inNameMap) {
      out[key] = stripToStructure(child);
      continue;
    }
    if (PROSE_KEYS.has(key) || NON_STRUCTURE_KEYS.has(key) || key.startsWith('x-')) continue;
    out[key] = stripToStructure(child, NAME_MAPS.has(key) && typeof child === 'object' && !Array.isArray(child));
  }
  return out;
}

/**
 * The spec reduced to structure, under a neutral `info`. Path items keep their operations and shared
 * parameters only. A response object must carry a description to be valid OpenAPI, so those that lost
 * theirs get an empty one.
 */
export function structuralSpec(raw: unknown, title: string): StructuralSpec {
  const spec = raw as {
    openapi: string;
    info: { version: string };
    paths: Record<string, object>;
    components?: unknown;
  };
  const paths: StructuralSpec['paths'] = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const clean: Record<string, OperationNode> = {};
    for (const [key, child] of Object.entries(item)) {
      if (key === 'parameters' || (HTTP_METHODS as readonly string[]).includes(key)) {
        clean[key] = stripToStructure(child) as OperationNode;
      }
    }
    paths[path] = clean;
  }
  const out: StructuralSpec = {
    openapi: spec.openapi,
    info: { title, version: spec.info.version },
    paths,
    components: stripToStructure(spec.components ?? {}) as StructuralSpec['components'],
  };
  for (const response of Object.values(out.components.responses ?? {})) describeEmpty(response);
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      for (const response of Object.values(item[method]?.responses ?? {})) describeEmpty(response);
    }
  }
  return out;
}

function describeEmpty(response: ResponseNode): void {
  if (response && typeof response === 'object' && !('$ref' in response)) response.description = '';
}

// ---------------------------------------------------------------------------------------------------------
// Operation rows
// ---------------------------------------------------------------------------------------------------------

/** One operation of the spec, with every column any vendor's table may carry. */
export interface OperationRowSource {
  operationId: string;
  method: string;
  path: string;
  /** How a success body is read: `json` for (HAL) JSON, `text` for files and HTML. */
  body: 'json' | 'text';
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
  /** The spec's maximum for a `limit` query parameter. */
  maxLimit: number | null;
  /** For a paged list (one with `limit`): the array property holding the items, `''` for a bare array. */
  listKey: string | null;
  responseSchema: SchemaNode | undefined;
}

/** A column of the generated operation table. */
export type OperationColumn =
  | 'method'
  | 'path'
  | 'body'
  | 'pathParams'
  | 'queryParams'
  | 'hasBody'
  | 'maxLimit'
  | 'listKey';

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function resolvePointer<T>(spec: StructuralSpec, node: T): T {
  let current: unknown = node;
  for (let hops = 0; hops < 10; hops += 1) {
    const ref = (current as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string') break;
    let target: unknown = spec;
    for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)?.[part];
    current = target ?? {};
  }
  return current as T;
}

function resolveSchema(spec: StructuralSpec, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops += 1) current = spec.components.schemas?.[refName(current.$ref)];
  return current;
}

const JSON_MEDIA = /json/i;

/** JSON when any 2xx response is (HAL) JSON or has no content; text when they are all files or HTML. */
function bodyKind(spec: StructuralSpec, operation: OperationNode): 'json' | 'text' {
  const kinds = new Set<string>();
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    for (const media of Object.keys(resolvePointer(spec, response).content ?? {})) {
      kinds.add(JSON_MEDIA.test(media) ? 'json' : 'text');
    }
  }
  return kinds.has('json') || kinds.size === 0 ? 'json' : 'text';
}

/** For a paged list: the array property holding the items (`sites`, `backups`), or `''` for a bare array. */
function listKeyOf(spec: StructuralSpec, schema: SchemaNode | undefined): string | null {
  const resolved = resolveSchema(spec, schema);
  if (!resolved) return null;
  if (resolved.type === 'array') return '';
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    if (resolveSchema(spec, child)?.type === 'array') return name;
  }
  return null;
}

/** Every operation of the spec, in spec order (path by path, methods in HTTP_METHODS order). */
export function operationRows(spec: StructuralSpec): OperationRowSource[] {
  const rows: OperationRowSource[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = (operation.parameters ?? []).map((parameter) => resolvePointer(spec, parameter));
      const limit = parameters.find((parameter) => parameter.in === 'query' && parameter.name === 'limit');
      const responseSchema = operation.responses?.['200']?.content?.['application/json']?.schema;
      rows.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        body: bodyKind(spec, operation),
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

// ---------------------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------------------

/** A TypeScript string literal in single quotes. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise (`api_sites_siteId-x`). */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

function columnSource(row: OperationRowSource, column: OperationColumn): string {
  const value = row[column];
  if (Array.isArray(value)) return `${column}: [${value.map(quote).join(', ')}]`;
  if (typeof value === 'string') return `${column}: ${quote(value)}`;
  return `${column}: ${value === null ? 'null' : String(value)}`;
}

function operationsSource(vendor: OpenApiVendor, rows: readonly OperationRowSource[]): string {
  const ordered =
    vendor.operations.order === 'operationId'
      ? [...rows].sort((a, b) => a.operationId.localeCompare(b.operationId))
      : rows;
  const lines = ordered.map(
    (row) =>
      `  ${propertyKey(row.operationId)}: { ${vendor.operations.columns.map((column) => columnSource(row, column)).join(', ')} },`,
  );
  return [
    vendor.header(vendor.operations.what),
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

function schemaConst(name: string): string {
  return `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * How a `$ref` reads in the generated source: `s_Name()`, the component's one memoised schema, so that a
 * response schema is one tree of shared objects that core's `safeParseFast` can compile once and derive a
 * strict twin of; `z.lazy(s_Name)` only where the component reaches itself again (a lazy schema is opaque to
 * both, which made every raw Site Factory call parse on zod's slow path).
 */
interface RefStyle {
  /** Components whose schema reaches itself through `$ref`s. */
  readonly cyclic: ReadonlySet<string>;
}

/** zod source for one schema node, on the vendor's tolerant helpers (`num`, `str`, `bool`, `opt`, `dict`). */
function zodSource(node: SchemaNode | undefined, refs: RefStyle, depth = 0): string {
  if (!node) return 'z.unknown()';
  if (node.$ref) {
    const name = refName(node.$ref);
    return refs.cyclic.has(name) ? `z.lazy(${schemaConst(name)})` : `${schemaConst(name)}()`;
  }
  const variants = node.oneOf ?? node.anyOf;
  if (variants) return `z.union([${variants.map((variant) => zodSource(variant, refs, depth + 1)).join(', ')}])`;
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
      return `z.array(${zodSource(node.items, refs, depth + 1)})`;
    default:
      return objectSource(node, refs, depth);
  }
}

function objectSource(node: SchemaNode, refs: RefStyle, depth: number): string {
  const extra =
    typeof node.additionalProperties === 'object' ? zodSource(node.additionalProperties, refs, depth + 1) : '';
  const entries = Object.entries(node.properties ?? {});
  if (entries.length === 0) {
    return extra ? `dict(${extra})` : node.type === 'object' ? 'z.looseObject({})' : 'z.unknown()';
  }
  const required = new Set(node.required ?? []);
  const indent = '  '.repeat(depth + 1);
  const fields = entries.map(([name, child]) => {
    const inner = zodSource(child, refs, depth + 1);
    return `${indent}${JSON.stringify(name)}: ${required.has(name) ? inner : `opt(${inner})`},`;
  });
  const shape = `z.looseObject({\n${fields.join('\n')}\n${'  '.repeat(depth)}})`;
  return extra ? `${shape}.catchall(${extra})` : shape;
}

/** The components named by `$ref` anywhere under `node`. */
function refsUnder(node: SchemaNode | undefined, into = new Set<string>()): Set<string> {
  if (!node) return into;
  if (node.$ref) into.add(refName(node.$ref));
  for (const variant of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) refsUnder(variant, into);
  refsUnder(node.items, into);
  if (typeof node.additionalProperties === 'object') refsUnder(node.additionalProperties, into);
  for (const child of Object.values(node.properties ?? {})) refsUnder(child, into);
  return into;
}

/** Components that reach themselves through `$ref`s (directly or through others). */
function cyclicComponents(schemas: Record<string, SchemaNode>): Set<string> {
  const edges = new Map(Object.entries(schemas).map(([name, node]) => [name, refsUnder(node)]));
  const cyclic = new Set<string>();
  for (const start of edges.keys()) {
    const stack = [...(edges.get(start) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === start) {
        cyclic.add(start);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
  return cyclic;
}

function schemasSource(
  vendor: OpenApiVendor,
  schemas: ResponseSchemasArtefact,
  spec: StructuralSpec,
  rows: readonly OperationRowSource[],
): string {
  const refs: RefStyle = { cyclic: cyclicComponents(spec.components.schemas ?? {}) };
  const components = Object.entries(spec.components.schemas ?? {}).map(
    ([name, node]) => `const ${schemaConst(name)} = memo(() => ${zodSource(node, refs)});`,
  );
  // Memoised: every call of an operation validates with the same schema object (core compiles it once).
  const responses = rows.map((row) => `  ${row.operationId}: memo(() => ${zodSource(row.responseSchema, refs, 0)}),`);
  const items = rows
    .filter((row) => row.listKey !== null)
    .map((row) => {
      const resolved = resolveSchema(spec, row.responseSchema);
      const arrayNode = row.listKey === '' ? resolved : resolveSchema(spec, resolved?.properties?.[row.listKey ?? '']);
      return `  ${row.operationId}: memo(() => ${zodSource(arrayNode?.items, refs, 0)}),`;
    });
  return [
    vendor.header("Tolerant zod schemas of every operation's 200 response, built lazily on first use."),
    "import { type ZodType, z } from 'zod';",
    `import { bool, dict, memo, num, opt, str } from '${schemas.coerceModule}';`,
    `import type { GeneratedOperationId } from './${vendor.operations.file.replace(/\.ts$/, '.js')}';`,
    '',
    ...components,
    '',
    '/** 200-response schema per operation, built on first use and kept. @internal */',
    'export const RESPONSE_SCHEMAS: Record<GeneratedOperationId, () => ZodType> = {',
    ...responses,
    '};',
    '',
    '/** Item schema of each paged list operation, built on first use and kept. @internal */',
    'export const LIST_ITEM_SCHEMAS: Partial<Record<GeneratedOperationId, () => ZodType>> = {',
    ...items,
    '};',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Vendors
// ---------------------------------------------------------------------------------------------------------

/** openapi-typescript's options, as far as the vendors set them. */
interface TypesOptions {
  alphabetize?: boolean;
  exportType?: boolean;
  emptyObjectsUnknown?: boolean;
}

/** The zod response schemas artefact (Site Factory validates every response it reads this way). */
interface ResponseSchemasArtefact {
  readonly file: string;
  /** Where the generated file imports `bool, dict, memo, num, opt, str` from. */
  readonly coerceModule: string;
}

/** What the generator makes for one vendor. */
export interface OpenApiVendor {
  /** The spec, as path segments under the reference folder. */
  readonly spec: readonly string[];
  /** The neutral `info.title` of the reduced spec. */
  readonly title: string;
  /** Output folder, relative to the repository root. */
  readonly outDir: string;
  /** The comment every generated file starts with; `what` says what the file holds. */
  readonly header: (what: string) => string;
  readonly types: { readonly file: string; readonly options: TypesOptions; readonly preamble?: string };
  readonly operations: {
    readonly file: string;
    readonly what: string;
    readonly columns: readonly OperationColumn[];
    /** Rows in spec order, or sorted by operationId. */
    readonly order: 'spec' | 'operationId';
  };
  readonly responseSchemas?: ResponseSchemasArtefact;
}

/** The vendors with an official OpenAPI spec, and what is generated for each. */
export const OPENAPI_VENDORS = {
  acquia: {
    spec: ['specs', 'acquia-cloud-api-v2.json'],
    title: 'Acquia Cloud API v2',
    outDir: 'packages/acquia/src/generated',
    header: (what) =>
      [
        "// GENERATED by scripts/generate-openapi-client.ts from the structure of Acquia's Cloud API v2 OpenAPI",
        '// spec. Do not edit by hand: change the script and run `npm run generate -w @omnihost/acquia`.',
        `// ${what}`,
        '',
      ].join('\n'),
    types: {
      file: 'acquia-api.ts',
      options: { alphabetize: true, exportType: false, emptyObjectsUnknown: true },
      preamble: '/* eslint-disable */\n',
    },
    operations: {
      file: 'operation-table.ts',
      what: "Operation table: method, path template and success body kind per operation (core's OperationRow).",
      columns: ['method', 'path', 'body'],
      order: 'operationId',
    },
  },
  sitefactory: {
    spec: ['specs', 'sitefactory', 'acsf-openapi-from-acquia-cli.json'],
    title: 'Site Factory REST API (structure only)',
    outDir: 'packages/sitefactory/src/generated',
    header: (what) =>
      [
        "// GENERATED by scripts/generate-openapi-client.ts (sitefactory) from the structure of Acquia's Site Factory",
        '// OpenAPI spec (acquia/cli assets/acsf-spec.json). Do not edit by hand: change the script and re-run it.',
        `// ${what}`,
        '',
      ].join('\n'),
    types: { file: 'acsf-api.ts', options: {} },
    operations: {
      file: 'acsf-operations.ts',
      what: 'Operation table: method, path template, parameters, page-size maximum and list key per operation.',
      columns: ['method', 'path', 'pathParams', 'queryParams', 'hasBody', 'maxLimit', 'listKey'],
      order: 'spec',
    },
    responseSchemas: { file: 'acsf-schemas.ts', coerceModule: '../client/coerce.js' },
  },
} as const satisfies Record<string, OpenApiVendor>;

/** A vendor the generator knows. */
export type OpenApiVendorId = keyof typeof OPENAPI_VENDORS;

/** The reference folder: `OMNIHOST_SHARED_DIR`, else `../shared` next to the repository. */
export function sharedDir(): string {
  return process.env.OMNIHOST_SHARED_DIR ?? resolve(REPOSITORY_ROOT, '../shared');
}

/** Where a vendor's spec is read from. */
export function specPathOf(vendor: OpenApiVendorId): string {
  return join(sharedDir(), ...OPENAPI_VENDORS[vendor].spec);
}

/** The generated files of one vendor (file name → content) from its raw spec; nothing is written. */
export async function generateOpenApiClient(vendor: OpenApiVendorId, raw: unknown): Promise<Record<string, string>> {
  const config: OpenApiVendor = OPENAPI_VENDORS[vendor];
  const spec = structuralSpec(raw, config.title);
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(spec as unknown as Parameters<typeof openapiTS>[0], { ...config.types.options });
  const rows = operationRows(spec);
  const files: Record<string, string> = {
    [config.types.file]:
      `${config.header('openapi-typescript types of every path, operation and schema.')}${config.types.preamble ?? ''}${astToString(ast)}`,
    [config.operations.file]: operationsSource(config, rows),
  };
  if (config.responseSchemas) {
    files[config.responseSchemas.file] = schemasSource(config, config.responseSchemas, spec, rows);
  }
  return files;
}

/** Reads each vendor's spec and writes its generated files. */
export async function runGenerator(vendors: readonly OpenApiVendorId[], specOverride?: string): Promise<void> {
  for (const vendor of vendors) {
    const specPath = specOverride ? resolve(specOverride) : specPathOf(vendor);
    if (!existsSync(specPath)) {
      throw new Error(`${vendor}: the spec ${specPath} is absent (set OMNIHOST_SHARED_DIR to the reference folder)`);
    }
    const files = await generateOpenApiClient(vendor, JSON.parse(readFileSync(specPath, 'utf8')));
    const outDir = resolve(REPOSITORY_ROOT, OPENAPI_VENDORS[vendor].outDir);
    mkdirSync(outDir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(outDir, name), content);
      process.stdout.write(`${vendor}: wrote ${relative(REPOSITORY_ROOT, join(outDir, name))}\n`);
    }
  }
}

function isVendor(name: string): name is OpenApiVendorId {
  return Object.hasOwn(OPENAPI_VENDORS, name);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [name, specOverride] = process.argv.slice(2);
  const known = Object.keys(OPENAPI_VENDORS).join(', ');
  if (name !== undefined && !isVendor(name)) {
    process.stderr.write(`unknown vendor "${name}" (known: ${known})\n`);
    process.exit(2);
  }
  const vendors = name === undefined ? (Object.keys(OPENAPI_VENDORS) as OpenApiVendorId[]) : [name];
  runGenerator(vendors, specOverride).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
