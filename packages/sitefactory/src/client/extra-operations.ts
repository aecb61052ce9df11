import { type ZodType, z } from 'zod';
import type { components } from '../generated/acsf-api.js';
import { memo, num, opt, str } from './coerce.js';

/**
 * Operations Site Factory serves that the official OpenAPI spec does not describe, typed by hand from the
 * sources named on each. They follow openapi-typescript's shape so the client treats them like the rest.
 */

type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type TaskIdPath = { query?: never; header?: never; path: { task_id: number }; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

/** One site's update in a multi-stack code update (`POST /api/v2/update`). @public */
export interface UpdateV2SitesEntry {
  /** The stack name, as `GET /api/v1/stacks` lists it. */
  name: string;
  ref: string;
  /** `code`, `code, db` or `code, db, registry`. */
  type: string;
  db_update_arguments?: string;
}

/** Body of `POST /api/v2/update`. v1 keys (`sites_ref`, `scope`, ...) must not be mixed in. @public */
export interface UpdateV2Request {
  sites?: UpdateV2SitesEntry[];
  factory?: { ref: string; type: string };
}

/** The hand-typed operations, in openapi-typescript's `operations` shape. @public */
export interface ExtraOperations {
  /**
   * Multi-stack code update. Absent from the spec; shape from acquia/sf-sdk-ruby (`SFRest::Update#multi_stack`),
   * vendors/sitefactory.md §3.4.
   */
  post_Update_updateV2: {
    parameters: NoParameters;
    requestBody: { content: { 'application/json': UpdateV2Request } };
    responses: { 200: Json<{ message?: string; task_id?: number }> };
  };
  /** One WIP task row. Added to factories in 2024 (sf-sdk-ruby `find_task`); may 404 on older factories. */
  get_Task_task: {
    parameters: TaskIdPath;
    requestBody?: never;
    responses: { 200: Json<components['schemas']['Task_tasksResponse_item']> };
  };
  /**
   * Terminate, the pre-2022 path (`PUT /api/v1/tasks/{id}`, still what swichers/acsf-client and the node
   * client call). The client falls back to it when `/terminate` answers 404.
   */
  put_Task_terminateLegacy: {
    parameters: TaskIdPath;
    requestBody?: never;
    responses: { 200: Json<components['schemas']['Task_terminateResponse']> };
  };
  /**
   * Change an update's start time. The spec omits the body; its keys come from sf-sdk-ruby
   * (`change_updater_start_time`), vendors/sitefactory.md §3.3.
   */
  post_Update_changeUpdaterStartTime: {
    parameters: NoParameters;
    requestBody?: { content: { 'application/json': { updater_id: number; new_update_time: string } } };
    responses: { 200: Json<components['schemas']['Update_changeUpdaterStartTimeResponse']> };
  };
  /** Reads a factory variable (`wip_pause_global`): how sf-sdk-ruby checks the global WIP pause. Internal. */
  get_Variables_getVariable: {
    parameters: { query: { name: string }; header?: never; path?: never; cookie?: never };
    requestBody?: never;
    responses: { 200: Json<{ [name: string]: unknown }> };
  };
}

/** Runtime rows of the hand-typed operations (same fields as the generated table). @internal */
export const EXTRA_OPERATIONS = {
  post_Update_updateV2: {
    method: 'POST',
    path: '/api/v2/update',
    pathParams: [],
    queryParams: [],
    hasBody: true,
    maxLimit: null,
    listKey: null,
  },
  get_Task_task: {
    method: 'GET',
    path: '/api/v1/tasks/{task_id}',
    pathParams: ['task_id'],
    queryParams: [],
    hasBody: false,
    maxLimit: null,
    listKey: null,
  },
  put_Task_terminateLegacy: {
    method: 'PUT',
    path: '/api/v1/tasks/{task_id}',
    pathParams: ['task_id'],
    queryParams: [],
    hasBody: false,
    maxLimit: null,
    listKey: null,
  },
  post_Update_changeUpdaterStartTime: {
    method: 'POST',
    path: '/api/v1/update/change_time',
    pathParams: [],
    queryParams: [],
    hasBody: true,
    maxLimit: null,
    listKey: null,
  },
  get_Variables_getVariable: {
    method: 'GET',
    path: '/api/v1/variables',
    pathParams: [],
    queryParams: ['name'],
    hasBody: false,
    maxLimit: null,
    listKey: null,
  },
} as const;

const taskRow = memo(() =>
  z.looseObject({
    id: opt(str),
    parent: opt(str),
    name: opt(str),
    group_name: opt(str),
    status: opt(str),
    added: opt(str),
    started: opt(str),
    completed: opt(str),
    error_message: opt(str),
    nid: opt(str),
    uid: opt(str),
    class: opt(str),
  }),
);
const terminated = memo(() => z.looseObject({ message: opt(str), time: opt(str), task_id: opt(num) }));

/** 200-response schemas of the hand-typed operations, each built once (core compiles a schema it sees again). @internal */
export const EXTRA_RESPONSE_SCHEMAS: Record<keyof typeof EXTRA_OPERATIONS, () => ZodType> = {
  post_Update_updateV2: memo(() => z.looseObject({ message: opt(str), task_id: opt(num) })),
  get_Task_task: taskRow,
  put_Task_terminateLegacy: terminated,
  post_Update_changeUpdaterStartTime: memo(() => z.looseObject({ success: opt(num), message: opt(str) })),
  get_Variables_getVariable: memo(() => z.record(z.string(), z.unknown())),
};
