/**
 * The fidelity check itself: it must flag what departs from the spec, and name the operation. Without
 * this, "0 violations" could mean a check that looks at nothing.
 */
import { expect, it } from 'vitest';
import { describeWithShared } from '../../../../test/support/shared-reference.js';
import type { Exchange } from './exchange-log.js';
import { specValidator } from './fidelity.js';

const ENV = '24-a47ac10b-58cc-4372-a567-0e02b2c3d470';
const NOTIFICATION = 'f4b37e3c-1a96-4ed4-ad20-3081fe0f9545';

function exchange(overrides: Partial<Exchange>): Exchange {
  return {
    method: 'GET',
    path: `/api/environments/${ENV}`,
    query: '',
    requestContentType: undefined,
    requestBody: '',
    status: 404,
    responseContentType: 'application/hal+json',
    responseBody: JSON.stringify({ error: 'not_found', message: 'No such environment.' }),
    ...overrides,
  };
}

const accepted = JSON.stringify({
  message: 'Switching code.',
  _links: { self: { href: `https://cloud.acquia.com/api/environments/${ENV}/code/actions/switch` } },
});

describeWithShared('acquia spec validator', () => {
  it('accepts a valid exchange and names its operation', () => {
    const result = specValidator().check(exchange({}));
    expect(result.operation).toBe('getEnvironment');
    expect(result.violations).toEqual([]);
  });

  it('knows every operation of the spec plus the hand-typed download', () => {
    expect(specValidator().operationCount).toBe(354);
  });

  it.each([
    ['an unknown path', exchange({ path: '/api/environments/x/nope' }), 'unknown', /no operation/],
    ['a path outside the API base', exchange({ path: '/environments/x' }), 'unknown', /not under the API base/],
    [
      'an undeclared query parameter',
      exchange({ query: 'limit=5' }),
      'getEnvironment',
      /query parameter limit is not declared/,
    ],
    [
      'a query parameter of the wrong type',
      exchange({ path: '/api/applications', query: 'limit=ten', status: 403 }),
      'getApplications',
      /query parameter limit: .*integer/,
    ],
    [
      'a non-integer backup id',
      exchange({ path: `/api/environments/${ENV}/databases/db/backups/latest`, status: 404 }),
      'getEnvironmentsDatabaseBackup',
      /path parameter backupId/,
    ],
    [
      'a notification id that is not a uuid',
      exchange({ path: '/api/notifications/123', status: 404 }),
      'getNotificationByUuid',
      /notificationUuid.*uuid/,
    ],
    [
      'a switch body without its required branch',
      exchange({
        method: 'POST',
        path: `/api/environments/${ENV}/code/actions/switch`,
        requestContentType: 'application/json',
        requestBody: JSON.stringify({ ref: 'main' }),
        status: 202,
        responseBody: accepted,
      }),
      'postEnvironmentsSwitchCode',
      /request body: .*branch/,
    ],
    [
      'a body sent to an operation that takes none',
      exchange({
        method: 'POST',
        path: `/api/environments/${ENV}/databases/db/backups`,
        requestContentType: 'application/json',
        requestBody: JSON.stringify({ label: 'x' }),
        status: 202,
        responseBody: accepted,
      }),
      'postEnvironmentsDatabaseBackups',
      /takes none/,
    ],
    [
      'a form-encoded body where JSON is checked',
      exchange({
        method: 'POST',
        path: `/api/environments/${ENV}/files`,
        requestContentType: 'text/plain',
        requestBody: 'source=1',
        status: 202,
        responseBody: accepted,
      }),
      'postEnvironmentsFiles',
      /content type text\/plain/,
    ],
    [
      'a notification missing required fields',
      exchange({
        path: `/api/notifications/${NOTIFICATION}`,
        status: 200,
        responseBody: JSON.stringify({ uuid: NOTIFICATION, status: 'completed' }),
      }),
      'getNotificationByUuid',
      /body of 200: .*must have required property/,
    ],
    [
      'a notification status outside the enum',
      exchange({
        path: `/api/notifications/${NOTIFICATION}`,
        status: 200,
        responseBody: JSON.stringify({
          uuid: NOTIFICATION,
          event: 'X',
          label: 'X',
          description: 'X',
          created_at: '2024-01-01T00:00:00+00:00',
          completed_at: '2024-01-01T00:00:00+00:00',
          status: 'error',
          progress: 100,
          context: {},
          _links: { self: { href: `https://cloud.acquia.com/api/notifications/${NOTIFICATION}` } },
        }),
      }),
      'getNotificationByUuid',
      /status must be equal to one of the allowed values/,
    ],
    [
      'a 202 whose validation error message is an array',
      exchange({
        method: 'POST',
        path: `/api/environments/${ENV}/files`,
        requestContentType: 'application/json',
        requestBody: JSON.stringify({ source: ENV }),
        status: 400,
        responseBody: JSON.stringify({ error: 'multiple_errors', message: ['a', 'b'] }),
      }),
      'postEnvironmentsFiles',
      /message must be object/,
    ],
    ['an undeclared success status', exchange({ status: 204, responseBody: '' }), 'getEnvironment', /not declared/],
    [
      'a truncated body',
      exchange({ status: 200, responseBody: '{"id":"24-a47' }),
      'getEnvironment',
      /body of 200 is not JSON/,
    ],
    [
      'HTML where a declared JSON error belongs',
      exchange({ responseContentType: 'text/html', responseBody: '<html></html>' }),
      'getEnvironment',
      /text\/html; declared: application\/hal\+json/,
    ],
    [
      'an undeclared 4xx that is not JSON',
      exchange({ status: 429, responseContentType: 'text/plain', responseBody: 'slow down' }),
      'getEnvironment',
      /undeclared 429/,
    ],
    [
      'an undeclared error whose body is not Acquia’s shape',
      exchange({ status: 503, responseBody: JSON.stringify({ detail: 'down' }) }),
      'getEnvironment',
      /error body of 503/,
    ],
  ])('flags %s', (_, bad, operation, message) => {
    const result = specValidator().check(bad);
    expect(result.operation).toBe(operation);
    expect(result.violations.map((violation) => violation.message).join(' | ')).toMatch(message);
    expect(result.violations.every((violation) => violation.operation === operation)).toBe(true);
  });

  it('accepts the HTML page of an undeclared 500 and `{}` on a POST the spec gives no body', () => {
    const html = specValidator().check(
      exchange({ status: 500, responseContentType: 'text/html', responseBody: '<html><title>500</title></html>' }),
    );
    expect(html.violations).toEqual([]);
    expect(html.undeclaredStatus).toBe(true);
    const emptyPost = specValidator().check(
      exchange({
        method: 'POST',
        path: `/api/environments/${ENV}/databases/db/backups`,
        requestContentType: 'application/json',
        requestBody: '{}',
        status: 202,
        responseBody: accepted,
      }),
    );
    expect(emptyPost.violations).toEqual([]);
  });
});
