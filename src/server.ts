import type { AddressInfo } from 'node:net';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
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
}

export interface BotServer {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stops accepting requests and resolves when in-flight turns are done (or the grace period ran out). */
  close(graceMs: number): Promise<{ drained: boolean }>;
}

export function createBotServer(options: ServerOptions): BotServer {
  const { adapter, logic, logger } = options;
  const server = restify.createServer({ name: 'ado-billing-bot', handleUncaughtExceptions: false });
  const inFlight = new Set<Promise<unknown>>();
  let draining = false;

  // Tracked from the first byte (before body parsing), so shutdown also waits for requests still being read.
  server.pre((_req, res, next) => {
    const done = new Promise<void>((resolve) => res.once('close', resolve));
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
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
    restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, mapFiles: false }),
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
      await adapter.process(req, res, logic);
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
