import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRunId } from '../engine/ids.js';
import type { SiteResult } from '../engine/model.js';
import { ProgressTracker } from '../engine/progress.js';
import type { RunStore } from '../engine/store.js';
import { describeRun, formatDuration, summarize } from './render.js';

/** A running dashboard. @public */
export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

/** Options of {@link startDashboard}. @public */
export interface DashboardOptions {
  readonly store: RunStore;
  /** Default 0 (any free port). */
  readonly port?: number | undefined;
}

const htmlText = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}' +
  'td,th{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:left}th{background:#f4f4f4}' +
  '.succeeded{color:#176f2c}.failed,.unknown{color:#b3261e}.skipped,.cancelled{color:#777}code{font-size:12px}';

function page(title: string, body: string, refresh: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${htmlText(title)}</title>${
    refresh ? '<meta http-equiv="refresh" content="5">' : ''
  }<style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * `omnihost fleet dashboard`: a small web view of the runs over the same store the CLI reads, on 127.0.0.1
 * only (it shows site names and vendor messages). `/` lists the runs; `/runs/<id>` is a run's summary per
 * step and account with its failures; `/api/runs`, `/api/runs/<id>` and `/api/runs/<id>/results` give the
 * same as JSON.
 * @public
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { store } = options;
  const trackers = new Map<string, ProgressTracker>();
  const tracker = (id: string) => {
    let found = trackers.get(id);
    if (!found) {
      found = new ProgressTracker(store, id);
      trackers.set(id, found);
    }
    return found;
  };

  async function route(url: URL): Promise<{ status: number; type: string; body: string }> {
    const json = (value: unknown, status = 200) => ({
      status,
      type: 'application/json; charset=utf-8',
      body: `${JSON.stringify(value)}\n`,
    });
    const html = (body: string, status = 200) => ({ status, type: 'text/html; charset=utf-8', body });
    const parts = url.pathname.split('/').filter(Boolean);

    if (parts[0] === 'api' && parts[1] === 'runs') {
      if (parts.length === 2) return json({ runs: await store.listRuns(100) });
      const id = parts[2] as string;
      if (!isRunId(id)) return json({ error: 'not a run id' }, 404);
      const snapshot = await tracker(id).snapshot();
      if (!snapshot) return json({ error: `no run ${id}` }, 404);
      if (parts[3] === 'results') return json({ run: snapshot.run, results: await store.results(id) });
      return json(snapshot);
    }
    if (parts.length === 0) {
      const runs = await store.listRuns(100);
      const rows = await Promise.all(
        runs.map(async (run) => {
          const results = await store.results(run.id);
          return `<tr><td><a href="/runs/${htmlText(run.id)}">${htmlText(run.id)}</a></td><td>${htmlText(
            run.plan.name ?? '',
          )}</td><td class="${htmlText(run.status)}">${htmlText(run.status)}</td><td>${htmlText(
            summarize(results) || '—',
          )}</td><td>${htmlText(run.createdAt)}</td></tr>`;
        }),
      );
      return html(
        page(
          'omnihost fleet',
          `<h1>omnihost fleet runs</h1><table><tr><th>run</th><th>plan</th><th>status</th><th>sites</th><th>created</th></tr>${rows.join(
            '',
          )}</table>`,
          true,
        ),
      );
    }
    if (parts[0] === 'runs' && parts[1]) {
      const id = parts[1];
      const snapshot = isRunId(id) ? await tracker(id).snapshot() : undefined;
      if (!snapshot) return html(page('not found', `<p>No run ${htmlText(id)}.</p>`, false), 404);
      const results = await store.results(id);
      const steps = snapshot.steps
        .map((step) => {
          const accountRows = Object.entries(step.accounts)
            .map(
              ([name, counts]) =>
                `<tr><td>${htmlText(name)}</td><td>${counts.targets}</td><td class="succeeded">${counts.succeeded}</td><td class="failed">${
                  counts.failed + counts.unknown
                }</td><td class="skipped">${counts.skipped}</td><td>${counts.cancelled}</td></tr>`,
            )
            .join('');
          return `<h2>${step.index + 1}. ${htmlText(step.name)} (${step.action})</h2><p>${step.counts.done} of ${
            step.counts.targets
          } done, ${step.running} running</p><table><tr><th>account</th><th>sites</th><th>ok</th><th>failed</th><th>skipped</th><th>cancelled</th></tr>${accountRows}</table>`;
        })
        .join('');
      const failures = results.filter((r: SiteResult) => r.outcome === 'failed' || r.outcome === 'unknown');
      const failureRows = failures
        .slice(0, 500)
        .map(
          (r) =>
            `<tr><td>${r.step + 1}</td><td>${htmlText(r.account)}</td><td>${htmlText(r.siteName)} <code>${htmlText(
              r.siteId,
            )}</code></td><td class="${r.outcome}">${r.outcome}</td><td><code>${htmlText(r.taskId ?? '')}</code></td><td>${htmlText(
              `${r.error ?? ''} ${r.message ?? ''}`.trim(),
            )}</td></tr>`,
        )
        .join('');
      const rate = snapshot.sitesPerMinute ? ` · ${snapshot.sitesPerMinute.toFixed(0)} sites/min` : '';
      const eta = snapshot.etaMs ? ` · ETA ${formatDuration(snapshot.etaMs)}` : '';
      return html(
        page(
          `run ${id}`,
          `<p><a href="/">all runs</a></p><h1>run ${htmlText(id)}</h1><p class="${htmlText(snapshot.run.status)}">${htmlText(
            describeRun(snapshot.run),
          )}${rate}${eta}</p>${steps}<h2>Failures (${failures.length})</h2><table><tr><th>step</th><th>account</th><th>site</th><th>outcome</th><th>task</th><th>message</th></tr>${failureRows}</table><p><a href="/api/runs/${htmlText(
            id,
          )}/results">all results (JSON)</a></p>`,
          !snapshot.finished,
        ),
      );
    }
    return html(page('not found', '<p>Not found.</p>', false), 404);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    route(url).then(
      ({ status, type, body }) => res.writeHead(status, { 'Content-Type': type }).end(body),
      (error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`dashboard error: ${(error as Error).message}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
