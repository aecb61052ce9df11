/**
 * How one operation becomes a request (core's operation-table runtime on Site Factory's table): path
 * templates filled with encoded segments, query lists comma-separated, `limit` held to the endpoint's
 * maximum, and anything unusable refused before a request is sent.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '@omnihost/core';
import { ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SITE_FACTORY_OPERATION_TABLE } from '../../src/client/operations.js';
import { requestOperation } from '../../src/client/request-operation.js';

function recordingClient(): { http: HttpClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const http: HttpClient = {
    vendor: 'sitefactory',
    baseUrl: 'https://www.acme.acsitefactory.com',
    async request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
      sent.push(request as HttpRequest);
      return { status: 200, data: {} as T, headers: {}, requestId: undefined };
    },
    stats: () => ({ requests: 0, retries: 0, throttled: 0, failures: 0 }) as ReturnType<HttpClient['stats']>,
  };
  return { http, sent };
}

const anything = z.unknown();

describe('requestOperation', () => {
  it('fills the path template with one encoded segment per value, and names the call', async () => {
    const { http, sent } = recordingClient();
    await requestOperation({ http }, 'get_Sites_getSite', { path: { site_id: 191 } }, anything, 'sites.get');
    await requestOperation({ http }, 'get_Domains_getDomainStatus', { path: { domain_name: 'a/b?c' } }, anything);
    expect(sent.map((request) => [request.operation, request.method, request.path])).toEqual([
      ['sites.get', 'GET', '/api/v1/sites/191'],
      ['get_Domains_getDomainStatus', 'GET', '/api/v1/domains/status/a%2Fb%3Fc'],
    ]);
  });

  it('joins query lists with commas, drops absent values, and keeps the body', async () => {
    const { http, sent } = recordingClient();
    await requestOperation(
      { http },
      'get_Sites_getSites',
      { query: { page: 2, limit: 50, stack_id: [1, 2], show_incomplete: undefined } },
      anything,
    );
    await requestOperation({ http }, 'post_Sites_backupSite', { path: { site_id: 7 }, body: { label: 'x' } }, anything);
    expect(sent[0]?.query).toEqual({ page: 2, limit: 50, stack_id: '1,2' });
    expect(sent[1]).toMatchObject({ method: 'POST', path: '/api/v1/sites/7/backup', body: { label: 'x' } });
  });

  it('refuses a limit over the endpoint maximum, a missing path parameter and an unknown operation, sending nothing', async () => {
    const { http, sent } = recordingClient();
    const failures = await Promise.all(
      [
        requestOperation(
          { http },
          'get_Sites_getSiteBackups',
          { path: { site_id: 1 }, query: { limit: 101 } },
          anything,
        ),
        requestOperation({ http }, 'get_Sites_getSites', { query: { limit: 0 } }, anything),
        requestOperation({ http }, 'get_Sites_getSite', { path: {} }, anything, 'sites.get'),
        requestOperation({ http }, 'get_Sites_getSites', { query: { nested: { a: 1 } } }, anything),
        requestOperation({ http }, 'no_such_operation' as 'get_Sites_getSites', {}, anything),
      ].map((call) => call.catch((caught: unknown) => caught)),
    );
    for (const failure of failures) expect(failure).toBeInstanceOf(ValidationError);
    expect((failures[0] as ValidationError).fieldErrors.limit?.[0]).toBe('must be an integer from 1 to 100');
    expect((failures[2] as ValidationError).message).toContain('sitefactory sites.get: path parameter site_id');
    expect(sent).toEqual([]);
  });

  it('finds an operation by its route as the docs write it', () => {
    expect(SITE_FACTORY_OPERATION_TABLE.lookup('GET /api/v1/sites/{site_id}')?.id).toBe('get_Sites_getSite');
    expect(SITE_FACTORY_OPERATION_TABLE.lookup('put_Task_terminateLegacy')?.row.path).toBe('/api/v1/tasks/{task_id}');
  });
});
