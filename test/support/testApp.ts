import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { postJson, teamsActivity } from './botClient.js';
import { FakeConnector } from './fakeConnector.js';

export interface RunningApp {
  app: App;
  baseUrl: string;
  connector: FakeConnector;
  storageDir: string;
  stop(): Promise<void>;
}

/** The whole bot on a real restify server (port 0, temp store) talking to a fake Bot Framework connector. */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: Partial<AppOptions> = {},
): Promise<RunningApp> {
  // A given STORAGE_DIR belongs to the test (a second run on what a first one wrote) and is left in place.
  const ownDir = env.STORAGE_DIR === undefined;
  const storageDir = env.STORAGE_DIR ?? (await mkdtemp(join(tmpdir(), 'billing-bot-http-')));
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env, STORAGE_DIR: storageDir, PORT: '0' });
  const app = await createApp(config, { logger: createLogger(config.logLevel), ...options });
  const { port } = await app.listen(0, '127.0.0.1');
  const connector = await FakeConnector.start();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    connector,
    storageDir,
    async stop() {
      await app.close(1000);
      await connector.close();
      if (ownDir) await rm(storageDir, { recursive: true, force: true });
    },
  };
}

type Json = Record<string, unknown>;
type Person = { id: string; name: string; aadObjectId: string };

/** Posts a message (typed text, or a card's submitted `value`) as `from`, and returns what the bot sent the connector. */
export async function sayOver(app: RunningApp, text: string | undefined, from: Person, conversationId: string, value?: unknown) {
  const before = app.connector.calls.length;
  const response = await postJson(`${app.baseUrl}/api/messages`, teamsActivity(app.connector.serviceUrl, { text, value, from, conversationId }));
  if (response.status !== 200) throw new Error(`The bot answered ${response.status} to "${text ?? JSON.stringify(value)}"`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return app.connector.calls.slice(before);
}

/** Clicks an Action.Execute button as `from`; the invoke's answer comes back in the HTTP response. */
export async function invokeOver(app: RunningApp, verb: string, data: unknown, from: Person, conversationId: string) {
  const response = await postJson(
    `${app.baseUrl}/api/messages`,
    teamsActivity(app.connector.serviceUrl, {
      type: 'invoke',
      from,
      conversationId,
      extra: { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } },
    }),
  );
  return { status: response.status, body: (await response.json()) as { type: string; value: Json } };
}
