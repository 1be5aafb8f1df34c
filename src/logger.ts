import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** JSON lines on stdout; secrets and bearer tokens are redacted wherever they appear in a logged object. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ado-billing-bot' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*.appPassword', '*.clientSecret', '*.ssoToken', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
