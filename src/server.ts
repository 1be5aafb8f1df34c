import type { AddressInfo } from 'node:net';
import type { CloudAdapter, Response as AdapterResponse, TurnContext } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import { z } from 'zod';
import type { Logger } from './logger.js';

/**
 * The adapter answers 500 to an activity missing `type`, `id`, `serviceUrl`, `channelId` or `conversation.id`
 * (measured), and the Bot Framework channel retries every 5xx. Reject malformed activities here with 400 and the
 * reason, so 5xx keeps meaning a real fault on our side.
 */
const inboundActivitySchema = z
  .object({
    type: z.string().min(1),
    id: z.string().min(1),
    serviceUrl: z.string().url(),
    channelId: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    from: z.object({ id: z.string() }).passthrough().optional(),
    locale: z.string().optional(),
  })
  .passthrough();

export interface ServerOptions {
  adapter: CloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  maxBodyBytes: number;
  /** Whether storage and backends are reachable; drives /readyz. */
  isReady: () => Promise<boolean>;
  /**
   * Teams waits about 15 s for the answer to a message and then retries it. A message turn still running after
   * `afterMs` sends `notice` (e.g. "still working"), the channel gets its 200, and the turn goes on: its later
   * replies reach the chat through the connector, as proactive messages do.
   */
  slowTurn?: { afterMs: number; notice: (context: TurnContext) => Promise<void> };
}

export interface BotServer {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stops accepting requests and resolves when in-flight turns are done (or the grace period ran out). */
  close(graceMs: number): Promise<{ drained: boolean }>;
}

export function createBotServer(options: ServerOptions): BotServer {
  const { adapter, logger } = options;
  const server = restify.createServer({ name: 'ado-billing-bot', handleUncaughtExceptions: false });
  const inFlight = new Set<Promise<unknown>>();
  let draining = false;
  const track = (work: Promise<unknown>): void => {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  };

  // Tracked from the first byte (before body parsing), so shutdown also waits for requests still being read.
  server.pre((_req, res, next) => {
    track(new Promise<void>((resolve) => res.once('close', resolve)));
    return next();
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = !draining && (await options.isReady().catch(() => false));
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  });

  // The Agents Playground probes the endpoint with HEAD before it connects.
  server.head('/api/messages', (_req, res, next) => {
    res.send(204);
    return next();
  });

  server.post(
    '/api/messages',
    (req: Request, res: Response, next: restify.Next) => readJsonBody(req, res, next, options.maxBodyBytes, logger),
    async (req, res) => {
      if (draining) {
        res.send(503, { error: 'The bot is shutting down; the channel will retry.' });
        return;
      }
      const shape = inboundActivitySchema.safeParse(req.body);
      if (!shape.success) {
        const reason = shape.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
        logger.warn({ reason }, 'rejected a malformed activity');
        res.send(400, { error: `Not a valid activity: ${reason}` });
        return;
      }
      const answer = deferrableAnswer(res);
      await adapter.process(req, answer.response, (context) => {
        const turn = runTurn(context, answer, options);
        // A turn may outlive its HTTP request (see `slowTurn`); shutdown waits for it too.
        track(turn);
        return turn;
      });
    },
  );

  server.on('restifyError', (req, res, error, callback) => {
    logger.warn({ status: error.statusCode, path: req.path(), message: error.message }, 'request rejected');
    return callback();
  });

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, host: address.address });
        });
      });
    },
    async close(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
      ]);
      server.server.closeAllConnections?.();
      await closed;
      return { drained };
    },
  };
}

/**
 * Reads the body ourselves instead of restify's bodyParser, whose size limit counts compressed bytes: a 600 KB gzip
 * body inflates to 600 MB before the token is even checked. Teams never compresses activities, so any
 * Content-Encoding other than identity is refused (415) before a byte is read, a declared length over the limit is
 * refused at once (413), and a body that grows past the limit while streaming stops being read.
 */
function readJsonBody(req: Request, res: Response, next: restify.Next, maxBytes: number, logger: Logger): void {
  const refuse = (status: number, error: string): void => {
    logger.warn({ status, contentEncoding: req.headers['content-encoding'], contentLength: req.headers['content-length'] }, error);
    res.header('Connection', 'close');
    res.send(status, { error });
    req.destroy();
    next(false);
  };
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    refuse(415, 'Compressed request bodies are not accepted; send the activity uncompressed.');
    return;
  }
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    refuse(413, `The request body is larger than ${maxBytes} bytes.`);
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let stopped = false;
  req.on('data', (chunk: Buffer) => {
    if (stopped) return;
    received += chunk.length;
    if (received > maxBytes) {
      stopped = true;
      refuse(413, `The request body is larger than ${maxBytes} bytes.`);
      return;
    }
    chunks.push(chunk);
  });
  req.once('error', () => {
    stopped = true;
  });
  req.once('end', () => {
    if (stopped) return;
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      res.send(400, { error: 'The request body is not valid JSON.' });
      next(false);
      return;
    }
    next();
  });
}

interface DeferrableAnswer {
  /** What the adapter writes its answer to; ignored once the request has been answered early. */
  response: AdapterResponse;
  /** Answers the channel now with 200; returns false when the adapter already answered. */
  answerNow(): boolean;
}

function deferrableAnswer(res: Response): DeferrableAnswer {
  let answeredEarly = false;
  const response: AdapterResponse = {
    socket: res.socket,
    status: (code: number) => (answeredEarly ? code : res.status(code)),
    header: (name: string, value: unknown) => (answeredEarly ? undefined : res.header(name, value)),
    send: (...args: unknown[]) => (answeredEarly ? undefined : (res.send as (...a: unknown[]) => unknown)(...args)),
    end: () => (answeredEarly ? undefined : res.end()),
  };
  return {
    response,
    answerNow() {
      if (answeredEarly || res.headersSent) return false;
      answeredEarly = true;
      res.send(200);
      return true;
    },
  };
}

/** Invokes carry their answer in the response body, and so do expectReplies turns: those cannot be answered early. */
function answerableEarly(context: TurnContext): boolean {
  return context.activity.type !== 'invoke' && context.activity.deliveryMode !== 'expectReplies';
}

async function runTurn(context: TurnContext, answer: DeferrableAnswer, options: ServerOptions): Promise<void> {
  const { slowTurn, logger } = options;
  let finished = false;
  const timer =
    slowTurn && answerableEarly(context)
      ? setTimeout(() => {
          void (async () => {
            try {
              await slowTurn.notice(context);
            } catch (error) {
              // The turn may have ended while the notice was on its way; the channel still gets its answer.
              if (!finished) logger.warn({ err: error }, 'could not send the still-working notice');
            }
            if (!finished && answer.answerNow()) {
              logger.info({ activityId: context.activity.id, afterMs: slowTurn.afterMs }, 'answered a slow turn early; it goes on');
            }
          })();
        }, slowTurn.afterMs)
      : undefined;
  try {
    await options.logic(context);
  } finally {
    finished = true;
    clearTimeout(timer);
  }
}
