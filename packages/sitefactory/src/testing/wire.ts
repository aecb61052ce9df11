import { SimHttpError, type SimRequest, type SimResponse } from '@omnihost/core/testing';
import type { WipEngine, WipTask } from './wip-engine.js';

/**
 * Site Factory's wire format, as the simulator writes it: PHP-style ISO times, `{message, time, error}`
 * error bodies, the HTML page of an unknown route, WIP task rows with every value a string, and JSON request
 * bodies read the way a factory since 2.178 reads them (vendors/sitefactory.md §1, §2.3, §7).
 */

/** `2024-10-17T13:28:33+00:00`: PHP's `date('c')`, which every `time`/`server_time` field uses. */
export function phpTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** Unix seconds of a clock reading. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** A JSON 200 response. */
export function ok(json: unknown): SimResponse {
  return { status: 200, json };
}

/**
 * A Site Factory error: `{"message": "...", "time": "...", "error": <status>}` (newer factories add `time`
 * and `error`, acquia/cli #1814). Messages use the prefixes clients key on (`Access denied`, `Forbidden: `,
 * `Bad Request: `), as acquia/sf-sdk-ruby's `access_check` reads them.
 */
export function errorResponse(
  status: number,
  message: string,
  now: number,
  headers?: Record<string, string>,
): SimResponse {
  return { status, headers, json: { message, time: phpTime(now), error: status } };
}

/** Throws the error response out of a handler. */
export function fail(status: number, message: string, now: number): never {
  throw new SimHttpError(errorResponse(status, message, now));
}

/** Throws a 400 `Bad Request: ...`. */
export function badRequest(detail: string, now: number): never {
  return fail(400, `Bad Request: ${detail}`, now);
}

/** Throws a 404 for an id that names nothing. */
export function notFound(message: string, now: number): never {
  return fail(404, message, now);
}

/**
 * What a factory answers for a path it has no route for: a 404 whose body is an HTML page, not JSON.
 * acquia/sf-sdk-ruby relies on exactly that to detect a missing `/api/v2` endpoint (vendors/sitefactory.md §7).
 */
export function htmlNotFound(request: SimRequest): SimResponse {
  const path = request.path.replace(/[<>&"]/g, '');
  return {
    status: 404,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html>\n<html lang="en"><head><title>Page not found | Site Factory</title></head><body><h1>Page not found</h1><p>The requested page "${path}" could not be found.</p></body></html>`,
  };
}

/**
 * The JSON body of a POST/PUT (or a DELETE that carries one). A POST or PUT without a valid JSON body is
 * refused with the 400 factories answer since 2.178 (acquia/cli #1814); a DELETE without a body reads as `{}`.
 */
export function jsonBody(request: SimRequest, now: number): Record<string, unknown> {
  const text = request.bodyText.trim();
  if (text === '' && request.method === 'DELETE') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(400, 'Invalid JSON provided: Syntax error', now);
  }
  if (Array.isArray(value) && value.length === 0) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return badRequest('The request body must be a JSON object.', now);
  }
  return value as Record<string, unknown>;
}

/** A path parameter that must be a positive integer (node, task, backup ids). */
export function idParam(request: SimRequest, name: string, now: number): number {
  const text = request.params[name] ?? '';
  if (!/^\d{1,15}$/.test(text)) return badRequest(`${name} must be a positive integer.`, now);
  return Number(text);
}

/** An optional integer field of a body or query (`"12"` and `12` both read as 12). */
export function optionalInt(value: unknown, name: string, now: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(number)) return badRequest(`${name} must be an integer.`, now);
  return number;
}

/** An optional boolean query flag: `1`, `true` or a bare key are true (PHP's `filter_var`). */
export function queryFlag(request: SimRequest, name: string): boolean {
  if (!request.query.has(name)) return false;
  const value = (request.query.get(name) ?? '').toLowerCase();
  return value === '' || value === '1' || value === 'true' || value === 'yes';
}

/** A body field given as one id or a list of ids (`uids`, `site_ids`, `group_ids`). */
export function idList(value: unknown, name: string, now: number, required = true): number[] {
  if (value === undefined || value === null) {
    if (required) return badRequest(`Missing required parameter ${name}.`, now);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    const id = optionalInt(item, name, now);
    if (id === undefined || id <= 0) return badRequest(`${name} must hold positive integer ids.`, now);
    return id;
  });
}

/** A required, non-empty string field. */
export function requiredString(body: Record<string, unknown>, name: string, now: number): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') return badRequest(`Missing required parameter ${name}.`, now);
  return value;
}

/** An optional string field (`undefined` when absent, 400 when of another type). */
export function optionalString(body: Record<string, unknown>, name: string, now: number): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return badRequest(`${name} must be a string.`, now);
  return value;
}

/** An optional boolean field (`true`/`false`, or PHP's `1`/`0`). */
export function optionalBool(body: Record<string, unknown>, name: string, now: number): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  return badRequest(`${name} must be a boolean.`, now);
}

/**
 * `status_string` per status. "Not Started", "In Progress", "Waiting", "Completed" and "Error" are seen in
 * the wild; the texts for 2, 64 and 144 are unverified (vendors/sitefactory.md §2.3, §11), which is one more
 * reason the adapter decides on the number only.
 */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  1: 'Not Started',
  2: 'Restarted',
  4: 'In Progress',
  8: 'Waiting',
  16: 'Completed',
  32: 'Error',
  64: 'Killed',
  144: 'Warning',
};

function seconds(ms: number | undefined): string {
  return ms === undefined ? '0' : String(unixSeconds(ms));
}

/** The fields both task shapes share, every one a string as the factory sends them. */
function commonFields(engine: WipEngine, task: WipTask) {
  return {
    id: String(task.id),
    parent: String(task.init.parent ?? 0),
    name: task.init.name,
    group_name: task.init.groupName,
    status: String(engine.status(task)),
    added: seconds(task.addedWall),
    started: seconds(task.startedWall),
    completed: seconds(task.finishedWall),
    paused: engine.isPaused(task) ? '1' : '0',
    error_message: task.message,
    nid: String(task.init.nid),
    uid: String(task.init.uid),
  };
}

/** `wip_task` of `GET /api/v1/wip/task/{id}/status`. */
export function wipStatusRow(engine: WipEngine, task: WipTask): Record<string, string> {
  const row = commonFields(engine, task);
  return { ...row, status_string: STATUS_TEXT[Number(row.status)] ?? 'Unknown' };
}

/** A row of `GET /api/v1/tasks` and `GET /api/v1/tasks/{id}`: the scheduler's view, strings throughout. */
export function taskListRow(engine: WipEngine, task: WipTask): Record<string, string> {
  const row = commonFields(engine, task);
  const running = row.status === '4';
  return {
    ...row,
    priority: '2',
    object_id: String(task.id),
    wake: '0',
    taken: running ? row.started : '0',
    lease: running ? '300' : '0',
    max_run_time: '300',
    concurrency_exceeded: '0',
    class: task.init.className,
  };
}
