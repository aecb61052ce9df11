/**
 * Checks traffic against Acquia's official Site Factory OpenAPI spec (read from the shared reference
 * folder at test time; nothing of it is copied into the package): every request's path and query
 * parameters and JSON body, and every 200 response's body, with ajv. `$ref`s resolve inside the spec.
 * A violation names the operation, so a failure says which endpoint and which field.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedPath } from '../../../../test/support/shared-reference.js';
import { EXTRA_OPERATIONS } from '../../src/client/extra-operations.js';
import { SITE_FACTORY_OPERATIONS } from '../../src/client/operations.js';
import type { SiteFactoryExchange } from '../../src/testing/index.js';

/** A JSON Schema node of the spec (OpenAPI 3.0 subset). */
export interface SpecSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, SpecSchema>;
  additionalProperties?: SpecSchema | boolean;
  items?: SpecSchema;
  oneOf?: SpecSchema[];
  required?: string[];
  example?: unknown;
  [keyword: string]: unknown;
}

interface SpecParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: SpecSchema;
}

/** One operation of the spec. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly SpecParameter[];
  readonly requestSchema: SpecSchema | undefined;
  readonly responseSchema: SpecSchema | undefined;
}

/** The spec document, as far as the checker reads it. */
export interface SpecDocument {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; parameters?: SpecParameter[]; requestBody?: unknown; responses: Record<string, unknown> }
    >
  >;
  components: { schemas: Record<string, SpecSchema> };
}

/** Reads the official spec from the shared reference folder (call inside `describeWithShared`). */
export function loadSpec(): SpecDocument {
  return JSON.parse(
    readFileSync(sharedPath('specs', 'sitefactory', 'acsf-openapi-from-acquia-cli.json'), 'utf8'),
  ) as SpecDocument;
}

/** What checking a batch of exchanges found. */
export interface FidelityReport {
  /** Requests to operations the spec describes, checked (parameters and body). */
  readonly requestsValidated: number;
  /** 200 responses of operations the spec describes, checked against the response schema. */
  readonly responsesValidated: number;
  /** Requests to the hand-typed operations the spec lacks (`POST /api/v2/update`, ...), not checkable. */
  readonly outsideSpec: number;
  /** Every problem, each naming its operation. */
  readonly violations: readonly string[];
  /** operationIds seen. */
  readonly operations: ReadonlySet<string>;
}

/** Validates requests and responses against the spec. */
export class SpecChecker {
  readonly ajv: Ajv;
  readonly operations: SpecOperation[] = [];
  private readonly validators = new Map<SpecSchema, ValidateFunction>();

  constructor(readonly spec: SpecDocument) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'acsf', components: spec.components });
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = operation.requestBody as { content?: Record<string, { schema?: SpecSchema }> } | undefined;
        const ok = operation.responses['200'] as { content?: Record<string, { schema?: SpecSchema }> } | undefined;
        this.operations.push({
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          parameters: operation.parameters ?? [],
          requestSchema: body?.content?.['application/json']?.schema,
          responseSchema: ok?.content?.['application/json']?.schema,
        });
      }
    }
  }

  /** A schema node with its `$ref` followed. */
  resolve(node: SpecSchema | undefined): SpecSchema | undefined {
    let current = node;
    for (let hops = 0; current?.$ref && hops < 10; hops += 1) {
      current = this.spec.components.schemas[current.$ref.split('/').pop() ?? ''];
    }
    return current;
  }

  /** ajv errors of `value` against a schema node of the spec, as text; empty when valid. */
  errors(node: SpecSchema, value: unknown): string[] {
    let validate = this.validators.get(node);
    if (!validate) {
      validate = this.ajv.compile(rebase(node) as SpecSchema);
      this.validators.set(node, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  }

  /** The spec operation for a method and a concrete path (most literal segments win). */
  match(method: string, path: string): { operation: SpecOperation; params: Record<string, string> } | undefined {
    const segments = path.split('/');
    let best: { operation: SpecOperation; params: Record<string, string>; literals: number } | undefined;
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const template = operation.path.split('/');
      if (template.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const fits = template.every((part, index) => {
        const actual = segments[index] ?? '';
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (name) {
          params[name] = decodeURIComponent(actual);
          return actual !== '';
        }
        literals += 1;
        return part === actual;
      });
      if (fits && (!best || literals > best.literals)) best = { operation, params, literals };
    }
    return best && { operation: best.operation, params: best.params };
  }

  /** Checks a batch of exchanges. */
  check(exchanges: readonly SiteFactoryExchange[]): FidelityReport {
    const violations: string[] = [];
    const operations = new Set<string>();
    let requestsValidated = 0;
    let responsesValidated = 0;
    let outsideSpec = 0;
    for (const exchange of exchanges) {
      const found = this.match(exchange.method, exchange.path);
      if (!found) {
        if (isHandTyped(exchange.method, exchange.path) || exchange.path.startsWith('/sim-storage/')) outsideSpec += 1;
        else violations.push(`${exchange.method} ${exchange.path}: no operation of the spec or of the hand-typed ones`);
        continue;
      }
      const { operation, params } = found;
      const where = `${operation.operationId} (${exchange.method} ${exchange.path})`;
      operations.add(operation.operationId);
      // Where the spec is incomplete the client follows a hand-typed definition instead (change_time's body,
      // which the spec omits): that request cannot be held to the spec; its response still is.
      if (operation.operationId in EXTRA_OPERATIONS) outsideSpec += 1;
      else {
        requestsValidated += 1;
        violations.push(...this.requestProblems(operation, params, exchange).map((p) => `${where} request ${p}`));
      }
      if (exchange.status === 200) {
        responsesValidated += 1;
        const schema = operation.responseSchema;
        if (exchange.json === undefined) violations.push(`${where} response: a 200 without a JSON body`);
        else if (schema) {
          for (const problem of this.errors(schema, exchange.json)) violations.push(`${where} response ${problem}`);
        }
      }
    }
    return { requestsValidated, responsesValidated, outsideSpec, violations, operations };
  }

  private requestProblems(operation: SpecOperation, params: Record<string, string>, exchange: SiteFactoryExchange) {
    const problems: string[] = [];
    for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
      const value = params[parameter.name];
      if (value === undefined || !this.paramValid(parameter.schema, [value])) {
        problems.push(`path parameter ${parameter.name}=${String(value)} does not fit its schema`);
      }
    }
    const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const [name, values] of Object.entries(exchange.query)) {
      const parameter = declared.get(name);
      if (!parameter) problems.push(`query parameter ${name} is not declared`);
      else if (!this.paramValid(parameter.schema, values))
        problems.push(`query parameter ${name}=${values} is invalid`);
    }
    for (const parameter of declared.values()) {
      if (parameter.required && !(parameter.name in exchange.query))
        problems.push(`query ${parameter.name} is missing`);
    }
    const text = exchange.bodyText.trim();
    if (operation.requestSchema) {
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        problems.push('body is not JSON');
      }
      if (body === undefined && exchange.method !== 'DELETE') problems.push('body is missing');
      if (body !== undefined) problems.push(...this.errors(operation.requestSchema, body).map((e) => `body ${e}`));
    } else if (text !== '' && text !== '{}') {
      problems.push('body sent to an operation that takes none');
    }
    return problems;
  }

  /** Query and path values are text: numbers and booleans are tried as such, lists split on commas. */
  private paramValid(schema: SpecSchema | undefined, values: readonly string[]): boolean {
    if (!schema) return true;
    if (schema.type === 'array') {
      const items = values.flatMap((value) => value.split(','));
      return items.every((item) => this.paramValid(schema.items, [item]));
    }
    if (values.length !== 1) return false;
    const text = values[0] ?? '';
    const candidates: unknown[] = [text];
    if (/^-?\d+$/.test(text)) candidates.push(Number(text));
    if (text === 'true' || text === 'false') candidates.push(text === 'true');
    return candidates.some((candidate) => this.errors(schema, candidate).length === 0);
  }
}

/** Rewrites the spec's local `$ref`s so they resolve in the `acsf` schema registered with ajv. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `acsf${value}` : rebase(value),
    ]),
  );
}

/** True for a request to one of the hand-typed operations (absent from the spec). */
function isHandTyped(method: string, path: string): boolean {
  return Object.entries(SITE_FACTORY_OPERATIONS).some(([, row]) => {
    if (row.method !== method) return false;
    const pattern = new RegExp(`^${row.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}
