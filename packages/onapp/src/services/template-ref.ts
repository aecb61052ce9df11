import { type CallOptions, NotFoundError, ValidationError } from '@omnihost/core';
import type { OnAppClient } from '../client/onapp-client.js';
import type { Template } from '../schemas/template.js';

/**
 * Resolves a deploy `ref` to the template a server is rebuilt from. A ref names a template by, in order:
 *
 * 1. its numeric **id** (`"93"`);
 * 2. its **identifier**, where the panel gives templates one;
 * 3. its **label**, exactly, then ignoring case (`"Ubuntu 22.04 x64"`, or a release image such as
 *    `"tags/2.4.0"`: teams that deploy by rebuilding publish each release as a template, e.g. by converting
 *    a built server's backup, `POST /backups/:id/convert`, and label it with the release's git ref).
 *
 * No match is a `NotFoundError`; a label shared by several templates is a `ValidationError` listing their
 * ids (rebuilding from the wrong one would wipe the server for nothing).
 * @public
 */
export async function resolveTemplateRef(client: OnAppClient, ref: string, options?: CallOptions): Promise<Template> {
  const wanted = ref.trim();
  if (/^\d+$/.test(wanted)) return client.templates.get(wanted, options);
  const templates = await client.templates.list(options);
  const byIdentifier = templates.find((template) => template.identifier === wanted);
  if (byIdentifier) return byIdentifier;
  for (const same of [
    (label: string) => label === wanted,
    (label: string) => label.toLowerCase() === wanted.toLowerCase(),
  ]) {
    const matches = templates.filter((template) => template.label != null && same(template.label));
    if (matches.length === 1) return matches[0] as Template;
    if (matches.length > 1) {
      throw new ValidationError(
        `onapp: ${matches.length} templates are labelled ${JSON.stringify(wanted)} (ids ${matches.map((t) => t.id).join(', ')}); deploy one by id`,
        { vendor: 'onapp', operation: 'deploys.deploy', fieldErrors: { ref: ['matches several templates'] } },
      );
    }
  }
  throw new NotFoundError(`onapp: no template has the id, identifier or label ${JSON.stringify(wanted)}`, {
    vendor: 'onapp',
    operation: 'deploys.deploy',
  });
}
