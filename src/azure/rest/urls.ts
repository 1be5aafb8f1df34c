import { AzureError } from '../ports.js';

/** Builds `base + path + ?query`, keeping any path the base URL already has (a proxy or a test prefix). */
export function endpoint(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

/**
 * A template tag for URL paths whose interpolated values are each exactly one path segment. Everything that could
 * change the path (`/`, `?`, `#`, `%`, `\`) is percent-encoded; an empty, `.` or `..` segment is refused, because URL
 * parsing resolves it away and the request would then address another resource. Organization names, user ids and
 * subscription ids arrive from services, card data or chat, so none of them is trusted to be well-formed.
 */
export function path(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((out, text, i) => out + text + (i < segments.length ? pathSegment(segments[i] ?? '') : ''), '');
}

function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new AzureError(
      'invalid_request',
      value === ''
        ? 'An empty name cannot be part of an Azure address.'
        : `"${value}" cannot be used as a name in an Azure address: it would point the request at a different resource.`,
    );
  }
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    // A lone UTF-16 surrogate cannot be encoded; it cannot be a real name either.
    throw new AzureError('invalid_request', 'A name with invalid characters cannot be part of an Azure address.', { cause });
  }
}

/**
 * An OData string literal (`'…'` with every quote doubled), for splicing a value into a `$filter` expression such as
 * `assignedTo('…')`. `endpoint` then URL-encodes the whole expression as a query value.
 */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Whether `candidate` may be requested while paging from `base`: a service must not steer tokens to another host. */
export function sameOrigin(candidate: string, base: string): boolean {
  try {
    return new URL(candidate).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
