import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import { z } from 'zod';
import { asyncActionSchema, type Cloud66AsyncAction } from '../schemas/async-action.js';
import { genericResponseSchema } from '../schemas/common.js';
import { type Cloud66EnvironmentVariable, environmentVariableSchema } from '../schemas/environment-variable.js';
import { getOne, listAll, send } from './request.js';

/** When a changed variable takes effect. @public */
export type ApplyStrategy = 'immediately' | 'deployment';

/** A variable to create. @public */
export interface CreateEnvironmentVariableInput {
  key: string;
  value: string;
  applyStrategy?: ApplyStrategy | undefined;
}

/** A new value for an existing variable. @public */
export interface UpdateEnvironmentVariableInput {
  value: string;
  applyStrategy?: ApplyStrategy | undefined;
}

/**
 * Deleting answers 200 with an empty body in the docs (no envelope at all, vendor notes gotcha 12), or
 * a generic `{ ok, message }`: both are accepted.
 */
const deleteResponseSchema = z.union([z.undefined(), z.null(), genericResponseSchema]);

/**
 * Environment variables of a stack (all scope `admin`). Values of password variables come back in plain
 * text: treat every value as a secret.
 * @public
 */
export interface Cloud66EnvironmentVariablesClient {
  list(uid: string, options?: CallOptions): PagedIterable<Cloud66EnvironmentVariable>;
  /** Looked up by numeric id. */
  get(uid: string, id: number | string, options?: CallOptions): Promise<Cloud66EnvironmentVariable>;
  /** Returns the `env-var-new` action. */
  create(uid: string, input: CreateEnvironmentVariableInput, options?: CallOptions): Promise<Cloud66AsyncAction>;
  /** Looked up by **key**; returns the `env-var-update` action. Readonly variables cannot change. */
  update(
    uid: string,
    key: string,
    input: UpdateEnvironmentVariableInput,
    options?: CallOptions,
  ): Promise<Cloud66AsyncAction>;
  /** Looked up by key. Readonly and generated variables cannot be deleted. */
  delete(uid: string, key: string, options?: CallOptions): Promise<void>;
}

/** @internal */
export function createEnvironmentVariablesClient(http: HttpClient): Cloud66EnvironmentVariablesClient {
  return {
    list: (uid, options = {}) =>
      listAll(
        http,
        'environmentVariables.list',
        encodePath`/stacks/${uid}/environments.json`,
        environmentVariableSchema,
        options,
      ),
    get: (uid, id, options = {}) =>
      getOne(
        http,
        'environmentVariables.get',
        encodePath`/stacks/${uid}/environments/${id}.json`,
        environmentVariableSchema,
        options,
      ),
    create: (uid, input, options = {}) =>
      send(http, {
        operation: 'environmentVariables.create',
        method: 'POST',
        path: encodePath`/stacks/${uid}/environments.json`,
        body: { key: input.key, value: input.value, apply_strategy: input.applyStrategy },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    update: (uid, key, input, options = {}) =>
      send(http, {
        operation: 'environmentVariables.update',
        method: 'PUT',
        path: encodePath`/stacks/${uid}/environments/${key}.json`,
        body: { value: input.value, apply_strategy: input.applyStrategy },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    delete: async (uid, key, options = {}) => {
      await send(http, {
        operation: 'environmentVariables.delete',
        method: 'DELETE',
        path: encodePath`/stacks/${uid}/environments/${key}.json`,
        schema: deleteResponseSchema,
        signal: options.signal,
      });
    },
  };
}
