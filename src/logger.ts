import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const censor = '[redacted]';
/** Keys whose values are credentials, whatever their case and however deep they sit (headers, error details). */
const secretKey = /^(authorization|proxy-authorization|cookie|set-cookie|x-ms-token-.*|.*password|.*secret|.*token|.*apikey|api-key)$/i;
/** Deeper than anything the bot logs on purpose; past it, values are dropped rather than walked. */
const maxDepth = 10;

/**
 * JSON lines on stdout. Every logged object is copied with credentials censored at any depth and in any letter case
 * (pino's own `redact` takes fixed paths, one wildcard level, case-sensitive), errors included: an Azure error's
 * detail can carry the request's headers.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ado-billing-bot' },
      formatters: { log: (object) => redactSecrets(object, 0, new WeakSet()) as Record<string, unknown> },
      // Errors are already turned into plain objects above; pino's own serializer would rename their type.
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );
}

export function redactSecrets(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= maxDepth) return '[too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  if (value instanceof Error) {
    // The shape pino's error serializer would produce, built here so the walk reaches the error's own fields.
    copy.type = value.name;
    copy.message = value.message;
    copy.stack = value.stack;
    if (value.cause !== undefined) copy.cause = redactSecrets(value.cause, depth + 1, seen);
  }
  for (const [key, item] of Object.entries(value)) {
    copy[key] = secretKey.test(key) ? censor : redactSecrets(item, depth + 1, seen);
  }
  return copy;
}
