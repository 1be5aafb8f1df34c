import {
  defaultRetryPolicy,
  retryPolicy,
  type HttpHeaders,
  type PipelinePolicy,
  type PipelineResponse,
  type RetryStrategy,
} from '@azure/core-rest-pipeline';
import { safeHeaders, truncate } from './logSafe.js';
import type { AzureRequest, HttpSettings } from './transport.js';

/**
 * Whether sending the request twice has the effect of sending it once. POST is not, unless the call says so (a read
 * done with POST, such as a lookup).
 */
export function isIdempotent(request: AzureRequest): boolean {
  return request.idempotent ?? request.method !== 'POST';
}

/**
 * Bounded retries with backoff and jitter. A request that is not idempotent is retried only after a 429, which says
 * the request was not carried out; after a 5xx or a dropped connection the first attempt may have succeeded, and a
 * second one could act twice.
 */
export function retryPolicyFor(idempotent: boolean, settings: HttpSettings): PipelinePolicy {
  const maxRetries = settings.maxAttempts - 1;
  return idempotent
    ? defaultRetryPolicy({ maxRetries, retryDelayInMs: settings.retryDelayMs, maxRetryDelayInMs: settings.maxRetryDelayMs })
    : retryPolicy([throttledOnlyStrategy(settings)], { maxRetries });
}

/** Keeps copies, not the PipelineResponse: that holds the request, and with it the Authorization header. */
export class RetryAfterTooLongError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;

  constructor(
    response: PipelineResponse,
    readonly waitMs: number,
  ) {
    super(`Server asked to wait ${waitMs} ms`);
    this.name = 'RetryAfterTooLongError';
    this.status = response.status;
    this.headers = safeHeaders(response.headers);
    this.body = truncate(response.bodyAsText ?? '');
  }
}

/** Retries a 429 only, waiting as the service asks (or backing off), for requests that must not run twice. */
function throttledOnlyStrategy(settings: HttpSettings): RetryStrategy {
  return {
    name: 'throttledOnlyStrategy',
    retry({ retryCount, response }) {
      if (response?.status !== 429) return { skipStrategy: true };
      const backoff = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** retryCount);
      return { retryAfterInMs: retryAfterMs(response.headers) ?? backoff };
    },
  };
}

/** Sits inside the retry policy: an answer asking for a longer wait than is worth it ends the retries at once. */
export function retryAfterCeilingPolicy(maxWaitMs: number): PipelinePolicy {
  return {
    name: 'retryAfterCeilingPolicy',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status === 503) {
        const wait = retryAfterMs(response.headers);
        if (wait !== undefined && wait > maxWaitMs) throw new RetryAfterTooLongError(response, wait);
      }
      return response;
    },
  };
}

/** The same headers core-rest-pipeline's throttling strategy reads, in the same order. */
export function retryAfterMs(headers: HttpHeaders, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  const value = headers.get('retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  if (Number.isFinite(Number(value))) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
