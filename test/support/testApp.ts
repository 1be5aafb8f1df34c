import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
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
