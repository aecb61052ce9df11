/**
 * A loopback HTTP server whose answer is set per test case: what the fuzz, leak and hostile-input suites
 * use to play a vendor that misbehaves in ways the simulators never would. It answers OAuth token requests
 * (`POST /token`) properly so Acquia's adapter reaches the API calls, and records every request it saw.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server answers with; `reset` destroys the connection instead. */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  reset?: boolean;
  /** Wait this long before answering (timeouts, aborts). */
  delayMs?: number;
}

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** The raw request target, exactly as sent (path and query, still encoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A running scripted server. */
export interface ScriptedServer {
  readonly url: string;
  /** Every request except token requests, in arrival order. */
  readonly seen: SeenRequest[];
  /** Sets the answer for the following requests. */
  answer(next: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer)): void;
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let current: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer) = { status: 404, body: '' };
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (request.method === 'POST' && request.url.startsWith('/token')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'scripted-access-token', token_type: 'bearer', expires_in: 300 }));
        return;
      }
      seen.push(request);
      const answer = typeof current === 'function' ? current(request) : current;
      const send = () => {
        if (answer.reset) return void req.socket.destroy();
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    answer(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
