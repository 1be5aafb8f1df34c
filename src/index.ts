import dotenv from 'dotenv';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { exitOnUnhandledFaults, serveUntilSignalled } from './processLifecycle.js';
import { StoreCorruptedError } from './storage/jsonFileStorage.js';
import { StorageLockedError } from './storage/storageLock.js';

/** Process entry: config → logger → app; refuses to start with a readable reason, stops cleanly on signals. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`The bot cannot start.\n${error.message}\nSee .env.example for every setting.`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  exitOnUnhandledFaults(logger);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, { logger });
  } catch (error) {
    if (error instanceof StoreCorruptedError || error instanceof StorageLockedError) {
      logger.fatal({ err: error }, error.message);
      console.error(`The bot cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  await serveUntilSignalled(app, config, logger, { backend: config.backend, authenticated: Boolean(config.bot.appId) });
  // Listening already (liveness); a failure to build the bot after that still stops the process, as before.
  await app.turnsLoaded();
  logger.info('ready to answer turns');
}

main().catch((error: unknown) => {
  console.error('The bot stopped on an unexpected error:', error);
  process.exit(1);
});
