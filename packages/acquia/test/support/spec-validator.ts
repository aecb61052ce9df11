/**
 * Checks HTTP exchanges against Acquia's official Cloud API v2 OpenAPI document: the request's method,
 * path, path and query parameters and JSON body, and the response's status, media type and body, with
 * every `$ref` resolved by ajv against the document itself. A violation names the operation.
 *
 * The document is read at test time from the reference folder (never copied into the project).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Exchange } from './exchange-log.js';

type Json = Record<string, unknown>;

/** One way the exchange departs from the spec. */
export interface Violation {
  readonly operation: string;
  readonly side: 'request' | 'response';
  readonly message: string;
  /** `METHOD /path?query → status`, for the failure message. */
  readonly exchange: string;
}

/** What checking one exchange found. */
export interface ExchangeCheck {
  /** The operationId, `token` for the OAuth endpoint, or `unknown`. */
  readonly operation: string;
  readonly requestChecked: boolean;
  readonly responseChecked: boolean;
  /** The response status is not declared for the operation (throttling, injected 5xx, auth failures). */
  readonly undeclaredStatus: boolean;
  readonly violations: readonly Violation[];
}

interface OperationEntry {
  readonly id: string;
  readonly method: string;
  readonly template: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** Literal characters in the template: the most specific match wins. */
  readonly literalLength: number;
  /** JSON pointer of the operation object. */
  readonly pointer: string;
}

interface ParameterEntry {
  readonly name: string;
  readonly location: string;
  readonly required: boolean;
  readonly schemaPointer: string | undefined;
}

const SPEC_ID = 'acquia-cloud-api-v2';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch'];
/** Formats the document uses that ajv-formats does not define; accepted as any string. */
const PERMISSIVE_FORMATS = ['binary', 'string', 'id', 'cidr | ipv4', 'iri-reference'];
const JSON_MEDIA = /^application\/([\w.+-]*\+)?json$/i;

/**
 * The backup download operation, absent from the latest spec revision (`ac9039ec`) but present in every
 * earlier one and still linked from every backup (vendor notes §0, §4.5). Its structure, as the notes
 * describe it, is added so exchanges of the hand-typed operation are checked too.
 */
function addDownloadOperation(spec: Json): void {
  const paths = spec.paths as Json;
  const p = (name: string) => ({ $ref: `#/components/parameters/Acquia_Cloud_API_Documentation_${name}` });
  const error = {
    content: {
      'application/hal+json': { schema: { $ref: '#/components/schemas/Acquia_Cloud_API_Documentation_error' } },
    },
  };
  paths['/environments/{environmentId}/databases/{databaseName}/backups/{backupId}/actions/download'] = {
    get: {
      operationId: 'getEnvironmentsDatabaseDownloadBackup',
      parameters: [p('environment-id'), p('database-name'), p('backup-id')],
      responses: {
        200: {
          content: {
            'application/hal+json': {
              schema: {
                type: 'object',
                required: ['url', 'expires_at'],
                properties: {
                  url: { type: 'string', format: 'uri' },
                  expires_at: { type: 'string', format: 'date-time' },
                  _links: { $ref: '#/components/schemas/Acquia_Cloud_API_Documentation_links' },
                },
              },
            },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
        403: error,
        404: error,
      },
    },
  };
}

/** Reads the spec file and adds the hand-typed download operation. */
export function loadAcquiaSpec(file: string): Json {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
  addDownloadOperation(spec);
  return spec;
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pointerOf(...tokens: string[]): string {
  return tokens.map((token) => `/${escapeToken(token)}`).join('');
}

function ajvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}

/** The spec, compiled lazily per schema, and the operations by method + path template. */
export class AcquiaSpecValidator {
  private readonly bodies: Ajv;
  private readonly params: Ajv;
  private readonly operations: OperationEntry[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly errorSchemaPointer = pointerOf('components', 'schemas', 'Acquia_Cloud_API_Documentation_error');

  constructor(
    private readonly spec: Json,
    /** Base path of the API under the server's origin (`/api`). */
    private readonly basePath: string,
    /** The OAuth token endpoint's path (not part of the API spec). */
    private readonly tokenPath: string,
  ) {
    // Bodies are checked as sent (no coercion: a numeric string where an integer belongs is a violation);
    // path and query values are strings on the wire, so that instance coerces.
    this.bodies = this.createAjv(false);
    this.params = this.createAjv(true);
    for (const [template, item] of Object.entries(spec.paths as Json)) {
      for (const method of HTTP_METHODS) {
        const operation = (item as Json)[method] as Json | undefined;
        if (!operation) continue;
        const names: string[] = [];
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            if (part.startsWith('{')) {
              names.push(part.slice(1, -1));
              return '([^/]+?)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('');
        this.operations.push({
          id: String(operation.operationId),
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${source}$`),
          names,
          literalLength: template.replace(/\{[^}]+\}/g, '').length,
          pointer: pointerOf('paths', template, method),
        });
      }
    }
  }

  /** Operations in the document (the hand-typed download operation included). */
  get operationCount(): number {
    return this.operations.length;
  }

  private createAjv(coerce: boolean): Ajv {
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce, validateFormats: true });
    addFormats(ajv);
    for (const format of PERMISSIVE_FORMATS) ajv.addFormat(format, true);
    ajv.addSchema(this.spec, SPEC_ID);
    return ajv;
  }

  private node(pointer: string): unknown {
    let node: unknown = this.spec;
    for (const raw of pointer.split('/').slice(1)) {
      const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Json | undefined)?.[token];
    }
    return node;
  }

  /** Follows `$ref`s (within the document) from a pointer to the object it finally names. */
  private deref(pointer: string): { pointer: string; node: Json | undefined } {
    let current = pointer;
    for (let hops = 0; hops < 10; hops += 1) {
      const node = this.node(current) as Json | undefined;
      const ref = node?.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) return { pointer: current, node };
      current = ref.slice(1);
    }
    return { pointer: current, node: undefined };
  }

  private validator(ajv: Ajv, pointer: string, wrapped: boolean): ValidateFunction {
    const key = `${ajv === this.params ? 'p' : 'b'}${wrapped ? 'w' : ''}${pointer}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const fragment = pointer
        .split('/')
        .map((token) => encodeURIComponent(token))
        .join('/');
      const ref = { $ref: `${SPEC_ID}#${fragment}` };
      validate = ajv.compile(wrapped ? { type: 'object', properties: { value: ref }, required: ['value'] } : ref);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private parameters(operation: OperationEntry): ParameterEntry[] {
    const itemPointer = operation.pointer.slice(0, operation.pointer.lastIndexOf('/'));
    const out = new Map<string, ParameterEntry>();
    for (const listPointer of [`${itemPointer}/parameters`, `${operation.pointer}/parameters`]) {
      const list = this.node(listPointer);
      if (!Array.isArray(list)) continue;
      list.forEach((_, index) => {
        const { pointer, node } = this.deref(`${listPointer}/${index}`);
        if (!node) return;
        const entry: ParameterEntry = {
          name: String(node.name),
          location: String(node.in),
          required: node.required === true,
          schemaPointer: node.schema ? `${pointer}/schema` : undefined,
        };
        out.set(`${entry.location}:${entry.name}`, entry);
      });
    }
    return [...out.values()];
  }

  /** The operation a request is for: method + the most specific matching path template. */
  match(method: string, apiPath: string): { operation: OperationEntry; values: Record<string, string> } | undefined {
    let best: { operation: OperationEntry; values: Record<string, string> } | undefined;
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const found = operation.regex.exec(apiPath);
      if (!found) continue;
      if (best && best.operation.literalLength >= operation.literalLength) continue;
      const values: Record<string, string> = {};
      operation.names.forEach((name, index) => {
        values[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      best = { operation, values };
    }
    return best;
  }

  /** Checks one recorded exchange. */
  check(exchange: Exchange): ExchangeCheck {
    const label = `${exchange.method} ${exchange.path}${exchange.query ? `?${exchange.query}` : ''} → ${exchange.status ?? 'no response'}`;
    if (exchange.path === this.tokenPath) {
      return {
        operation: 'token',
        requestChecked: false,
        responseChecked: false,
        undeclaredStatus: false,
        violations: [],
      };
    }
    const violations: Violation[] = [];
    const add = (operation: string, side: Violation['side'], message: string) =>
      violations.push({ operation, side, message, exchange: label });
    if (!exchange.path.startsWith(`${this.basePath}/`)) {
      add('unknown', 'request', `path is not under the API base ${this.basePath}`);
      return {
        operation: 'unknown',
        requestChecked: true,
        responseChecked: false,
        undeclaredStatus: false,
        violations,
      };
    }
    const apiPath = exchange.path.slice(this.basePath.length);
    const matched = this.match(exchange.method, apiPath);
    if (!matched) {
      add('unknown', 'request', 'no operation of the spec has this method and path');
      return {
        operation: 'unknown',
        requestChecked: true,
        responseChecked: false,
        undeclaredStatus: false,
        violations,
      };
    }
    const { operation, values } = matched;
    this.checkRequest(operation, values, exchange, (message) => add(operation.id, 'request', message));
    if (exchange.status === undefined) {
      return {
        operation: operation.id,
        requestChecked: true,
        responseChecked: false,
        undeclaredStatus: false,
        violations,
      };
    }
    const undeclared = this.checkResponse(operation, exchange, (message) => add(operation.id, 'response', message));
    return {
      operation: operation.id,
      requestChecked: true,
      responseChecked: true,
      undeclaredStatus: undeclared,
      violations,
    };
  }

  private checkRequest(
    operation: OperationEntry,
    pathValues: Record<string, string>,
    exchange: Exchange,
    add: (message: string) => void,
  ): void {
    const parameters = this.parameters(operation);
    const query = new URLSearchParams(exchange.query);
    for (const parameter of parameters) {
      if (parameter.location === 'path') {
        const value = pathValues[parameter.name];
        if (value === undefined) add(`path parameter ${parameter.name} is not in the template`);
        else this.checkValue(parameter, value, add);
      } else if (parameter.location === 'query') {
        const present = query.getAll(parameter.name);
        if (present.length === 0 && parameter.required) add(`query parameter ${parameter.name} is required`);
        for (const value of present) this.checkValue(parameter, value, add);
      }
    }
    for (const name of new Set(query.keys())) {
      if (!parameters.some((parameter) => parameter.location === 'query' && parameter.name === name)) {
        add(`query parameter ${name} is not declared`);
      }
    }
    this.checkRequestBody(operation, exchange, add);
  }

  private checkValue(parameter: ParameterEntry, value: string, add: (message: string) => void): void {
    if (!parameter.schemaPointer) return;
    const validate = this.validator(this.params, parameter.schemaPointer, true);
    if (!validate({ value })) add(`${parameter.location} parameter ${parameter.name}: ${ajvErrors(validate.errors)}`);
  }

  private checkRequestBody(operation: OperationEntry, exchange: Exchange, add: (message: string) => void): void {
    const { pointer, node } = this.deref(`${operation.pointer}/requestBody`);
    const text = exchange.requestBody.trim();
    if (!node) {
      // Acquia "requires both a Content-Type header and a body for all POST requests" (acquia/cli commit
      // 12da23f7, CLI-1779), so a POST the spec gives no body sends `{}`. Anything more is a violation.
      if (text !== '' && !(exchange.method === 'POST' && text === '{}'))
        add('a body was sent to an operation that takes none');
      return;
    }
    if (text === '') {
      if (node.required === true) add('the request body is required');
      return;
    }
    const content = (node.content ?? {}) as Json;
    const mediaType = (exchange.requestContentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // The spec lists `application/hal+json` and form encoding; both peers (acli, the PHP SDK) send the
    // same JSON as `application/json`, which the API accepts. It is checked against the JSON schema.
    const jsonKey = Object.keys(content).find((key) => JSON_MEDIA.test(key));
    if (!JSON_MEDIA.test(mediaType) || !jsonKey) {
      add(`request content type ${mediaType || '(none)'} is not a JSON type the operation accepts`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      add('the request body is not JSON');
      return;
    }
    const schemaPointer = `${pointer}/content/${escapeToken(jsonKey)}/schema`;
    const validate = this.validator(this.bodies, schemaPointer, false);
    if (!validate(body)) add(`request body: ${ajvErrors(validate.errors)}`);
  }

  /** Returns true when the status is not declared for the operation. */
  private checkResponse(operation: OperationEntry, exchange: Exchange, add: (message: string) => void): boolean {
    const status = exchange.status as number;
    const mediaType = (exchange.responseContentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const text = exchange.responseBody ?? '';
    const declared = this.deref(`${operation.pointer}/responses/${status}`);
    if (!declared.node) {
      if (status < 400) {
        add(`status ${status} is not declared`);
        return true;
      }
      // Undeclared errors (429, injected 5xx, expired-token 403s on classic endpoints) must still be
      // Acquia's `{ error, message }` when JSON; 5xx may be the HTML page Acquia really sends
      // (typhonius/acquia-php-sdk-v2 PR #453).
      if (JSON_MEDIA.test(mediaType)) this.checkJson(this.errorSchemaPointer, text, add, `error body of ${status}`);
      else if (status < 500) add(`undeclared ${status} answered with ${mediaType || 'no media type'}, not JSON`);
      return true;
    }
    const content = declared.node.content as Json | undefined;
    if (!content || Object.keys(content).length === 0) {
      if (text.trim() !== '') add(`status ${status} declares no body, but one was sent`);
      return false;
    }
    const key = Object.keys(content).find((candidate) => candidate.toLowerCase() === mediaType);
    if (!key) {
      add(
        `status ${status} answered with ${mediaType || 'no media type'}; declared: ${Object.keys(content).join(', ')}`,
      );
      return false;
    }
    if (JSON_MEDIA.test(key)) {
      this.checkJson(`${declared.pointer}/content/${escapeToken(key)}/schema`, text, add, `body of ${status}`);
    }
    return false;
  }

  private checkJson(schemaPointer: string, text: string, add: (message: string) => void, what: string): void {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      add(`${what} is not JSON`);
      return;
    }
    const validate = this.validator(this.bodies, schemaPointer, false);
    if (!validate(body)) add(`${what}: ${ajvErrors(validate.errors)}`);
  }
}
