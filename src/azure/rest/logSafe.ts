import { isRestError, type HttpHeaders } from '@azure/core-rest-pipeline';

/**
 * What an error may keep for the log. core-rest-pipeline's errors and responses carry the request, whose headers hold
 * the bearer token, so only copies of the harmless parts are kept.
 */

/** Headers worth logging: everything but credentials and session cookies. */
export function safeHeaders(headers: HttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (!/authorization|cookie/i.test(name)) kept[name] = value;
  }
  return kept;
}

/** Name, message and code only, recursively through `cause`: a RestError's `request` and `response` would print the token. */
export function summarizeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error === undefined ? undefined : String(error);
  const summary: { name: string; message: string; code?: string; statusCode?: number; cause?: unknown } = {
    name: error.name,
    message: error.message,
  };
  if (isRestError(error)) {
    if (error.code) summary.code = error.code;
    if (error.statusCode !== undefined) summary.statusCode = error.statusCode;
  }
  if (error.cause !== undefined && depth < 3) summary.cause = summarizeError(error.cause, depth + 1);
  return summary;
}

export function truncate(text: string, max = 2_000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
