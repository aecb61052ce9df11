import type { SimRouter } from '@omnihost/core/testing';
import type { SimTransaction } from '../records.js';
import { document } from '../responses.js';
import { templateView, transactionView, type WireValue, type XmlStyle } from '../wire.js';
import { notFound, type OnAppRequest, on, pageOf, type RouteContext, withHeaders } from './context.js';

/** The version a simulated current panel reports (`GET /version`). @public */
export const SIMULATED_ONAPP_VERSION = '6.7.0-23';

/**
 * The version each panel style reports, so what a client reads from `/version` (the PHP wrapper picks
 * its field maps and error reading by it) matches what the panel sends: a `legacy` panel is a 2.x one,
 * as recorded by the squall cassettes (2011), whose 404s say `{"error":…}`.
 * @public
 */
export const SIMULATED_ONAPP_VERSIONS: Readonly<Record<XmlStyle, string>> = {
  current: SIMULATED_ONAPP_VERSION,
  newest: SIMULATED_ONAPP_VERSION,
  legacy: '2.3.3',
};

/**
 * Templates, the cloud's transaction queue and the version (vendors/onapp.md §4, §1.2):
 * `GET /transactions` is the last 10, newest first, without `log_output` unless `?detailed`, paged by
 * query or path; `GET /transactions/:id` always carries the log.
 * @internal
 */
export function catalogRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  on(router, context, 'GET', '/templates', (request) =>
    document(
      request.wire,
      200,
      'image_templates',
      [...world.templates.values()].map((template) => templateView(template, request.wire.style)),
    ),
  );
  on(router, context, 'GET', '/templates/:id', (request) => {
    const id = request.params.id ?? '';
    const template = /^\d+$/.test(id) ? world.templates.get(Number(id)) : undefined;
    if (!template) throw notFound(request);
    return document(request.wire, 200, 'image_template', templateView(template, request.wire.style));
  });

  on(
    router,
    context,
    'GET',
    '/transactions',
    (request) => {
      const newestFirst: SimTransaction[] = [];
      for (let index = world.transactions.length - 1; index >= 0; index -= 1) {
        newestFirst.push(world.transactions[index] as SimTransaction);
      }
      const page = pageOf(request, newestFirst, 10);
      const detailed = request.query.has('detailed');
      const views = page.items.map((transaction) => transactionView(transaction, detailed));
      return withHeaders(document(request.wire, 200, 'transactions', views), page.headers);
    },
    { paged: true },
  );
  on(router, context, 'GET', '/transactions/:id', (request: OnAppRequest) => {
    const id = request.params.id ?? '';
    const transaction = /^\d+$/.test(id) ? world.transaction(Number(id)) : undefined;
    if (!transaction) throw notFound(request);
    return document(request.wire, 200, 'transaction', transactionView(transaction, true));
  });

  // `{"version":"…"}`; in XML a Rails hash (the PHP wrapper reads the root's `version` child).
  const version = SIMULATED_ONAPP_VERSIONS[context.style];
  on(router, context, 'GET', '/version', (request) =>
    request.wire.format === 'json'
      ? { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, json: { version } }
      : document(request.wire, 200, 'hash', { version } satisfies Record<string, WireValue>),
  );
}
