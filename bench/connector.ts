import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a bot posted to one conversation, as the bench checks it. */
export interface ConversationReplies {
  count: number;
  /** The last reply's activity as sent, to check that a turn answered with what it should (a card, an echo). */
  lastBody?: string;
}

/**
 * The Bot Framework connector as both bots see it during the bench: takes every reply (`POST
 * /v3/conversations/{id}/activities[/{replyToId}]`), answers with a resource id as the service does, and counts
 * replies per conversation so the bench can prove each turn's replies arrived. It keeps counts and the last reply
 * only, so a long run holds no growing history.
 */
export class BenchConnector {
  private readonly replies = new Map<string, ConversationReplies>();
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    readonly serviceUrl: string,
  ) {}

  static async start(): Promise<BenchConnector> {
    let connector: BenchConnector | undefined;
    const server = createServer((req, res) => void connector?.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    connector = new BenchConnector(server, `http://127.0.0.1:${port}/`);
    return connector;
  }

  repliesTo(conversationId: string): ConversationReplies {
    return this.replies.get(conversationId) ?? { count: 0 };
  }

  get totalReplies(): number {
    let total = 0;
    for (const { count } of this.replies.values()) total += count;
    return total;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const conversationId = decodeURIComponent(match[1]);
    const seen = this.replies.get(conversationId) ?? { count: 0 };
    this.replies.set(conversationId, { count: seen.count + 1, lastBody: Buffer.concat(chunks).toString('utf8') });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
  }
}
