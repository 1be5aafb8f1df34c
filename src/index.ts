import dotenv from 'dotenv';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { StoreCorruptedError } from './storage/jsonFileStorage.js';

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
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, { logger });
  } catch (error) {
    if (error instanceof StoreCorruptedError) {
      logger.fatal({ file: error.file }, error.message);
      console.error(`The bot cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight turns');
    const { drained } = await app.close(config.shutdownGraceMs);
    logger.info({ drained }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen(config.port, config.host);
  logger.info(
    { ...address, backend: config.backend, authenticated: Boolean(config.bot.appId) },
    `bot listening on http://${address.host}:${address.port}/api/messages`,
  );
}

main().catch((error: unknown) => {
  console.error('The bot stopped on an unexpected error:', error);
  process.exit(1);
});
