/**
 * Real payloads through the adapter's schemas and mappers: every fixture in the reference folder's
 * `specs/acquia-fixtures/`, and every 2xx example (and error example) the official spec gives for the
 * operations the adapter uses. The payloads are read at test time, never copied into the project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { backupSchema as coreBackupSchema, siteSchema, taskSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeWithShared, sharedPath } from '../../../test/support/shared-reference.js';
import {
  acceptedSchema,
  accountSchema,
  applicationListSchema,
  applicationSchema,
  backupListSchema,
  backupSchema,
  codeReferenceListSchema,
  databaseListSchema,
  environmentListSchema,
  environmentSchema,
  environmentToSite,
  notificationListSchema,
  notificationSchema,
  notificationToTask,
  parseAcquiaErrorBody,
  taskFromAccepted,
  toBackup,
} from '../src/index.js';

/** Parses a payload with a schema, failing with the zod issues. */
function parse<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues.slice(0, 3)));
  return result.data;
}

function expectValid(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(result.success ? '' : result.error.issues)).toBe(true);
}

/** What each kind of payload must survive: the adapter's schema, then its mapper into the vocabulary. */
const READERS = {
  applications: (payload: unknown) =>
    expect(parse(applicationListSchema, payload)._embedded.items.length).toBeGreaterThan(0),
  application: (payload: unknown) => expect(parse(applicationSchema, payload).uuid).toBeTruthy(),
  environments: (payload: unknown) => {
    const items = parse(environmentListSchema, payload)._embedded.items;
    expect(items.length).toBeGreaterThan(0);
    for (const environment of items) expectValid(siteSchema, environmentToSite(environment));
  },
  environment: (payload: unknown) => expectValid(siteSchema, environmentToSite(parse(environmentSchema, payload))),
  code: (payload: unknown) => expect(parse(codeReferenceListSchema, payload)._embedded.items.length).toBeGreaterThan(0),
  accepted: (payload: unknown) => {
    const task = taskFromAccepted(parse(acceptedSchema, payload), 'test');
    expectValid(taskSchema, task);
    // A 202 with a notification link is followed; one without (25 of the spec's 79 202s) cannot be, so its
    // state is unknown, with a warning saying so: never succeeded.
    expect(task.state === 'queued' || (task.state === 'unknown' && (task.warnings?.length ?? 0) > 0)).toBe(true);
  },
  backups: (payload: unknown) => {
    for (const backup of parse(backupListSchema, payload)._embedded.items) {
      expectValid(coreBackupSchema, toBackup(backup, '1-site'));
    }
  },
  backup: (payload: unknown) => expectValid(coreBackupSchema, toBackup(parse(backupSchema, payload), '1-site')),
  databases: (payload: unknown) => {
    const items = parse(databaseListSchema, payload)._embedded.items;
    expect(items.length).toBeGreaterThan(0);
    // The payload carries database credentials; the schema keeps none of them.
    for (const database of items) {
      for (const secret of ['password', 'url', 'user_name']) expect(Object.keys(database)).not.toContain(secret);
    }
  },
  notification: (payload: unknown) => {
    const task = notificationToTask(parse(notificationSchema, payload));
    expectValid(taskSchema, task);
    expect(task.state).not.toBe('unknown');
  },
  notifications: (payload: unknown) => {
    for (const item of parse(notificationListSchema, payload)._embedded.items)
      expectValid(taskSchema, notificationToTask(item));
  },
  account: (payload: unknown) => expect(parse(accountSchema, payload).uuid).toBeTruthy(),
  error: (payload: unknown) => {
    const details = parseAcquiaErrorBody(payload);
    expect(details.vendorCode).toBeTruthy();
    expect(details.message).toBeTruthy();
  },
} as const;

type Reader = keyof typeof READERS;

/** Every fixture file and what it is (SOURCES.md in the fixture folder names the endpoint of each). */
const FIXTURES: Readonly<Record<string, Reader>> = {
  'pmatias-python-acquia-cloud-2/notification.json': 'notification',
  'pmatias-python-acquia-cloud-2/notification_completed.json': 'notification',
  'pmatias-python-acquia-cloud-2/notification_failed.json': 'notification',
  'typhonius-acquia-php-sdk-v2/Account/getAccount.json': 'account',
  'typhonius-acquia-php-sdk-v2/Applications/getAllApplications.json': 'applications',
  'typhonius-acquia-php-sdk-v2/Applications/getApplication.json': 'application',
  'typhonius-acquia-php-sdk-v2/Code/deployCode.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Code/getAllCode.json': 'code',
  'typhonius-acquia-php-sdk-v2/Code/switchCode.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/DatabaseBackups/createDatabaseBackup.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/DatabaseBackups/deleteDatabaseBackup.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/DatabaseBackups/getAllDatabaseBackups.json': 'backups',
  'typhonius-acquia-php-sdk-v2/DatabaseBackups/getDatabaseBackup.json': 'backup',
  'typhonius-acquia-php-sdk-v2/DatabaseBackups/restoreDatabaseBackup.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Databases/copyDatabases.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Databases/getEnvironmentsDatabases.json': 'databases',
  'typhonius-acquia-php-sdk-v2/Environments/copyFiles.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Environments/disableLiveDev.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Environments/getAllEnvironments.json': 'environments',
  'typhonius-acquia-php-sdk-v2/Environments/getEnvironment.json': 'environment',
  'typhonius-acquia-php-sdk-v2/Environments/updateEnvironment.json': 'accepted',
  'typhonius-acquia-php-sdk-v2/Error/error403.json': 'error',
  'typhonius-acquia-php-sdk-v2/Error/error404.json': 'error',
  'typhonius-acquia-php-sdk-v2/Error/multipleErrors.json': 'error',
  'typhonius-acquia-php-sdk-v2/Notifications/getAllNotifications.json': 'notifications',
  'typhonius-acquia-php-sdk-v2/Notifications/getNotification.json': 'notification',
};

/** The operations the adapter calls, and how their success bodies are read. */
const OPERATIONS: Readonly<Record<string, Reader>> = {
  getAccount: 'account',
  getApplications: 'applications',
  getApplicationByUuid: 'application',
  getApplicationEnvironments: 'environments',
  getEnvironment: 'environment',
  getCodeByApplicationUuid: 'code',
  getEnvironmentsDatabases: 'databases',
  getEnvironmentsDatabaseBackups: 'backups',
  getEnvironmentsDatabaseBackup: 'backup',
  postEnvironmentsDatabaseBackups: 'accepted',
  deleteEnvironmentsDatabaseBackup: 'accepted',
  postEnvironmentsDatabaseRestoreBackup: 'accepted',
  postEnvironmentsSwitchCode: 'accepted',
  postEnvironmentsDeployCode: 'accepted',
  postEnvironmentsDatabases: 'accepted',
  postEnvironmentsFiles: 'accepted',
  getNotificationByUuid: 'notification',
  getApplicationNotifications: 'notifications',
};

function jsonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

interface SpecExample {
  operation: string;
  status: string;
  name: string;
  value: unknown;
}

/** Every example of every response of the adapter's operations, by status. */
function specExamples(): SpecExample[] {
  const spec = JSON.parse(readFileSync(sharedPath('specs', 'acquia-cloud-api-v2.json'), 'utf8')) as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId?: string;
          responses?: Record<
            string,
            { content?: Record<string, { example?: unknown; examples?: Record<string, { value?: unknown }> }> }
          >;
        }
      >
    >;
  };
  const out: SpecExample[] = [];
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const id = operation?.operationId;
      if (!id || !Object.hasOwn(OPERATIONS, id)) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.example !== undefined) out.push({ operation: id, status, name: 'example', value: media.example });
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            if (example.value !== undefined) out.push({ operation: id, status, name, value: example.value });
          }
        }
      }
    }
  }
  return out;
}

describeWithShared('acquia real payloads', () => {
  const root = sharedPath('specs', 'acquia-fixtures');

  describe('fixtures', () => {
    const files = jsonFiles(root).map((file) => relative(root, file).split('\\').join('/'));

    it('names every fixture file (a new one must be given a reader)', () => {
      expect([...files].sort()).toEqual(Object.keys(FIXTURES).sort());
    });

    it.each(files)('%s parses and maps', (file) => {
      const reader = FIXTURES[file] as Reader;
      READERS[reader](JSON.parse(readFileSync(join(root, file), 'utf8')));
    });

    it('the three python fixtures are one notification in its three states', () => {
      const states = ['notification.json', 'notification_completed.json', 'notification_failed.json'].map((name) => {
        const payload = JSON.parse(readFileSync(join(root, 'pmatias-python-acquia-cloud-2', name), 'utf8'));
        return notificationToTask(parse(notificationSchema, payload));
      });
      expect(states.map((task) => task.state)).toEqual(['running', 'succeeded', 'failed']);
      expect(states[0]?.finishedAt).toBeUndefined();
      expect(states[2]?.finishedAt).toBeInstanceOf(Date);
    });

    it('the array-shaped error fixture keeps every message', () => {
      const payload = JSON.parse(
        readFileSync(join(root, 'typhonius-acquia-php-sdk-v2/Error/multipleErrors.json'), 'utf8'),
      );
      expect(parseAcquiaErrorBody(payload).fieldErrors?._).toHaveLength(2);
    });

    it(`counted ${Object.keys(FIXTURES).length} fixtures`, () => {
      console.info(`[acquia payloads] ${files.length} fixture files parsed through the adapter's schemas and mappers`);
      expect(files.length).toBe(26);
    });
  });

  describe('spec examples of the operations the adapter uses', () => {
    const examples = specExamples();
    const success = examples.filter((example) => example.status.startsWith('2'));
    const errors = examples.filter((example) => /^[45]/.test(example.status));

    it('finds examples for every operation the adapter uses', () => {
      expect(new Set(success.map((example) => example.operation))).toEqual(new Set(Object.keys(OPERATIONS)));
    });

    it.each(success.map((example) => [`${example.operation} ${example.status} ${example.name}`, example] as const))(
      '%s parses and maps',
      (_, example) => {
        READERS[OPERATIONS[example.operation] as Reader](example.value);
      },
    );

    it.each(errors.map((example) => [`${example.operation} ${example.status} ${example.name}`, example] as const))(
      '%s reads as an Acquia error',
      (_, example) => READERS.error(example.value),
    );

    it('counted the examples', () => {
      console.info(
        `[acquia payloads] ${success.length} 2xx spec examples and ${errors.length} error examples of ` +
          `${Object.keys(OPERATIONS).length} operations parsed through the adapter`,
      );
      expect(success.length).toBeGreaterThanOrEqual(Object.keys(OPERATIONS).length);
    });
  });
});
