import type { Logger } from './logger.js';

export interface Servable {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  close(graceMs: number): Promise<{ drained: boolean }>;
}

/**
 * A fault nobody caught would otherwise end the process with a stack trace on stderr and nothing in the JSON log
 * the operators read: log it as fatal through pino first (synchronously, so the line is written before exit).
 */
export function exitOnUnhandledFaults(logger: Logger): void {
  const fatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error, kind }, `the bot stopped on an unexpected error (${kind})`);
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaughtException'));
  process.on('unhandledRejection', fatal('unhandledRejection'));
}

/** Listens, and on SIGTERM/SIGINT stops taking requests, lets in-flight turns finish within the grace, then exits. */
export async function serveUntilSignalled(
  app: Servable,
  settings: { port: number; host: string; shutdownGraceMs: number },
  logger: Logger,
  describe: Record<string, unknown> = {},
): Promise<void> {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: settings.shutdownGraceMs }, 'shutting down: finishing in-flight turns');
    const { drained } = await app.close(settings.shutdownGraceMs);
    if (drained) logger.info({ drained }, 'stopped');
    else logger.error({ drained }, 'stopped before every turn finished; unfinished billing changes are reported at the next start');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen(settings.port, settings.host);
  logger.info({ ...address, ...describe }, `bot listening on http://${address.host}:${address.port}/api/messages`);
}
