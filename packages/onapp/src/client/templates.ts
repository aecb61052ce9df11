import { type CallOptions, encodePath } from '@omnihost/core';
import { arrayOf } from '../schemas/lists.js';
import { type Template, templateSchema } from '../schemas/template.js';
import { type ApiContext, sendData } from './api-context.js';
import { numericId } from './resource-path.js';

/** Templates: the typed calls of `/templates`. @public */
export interface TemplatesApi {
  /** Every template the account may build from. */
  list(options?: CallOptions): Promise<Template[]>;
  get(templateId: string | number, options?: CallOptions): Promise<Template>;
}

/** Builds the `/templates` calls. @internal */
export function templatesApi(context: ApiContext): TemplatesApi {
  return {
    list: (options) =>
      sendData(context, {
        operation: 'templates.list',
        method: 'GET',
        path: '/templates',
        schema: arrayOf(templateSchema),
        options,
      }),
    get: (templateId, options) =>
      sendData(context, {
        operation: 'templates.get',
        method: 'GET',
        path: encodePath`/templates/${numericId(templateId, 'template')}`,
        schema: templateSchema,
        options,
      }),
  };
}
