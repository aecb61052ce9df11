import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ExchangeLog } from './exchange-log.js';

/** A running recording proxy. */
export interface RecordingProxy {
  readonly url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'host']);

function forwardableHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase()) || name.toLowerCase() === 'content-length') continue;
    out[name] = value;
  }
  return out;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * A transparent HTTP proxy on 127.0.0.1 in front of `target`: every request and response passes through
 * unchanged (a reset upstream becomes a reset downstream) and is written to `log`. It is how the tests
 * see exactly what the adapter sent and what the simulator answered, on the wire.
 */
export async function startRecordingProxy(target: string, log: ExchangeLog): Promise<RecordingProxy> {
  const upstream = new URL(target);
  // One connection per forwarded request: a reused idle connection the simulator has just closed would look
  // like a reset the adapter never caused.
  const agent = new http.Agent({ keepAlive: false });
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://proxy.invalid');
      const base = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        requestContentType: req.headers['content-type'],
        requestBody: body.toString('utf8'),
      };
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...forwardableHeaders(req.headers), 'content-length': String(body.length) },
          agent,
        },
        (answer) => {
          void readAll(answer)
            .then((payload) => {
              log.record({
                ...base,
                status: answer.statusCode,
                responseContentType: answer.headers['content-type'],
                responseBody: payload.toString('utf8'),
              });
              res.writeHead(answer.statusCode ?? 502, {
                ...forwardableHeaders(answer.headers),
                'content-length': String(payload.length),
              });
              res.end(payload);
            })
            .catch(() => {
              log.record({ ...base, status: undefined, responseContentType: undefined, responseBody: undefined });
              req.socket.destroy();
            });
        },
      );
      forward.on('error', () => {
        // The simulator reset the connection (a `reset` or `reset-after` fault): reset ours too.
        log.record({ ...base, status: undefined, responseContentType: undefined, responseBody: undefined });
        req.socket.destroy();
      });
      forward.end(body);
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
