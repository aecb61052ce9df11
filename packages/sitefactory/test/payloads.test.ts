/**
 * Reference payloads: every file in specs/sitefactory/examples/ and every example in the official spec
 * parses through the client's schemas (and, where the vocabulary uses it, its mappers); the spec checker
 * used by the traffic checks catches what it should. Reads ../shared, so the suites are skipped without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/support/shared-reference.js';
import { listEnvelope } from '../src/client/list-envelope.js';
import { responseSchemaOf, type SiteFactoryOperationId } from '../src/client/operations.js';
import {
  cacheClearResponseSchema,
  isWipDone,
  siteFactoryErrorMapping,
  taskStartedSchema,
  toBackup,
  toSite,
  toTask,
  updateStatusSchema,
  wipTaskSchema,
  wipTaskState,
  wipTaskStatusResponseSchema,
} from '../src/index.js';
import { backupRowSchema } from '../src/schemas/backup.js';
import { siteRowSchema } from '../src/schemas/site.js';
import type { SiteFactoryExchange } from '../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from './support/harness.js';
import { loadSpec, SpecChecker, type SpecSchema } from './support/spec-checker.js';

/** How each example file is read: the operation whose 200 body (or request body) it is, plus extra checks. */
const EXAMPLES: Readonly<
  Record<string, { operation?: SiteFactoryOperationId; request?: true; check?: (value: unknown) => void }>
> = {
  'audit.GET.json': { operation: 'get_AuditEvent_getAuditEvents' },
  'errors.json': { check: checkErrorBodies },
  'pause_all.POST.json': { operation: 'post_Pause_pause' },
  'pause_task.POST.json': { operation: 'post_Pause_pauseTask' },
  'roles.GET.json': { operation: 'get_Role_getRoles' },
  'sf_info.GET.json': { operation: 'get_SfInfo_getSfVersion' },
  'sites_cache_clear.POST.json': {
    operation: 'post_Sites_clearCaches',
    check: (value) => expect(cacheClearResponseSchema.parse(value).task_ids.varnish_cache_clear).toBe(1234),
  },
  'stacks.GET.json': { operation: 'get_CodeBases_getCodeBaseNames' },
  'stacks_details.GET.json': { operation: 'get_CodeBases_getCodeBaseDetails' },
  'stage_v2_environments.GET.json': { operation: 'get_StageV2_stagingEnvironments' },
  'stage_v2_start.POST.json': { operation: 'post_StageV2_stage', check: startedTask },
  'stage_v2_start.request.json': { operation: 'post_StageV2_stage', request: true },
  'task_classes.GET.json': { operation: 'get_Task_classes' },
  'task_delete.DELETE.json': { operation: 'delete_Task_delete' },
  'task_logs.GET.json': { operation: 'get_Task_logs' },
  'task_terminate.PUT.json': { operation: 'put_Task_terminate' },
  'tasks_list.GET.json': { operation: 'get_Task_tasks', check: taskRows },
  'tasks_list.running_backup.GET.json': {
    operation: 'get_Task_tasks',
    check: (value) => expect(taskRows(value).map((task) => task.state)).toEqual(['running']),
  },
  'update_change_time.POST.json': { operation: 'post_Update_changeUpdaterStartTime' },
  'update_list.GET.json': { operation: 'get_Update_updateList' },
  'update_pause.POST.json': { operation: 'post_Update_pauseUpdate' },
  'update_start.POST.json': { operation: 'post_Update_update', check: startedTask },
  'update_start.request.json': { operation: 'post_Update_update', request: true },
  'update_status.GET.json': {
    operation: 'get_Update_status',
    check: (value) => {
      const status = updateStatusSchema.parse(value);
      expect(status.statuses?.completed).toBe(30);
      expect(status.percentage).toBe(100);
    },
  },
  'update_terminate.DELETE.json': { operation: 'delete_Update_terminateUpdater' },
  // Not in the spec (multi-stack update): checked by sending it to the simulator below.
  'update_v2_start.request.json': { check: (value) => expect(value).toHaveProperty('sites') },
  'user.GET.json': { operation: 'get_User_getUser' },
  'user_create.POST.json': { operation: 'post_User_createUser' },
  'users.GET.json': { operation: 'get_User_getUsers' },
  'vcs_refs.GET.json': { operation: 'get_Vcs_getRefs' },
  'wip_status_codes.json': { check: checkStatusCodes },
  'wip_task_status.GET.json': {
    operation: 'get_WipTaskStatus_getWipTaskStatus',
    check: (value) => {
      const task = toTask(wipTaskStatusResponseSchema.parse(value).wip_task);
      expect(task.state).toBe('succeeded');
      expect(task.finishedAt).toBeInstanceOf(Date);
    },
  },
};

function examplesDir(): string {
  return sharedPath('specs', 'sitefactory', 'examples');
}

function readExample(file: string): unknown {
  return JSON.parse(readFileSync(`${examplesDir()}/${file}`, 'utf8'));
}

describeWithShared('sitefactory reference payloads', () => {
  let checker: SpecChecker;
  beforeAll(() => {
    checker = new SpecChecker(loadSpec());
  });

  it('parses every file in specs/sitefactory/examples/', () => {
    const files = readdirSync(examplesDir()).filter((file) => file.endsWith('.json'));
    expect(files.filter((file) => !(file in EXAMPLES))).toEqual([]);
    let parsed = 0;
    let specChecked = 0;
    for (const file of files) {
      const entry = EXAMPLES[file];
      const value = readExample(file);
      if (entry?.operation && !entry.request) {
        const result = responseSchemaOf(entry.operation).safeParse(value);
        expect(result.success, `${file}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
        const spec = checker.operations.find((operation) => operation.operationId === entry.operation);
        expect(spec?.responseSchema, file).toBeDefined();
        expect(checker.errors(spec?.responseSchema as SpecSchema, value), file).toEqual([]);
        specChecked += 1;
      }
      if (entry?.operation && entry.request) {
        const spec = checker.operations.find((operation) => operation.operationId === entry.operation);
        expect(checker.errors(spec?.requestSchema as SpecSchema, value), file).toEqual([]);
        specChecked += 1;
      }
      entry?.check?.(value);
      parsed += 1;
    }
    console.info(
      `[sitefactory payloads] ${parsed} example files parsed (${specChecked} also validated against the spec's schemas)`,
    );
    expect(parsed).toBe(files.length);
  });

  it('parses every example of the spec: each operation’s 200 body built from its examples', () => {
    const used = new Set<SpecSchema>();
    let documents = 0;
    for (const operation of checker.operations) {
      if (!operation.responseSchema) continue;
      const document = synthesize(checker, operation.responseSchema, used);
      const result = responseSchemaOf(operation.operationId as SiteFactoryOperationId).safeParse(document);
      expect(result.success, `${operation.operationId}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      expect(checker.errors(operation.responseSchema, document), operation.operationId).toEqual([]);
      documents += 1;
    }
    // Every `example` in the spec took part, and each one is valid for the schema it annotates.
    const all = exampleNodes(checker.spec);
    expect([...all].filter((node) => !used.has(node))).toEqual([]);
    for (const node of all) expect(checker.errors({ ...node, example: undefined }, node.example)).toEqual([]);
    console.info(`[sitefactory payloads] ${all.size} spec examples in ${documents} response documents parsed`);
    expect(documents).toBe(120);
  });

  it('maps the spec’s site, backup and task examples through the vocabulary', () => {
    const used = new Set<SpecSchema>();
    const example = (operationId: string) =>
      synthesize(
        checker,
        checker.operations.find((operation) => operation.operationId === operationId)?.responseSchema as SpecSchema,
        used,
      );
    const sites = listEnvelope(siteRowSchema, ['sites']).parse(example('get_Sites_getSites'));
    expect(toSite(sites.items[0] as never, undefined).vendor).toBe('sitefactory');
    const backups = listEnvelope(backupRowSchema, ['backups']).parse(example('get_Sites_getSiteBackups'));
    expect(toBackup(backups.items[0] as never).id).toMatch(/^\d+$/);
    const rows = listEnvelope(wipTaskSchema, ['']).parse(example('get_Task_tasks'));
    expect(toTask(rows.items[0] as never).rawStatus).toMatch(/^\d+$/);
  });

  it('the checker names the operation and the field when traffic breaks the spec', () => {
    const base = { bodyText: '', route: '', contentType: 'application/json' } as const;
    const report = checker.check([
      {
        ...base,
        method: 'GET',
        path: '/api/v1/sites',
        query: { limit: ['5000'] },
        status: 200,
        json: { sites: 'none' },
      },
      {
        ...base,
        method: 'POST',
        path: '/api/v1/sites/12/backup',
        query: {},
        bodyText: '{"components":"database"}',
        status: 400,
        json: undefined,
      },
      { ...base, method: 'GET', path: '/api/v1/nowhere', query: {}, status: 404, json: undefined },
    ]);
    expect(report.violations).toEqual([
      expect.stringMatching(/^get_Sites_getSites .* query parameter limit=5000 is invalid$/),
      expect.stringMatching(/^get_Sites_getSites .* response \/sites must be array$/),
      expect.stringMatching(/^post_Sites_backupSite .* request body \/components must be array$/),
      'GET /api/v1/nowhere: no operation of the spec or of the hand-typed ones',
    ]);
  });
});

// The multi-stack request example (absent from the spec) is what the simulator's v2 update accepts.
const traffic: SiteFactoryExchange[] = [];
describeWithShared('sitefactory v2 update example', () => {
  let env: Recorded;
  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 30 }, traffic);
  });
  afterAll(() => env?.sim.close());

  it('sends the multi-stack request example through the typed client', async () => {
    const example = readExample('update_v2_start.request.json') as { sites: { name: string }[] };
    const stacks = await env.provider.raw.call('get_CodeBases_getCodeBaseNames');
    const name = Object.values(stacks.stacks ?? {})[0] as string;
    const sites = example.sites.map((entry) => ({ ...entry, name }));
    const started = await env.provider.raw.call('post_Update_updateV2', {
      body: { sites: sites as { name: string; ref: string; type: string }[] },
    });
    const task = await env.provider.tasks.wait(String(started.task_id), { minIntervalMs: 10, timeoutMs: 10_000 });
    expect(task.state).toBe('succeeded');
  });
});
checkTrafficAgainstSpec('v2 update example', () => traffic);

function startedTask(value: unknown): void {
  expect(taskStartedSchema.parse(value).taskId).toBe('123');
}

function taskRows(value: unknown) {
  return listEnvelope(wipTaskSchema, [''])
    .parse(value)
    .items.map((row) => {
      const task = toTask(row);
      expect(task.state).not.toBe('unknown');
      return task;
    });
}

function checkErrorBodies(value: unknown): void {
  const bodies = value as Record<string, unknown>;
  const read = (body: unknown, status: number) => siteFactoryErrorMapping.parseBody(body, { status, headers: {} });
  expect(read(bodies.bad_request_invalid_json_400, 400).message).toBe('Invalid JSON provided: Syntax error');
  const kinds = Object.fromEntries(
    Object.entries(bodies.message_prefix_patterns as Record<string, string>).map(([name, message]) => [
      name,
      read({ message }, 403).kind,
    ]),
  );
  expect(kinds).toEqual({
    AccessDenied: 'authentication',
    ActionForbidden: 'permission',
    BadRequest: 'validation',
    UnprocessableEntity: 'validation',
  });
  expect(read(bodies.not_found_illustrative_404, 404).message).toBe('Task not found');
  expect(read(String(bodies.unknown_route), 404).vendorCode).toBe('unknown-route');
}

function checkStatusCodes(value: unknown): void {
  const names = (value as { WIP_STATUS_BITS: Record<string, string> }).WIP_STATUS_BITS;
  const expected: Record<string, string> = {
    NOT_STARTED: 'queued',
    RESTARTED: 'queued',
    TO_BE_RUN: 'queued',
    IN_PROCESS: 'running',
    WAITING: 'running',
    RUNNING: 'running',
    COMPLETED: 'succeeded',
    ERROR: 'failed',
    KILLED: 'cancelled',
    WARNING: 'succeeded',
  };
  for (const [code, label] of Object.entries(names)) {
    const name = label.split(' ')[0] as string;
    if (name === 'DONE') {
      expect(isWipDone(Number(code))).toBe(true);
      expect(wipTaskState(Number(code))).not.toBe('succeeded');
    } else expect(wipTaskState(Number(code)), label).toBe(expected[name]);
  }
}

/** Every schema node of the spec that carries an `example`. */
function exampleNodes(spec: { components: { schemas: Record<string, SpecSchema> } }): Set<SpecSchema> {
  const nodes = new Set<SpecSchema>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if ('example' in node) nodes.add(node as SpecSchema);
    for (const [key, child] of Object.entries(node)) if (key !== 'example') walk(child);
  };
  walk(spec.components.schemas);
  return nodes;
}

/**
 * A document for a schema built from the spec's own examples: objects from their properties' examples,
 * arrays of one item, maps with one entry, the first variant of a `oneOf` (the others are still visited,
 * so their examples count as used).
 */
function synthesize(checker: SpecChecker, schema: SpecSchema, used: Set<SpecSchema>, depth = 0): unknown {
  const node = checker.resolve(schema);
  if (!node || depth > 12) return undefined;
  if ('example' in node) used.add(node);
  if (node.oneOf) {
    const variants = node.oneOf.map((variant) => synthesize(checker, variant, used, depth + 1));
    return variants[0];
  }
  if (node.type === 'array') {
    const item = node.items ? synthesize(checker, node.items, used, depth + 1) : undefined;
    return item === undefined ? [] : [item];
  }
  if (node.type === 'object' || node.properties || node.additionalProperties) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const value = synthesize(checker, child, used, depth + 1);
      if (value !== undefined) out[key] = value;
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      const value = synthesize(checker, node.additionalProperties, used, depth + 1);
      if (value !== undefined) out['1'] = value;
    }
    return out;
  }
  return node.example;
}
