import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/** One request as the server saw it, for exact contract assertions. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, still percent-encoded as sent. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** `body` parsed as JSON, or undefined when empty or not JSON. */
  json: unknown;
  receivedAt: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait before answering (to trip the client's timeout). */
  delayMs?: number;
  /** Cut the connection instead of answering (a network error). */
  drop?: boolean;
  /** Send the status, headers and the start of the body, then never finish (a stalled download). */
  stallBody?: boolean;
}

export type Responder = (request: RecordedRequest) => Reply;

export interface ScriptedServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 that answers with what the test scripts and records every request. */
export async function startScriptedServer(respond: Responder): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const recorded = record(req, body);
      requests.push(recorded);
      const reply = respond(recorded);
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      if (reply.stallBody) {
        res.statusCode = reply.status;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.flushHeaders();
        res.write('{"value": [');
        return;
      }
      if (!reply.delayMs) return send(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, reply);
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Answers with each reply in turn, repeating the last one once the script runs out. */
export function inOrder(...replies: Reply[]): Responder {
  let next = 0;
  return () => {
    const reply = replies[Math.min(next, replies.length - 1)];
    next += 1;
    if (!reply) throw new Error('inOrder needs at least one reply');
    return reply;
  };
}

/**
 * Answers by `"METHOD /path"` (path as sent, without the query); a list is played in order, its last reply repeating.
 * Anything else gets a 404, so an unexpected call shows up as a failure.
 */
export function byRoute(table: Record<string, Reply | Reply[]>): Responder {
  const scripts = new Map(Object.entries(table).map(([key, value]) => [key, inOrder(...(Array.isArray(value) ? value : [value]))]));
  return (request) =>
    scripts.get(`${request.method} ${request.path}`)?.(request) ?? {
      status: 404,
      body: { error: { code: 'NotScripted', message: `${request.method} ${request.path} is not scripted` } },
    };
}

/** A TokenCredential that hands out `token` and remembers which scopes were asked for. */
export function recordingCredential(token: string): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

// restify patches http.ServerResponse process-wide and its writeHead() returns undefined: never chain writeHead.
export function send(res: ServerResponse, reply: Reply): void {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  if (!res.hasHeader('content-type')) {
    res.setHeader('Content-Type', typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8');
  }
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let json: unknown;
  try {
    json = body === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return {
    method: req.method ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body,
    json,
    receivedAt: Date.now(),
  };
}
