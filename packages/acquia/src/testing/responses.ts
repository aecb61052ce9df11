import { SimHttpError, type SimResponse } from '@omnihost/core/testing';

/** Media type of every JSON answer. */
export const HAL_JSON = 'application/hal+json';

/** A JSON answer with Acquia's media type. */
export function hal(status: number, json: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, json, headers: { 'Content-Type': HAL_JSON, ...headers } };
}

/** `{ error, message }`, the spec's `error` schema. */
export function errorResponse(status: number, error: string, message: string): SimResponse {
  return hal(status, { error, message });
}

/** Throws an error response out of a handler. */
export function fail(response: SimResponse): never {
  throw new SimHttpError(response);
}

/** 404 with the spec's wording: "The <thing> you are trying to access does not exist, or ...". */
export function notFound(thing: string): SimResponse {
  return errorResponse(
    404,
    'not_found',
    `The ${thing} you are trying to access does not exist, or you do not have permission to access it.`,
  );
}

/** 400 `validation_failed` with a field → message object (schema `validation-error`). */
export function validationFailed(field: string, message: string, error = 'validation_failed'): SimResponse {
  return hal(400, { error, message: { [field]: message } });
}

/** 409 `conflict`. */
export function conflict(message: string): SimResponse {
  return errorResponse(409, 'conflict', message);
}

/**
 * Injected server errors, the way Acquia fails: 500s come back as an HTML page (typhonius/acquia-php-sdk-v2
 * PR #453), 503 as `{"error":"system"}` (spec: "Some endpoints will return a 503 status when dependent
 * services are unavailable"), 502/504 as the load balancer's HTML.
 */
export function serverError(status: number): SimResponse {
  if (status === 503) {
    return errorResponse(503, 'system', 'This action is currently unavailable. Please try again later.');
  }
  const title = status === 500 ? 'Internal Server Error' : status === 502 ? 'Bad Gateway' : 'Gateway Timeout';
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${title}</h1></body></html>`,
  };
}

/**
 * 429. Acquia documents the status and `Retry-After` (seed 001) but no body; `Retry-After` is added by the
 * shared server.
 */
export function throttled(retryAfterSeconds: number): SimResponse {
  return errorResponse(
    429,
    'too_many_requests',
    `Cloud API rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`,
  );
}
