import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/**
 * Stands in for the Bot Framework channel service: records what the bot sends to
 * `{serviceUrl}/v3/conversations/...` and answers as the service does, with a resource id.
 * Replies use statusCode/setHeader/end because restify patches ServerResponse for the whole process.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly serviceUrl: string,
  ) {}

  static async start(): Promise<FakeConnector> {
    let connector: FakeConnector | undefined;
    let nextId = 1;
    const server = createServer((req, res) => {
      void readJson(req).then((body) => {
        connector?.record({
          method: req.method ?? '',
          path: req.url ?? '',
          body,
          authorization: req.headers.authorization,
        });
        res.statusCode = 200;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ id: `activity-${nextId++}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    connector = new FakeConnector(server, `http://127.0.0.1:${port}/`);
    return connector;
  }

  /** Resolves once at least `count` calls have arrived in total. */
  waitForCalls(count: number, timeoutMs = 5000): Promise<ConnectorCall[]> {
    if (this.calls.length >= count) return Promise.resolve(this.calls);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Expected ${count} connector calls, got ${this.calls.length}`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.calls);
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(call: ConnectorCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (this.calls.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
