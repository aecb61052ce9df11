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
  /** Send the headers at once, then the body one byte every `intervalMs` (a server that drips). */
  drip?: { intervalMs: number; bytes?: number };
  /** Never answer at all (the connection stays open until the client gives up). */
  hang?: boolean;
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
  /** Token requests, in arrival order. */
  readonly tokenRequests: SeenRequest[];
  /** Sets the answer for the following requests. */
  answer(next: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer)): void;
  /** Sets the answer of the token endpoint (`POST /token`); `undefined` restores the working one. */
  answerToken(next: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer) | undefined): void;
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let current: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer) = { status: 404, body: '' };
  let token: ScriptedAnswer | ((request: SeenRequest) => ScriptedAnswer) | undefined;
  const seen: SeenRequest[] = [];
  const tokenRequests: SeenRequest[] = [];
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
      const isToken = request.method === 'POST' && request.url.startsWith('/token');
      if (isToken && !token) {
        tokenRequests.push(request);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'scripted-access-token', token_type: 'bearer', expires_in: 300 }));
        return;
      }
      (isToken ? tokenRequests : seen).push(request);
      const script = isToken ? token : current;
      const answer = (typeof script === 'function' ? script(request) : script) ?? {};
      const send = () => {
        if (answer.reset) return void req.socket.destroy();
        if (answer.hang) return;
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        if (answer.drip) {
          const body = Buffer.from(answer.body ?? ' '.repeat(1_000_000));
          let offset = 0;
          const step = answer.drip.bytes ?? 1;
          const timer = setInterval(() => {
            if (offset >= body.length) {
              clearInterval(timer);
              res.end();
              return;
            }
            res.write(body.subarray(offset, offset + step));
            offset += step;
          }, answer.drip.intervalMs);
          res.on('close', () => clearInterval(timer));
          return;
        }
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
    tokenRequests,
    answer(next) {
      current = next;
    },
    answerToken(next) {
      token = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
