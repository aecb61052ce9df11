import { describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  isNotFoundError,
  isOmnihostError,
  NotFoundError,
  OmnihostError,
  RateLimitError,
  TaskFailedError,
  ValidationError,
} from '../src/index.js';

describe('error hierarchy', () => {
  it('carries vendor, operation, method, path, status, vendor code and request id', () => {
    const error = new NotFoundError('gone', {
      vendor: 'acquia',
      operation: 'sites.get',
      method: 'GET',
      path: '/environments/1',
      status: 404,
      vendorCode: 'not_found',
      requestId: 'req-1',
    });
    expect(error).toBeInstanceOf(OmnihostError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error.name).toBe('NotFoundError');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: 'gone',
      vendor: 'acquia',
      operation: 'sites.get',
      method: 'GET',
      path: '/environments/1',
      status: 404,
      vendorCode: 'not_found',
      requestId: 'req-1',
    });
  });

  it('keeps field messages on ValidationError and Retry-After on RateLimitError', () => {
    const validation = new ValidationError('bad', { fieldErrors: { branch: ['is required'] } });
    expect(validation.fieldErrors).toEqual({ branch: ['is required'] });
    expect(new RateLimitError('slow', { retryAfterMs: 1200 }).retryAfterMs).toBe(1200);
  });

  it('names the task in TaskFailedError', () => {
    const error = new TaskFailedError({
      vendor: 'onapp',
      id: '7',
      state: 'failed',
      rawStatus: 'failed',
      message: 'disk full',
      raw: {},
    });
    expect(error.message).toContain('7');
    expect(error.message).toContain('disk full');
    expect(error.task.id).toBe('7');
  });

  it('recognises errors from a second copy of the package (guards and instanceof)', async () => {
    vi.resetModules();
    // A query string makes the module loader instantiate a second, independent copy of the package.
    const specifier = '../src/index.js?second-copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('../src/index.js');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError('from the other copy');
    expect(isOmnihostError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(true);
    expect(foreign instanceof NotFoundError).toBe(true);
    expect(foreign instanceof OmnihostError).toBe(true);
    expect(foreign instanceof AuthenticationError).toBe(false);
    expect(new NotFoundError('x') instanceof copy.OmnihostError).toBe(true);
  });

  it('does not brand plain errors', () => {
    expect(isOmnihostError(new Error('x'))).toBe(false);
    expect(isOmnihostError({ name: 'NotFoundError' })).toBe(false);
    expect({ name: 'NotFoundError' } instanceof NotFoundError).toBe(false);
  });
});
