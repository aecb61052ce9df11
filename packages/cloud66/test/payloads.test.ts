/**
 * Every real payload in the reference folder (specs/cloud66) parses through the package's schemas, and
 * the mappers turn it into valid vocabulary objects that keep the payload untouched in `raw`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  backupSchema as coreBackupSchema,
  deploymentSchema as coreDeploymentSchema,
  siteSchema,
  taskSchema,
} from '@omnihost/core';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import { describeWithShared, sharedPath } from '../../../test/support/shared-reference.js';
import {
  accountSchema,
  actionToTask,
  asyncActionSchema,
  backupFileLinkSchema,
  backupFileSchema,
  backupSchema,
  cloud66HasNextPage,
  containerSchema,
  deploymentSchema,
  enveloped,
  environmentVariableSchema,
  fixCloud66SignedUrl,
  genericResponseSchema,
  listPage,
  redeployResponseSchema,
  serverSchema,
  serviceSchema,
  sslCertificateSchema,
  stackSchema,
  stackToSite,
  stackToTask,
  toBackup,
  toDeployment,
  untouchedPayload,
} from '../src/index.js';

const STACK = '5999b763474b0eafa5fafb64bff0ba80';

/** How each payload is read: its schema, and (for vocabulary objects) the mapper and the core schema it must satisfy. */
interface Reader {
  schema: z.ZodType;
  list: boolean;
  check?: (item: unknown) => void;
}

const one = (schema: z.ZodType, check?: (item: unknown) => void): Reader => ({ schema, list: false, check });
const many = (schema: z.ZodType, check?: (item: unknown) => void): Reader => ({ schema, list: true, check });

function valid(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
}

const asSite = (item: unknown) => {
  const site = stackToSite(item as never);
  valid(siteSchema, site);
  valid(taskSchema, stackToTask(item as never));
};
const asTask = (item: unknown) => valid(taskSchema, actionToTask(STACK, item as never));
const asDeployment = (item: unknown) => valid(coreDeploymentSchema, toDeployment(STACK, item as never));
const asBackup = (item: unknown) => valid(coreBackupSchema, toBackup(STACK, item as never));

/** File → reader. A payload added to the folder without an entry here fails the test below. */
const READERS: Readonly<Record<string, Reader>> = {
  'accounts_list.cx-mock.json': many(accountSchema),
  'backup_create_task.json': one(genericResponseSchema),
  'backup_file_get.json': one(backupFileLinkSchema, (item) => {
    const segment = fixCloud66SignedUrl((item as { public_url: string }).public_url);
    // The docs' signature is double-encoded (%252F); the repaired URL has single encoding.
    expect(segment.url).not.toContain('%25');
    expect(segment.url).toContain('Signature=C2au7Jq%2F1m6uHGHRfGJPn%2F2GSS8%3D');
    expect(segment.expiresAt?.toISOString()).toBe('2014-09-01T20:32:50.000Z');
  }),
  'backup_files_list.json': many(backupFileSchema),
  'backup_get.json': one(backupSchema, asBackup),
  'backup_import.json': one(genericResponseSchema),
  'backups_list.json': many(backupSchema, asBackup),
  'containers_list.json': many(containerSchema),
  'deployment_cancel.json': one(genericResponseSchema),
  'deployment_create_redeploy.json': one(redeployResponseSchema, (item) => {
    expect(item).toMatchObject({ async_action_id: 40, queued: true });
  }),
  'deployment_get.json': one(deploymentSchema, asDeployment),
  'deployments_list.json': many(deploymentSchema, asDeployment),
  'env_var_create.json': one(asyncActionSchema, asTask),
  'env_var_get.json': one(environmentVariableSchema),
  'env_var_update.json': one(asyncActionSchema, asTask),
  'env_vars_list.json': many(environmentVariableSchema),
  'server_get.json': one(serverSchema),
  'server_reboot.json': one(asyncActionSchema, asTask),
  'servers_list.json': many(serverSchema),
  'service_get.json': one(serviceSchema),
  'service_scale.json': one(asyncActionSchema, asTask),
  'service_stop.json': one(asyncActionSchema, asTask),
  'services_list.json': many(serviceSchema),
  'ssl_certificates_list.json': many(sslCertificateSchema),
  'stack_action_get.json': one(asyncActionSchema, asTask),
  'stack_action_run.json': one(asyncActionSchema, asTask),
  'stack_actions_list.json': many(asyncActionSchema, asTask),
  'stack_get.json': one(stackSchema, asSite),
  'stack_reboot_servers.json': one(asyncActionSchema, asTask),
  'stacks_list.json': many(stackSchema, asSite),
};

describeWithShared('cloud66 real payloads', () => {
  const folder = sharedPath('specs', 'cloud66');
  const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
  const load = (file: string): unknown => JSON.parse(readFileSync(`${folder}/${file}`, 'utf8'));

  it('has a reader for every payload in the folder', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((file) => !(file in READERS))).toEqual([]);
  });

  it.each(Object.keys(READERS))('%s parses and maps', (file) => {
    const reader = READERS[file] as Reader;
    const payload = load(file) as { response: unknown };
    if (reader.list) {
      const parsed = listPage(reader.schema).parse(payload);
      expect(parsed.response.length).toBeGreaterThan(0);
      // Every real list is a single last page: paging must stop there.
      expect(cloud66HasNextPage(parsed.pagination, 1)).toBe(false);
      parsed.response.forEach((item, index) => {
        reader.check?.(item);
        // Parsing copies and coerces; the payload as the vendor sent it stays reachable for `raw`.
        expect(untouchedPayload(item as object)).toBe((payload.response as unknown[])[index]);
      });
    } else {
      const parsed = enveloped(reader.schema).parse(payload);
      reader.check?.(parsed);
    }
  });

  it('keeps the untouched payload in raw (ids that arrived as strings stay strings there)', () => {
    const payload = load('stack_action_run.json') as { response: { resource_id: string; id: number } };
    const task = actionToTask(STACK, enveloped(asyncActionSchema).parse(payload));
    expect(task.raw).toBe(payload.response);
    expect(task.id).toBe(`${STACK}:10`);
    expect(task.state).toBe('running');
    expect(task.kind).toBe('clear_caches');
  });

  it('reads the action without its envelope too, as the 2023+ docs show it', () => {
    const payload = load('stack_action_get.json') as { response: unknown };
    const task = actionToTask(STACK, enveloped(asyncActionSchema).parse(payload.response));
    expect(task).toMatchObject({
      state: 'succeeded',
      message: 'Completed successfully',
      kind: 'application_deployment',
    });
  });

  it('reads the docs stack with its non-ISO dates', () => {
    const payload = load('stack_get.json') as { response: unknown };
    const site = stackToSite(enveloped(stackSchema).parse(payload));
    expect(site.createdAt?.toISOString()).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(site.status).toBe('active');
  });
});
