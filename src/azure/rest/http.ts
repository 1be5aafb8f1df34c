import {
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  defaultRetryPolicy,
  isRestError,
  retryPolicy,
  type HttpClient,
  type HttpHeaders,
  type Pipeline,
  type PipelinePolicy,
  type PipelineResponse,
  type RetryStrategy,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { z } from 'zod';
import { AzureError } from '../ports.js';

/** One Azure API family: the token audience and the words an admin needs to fix a sign-in problem. */
export interface AzureService {
  name: string;
  scope: string;
  /** The API the app registration needs (admin-consented) permission for, as the Entra portal names it. */
  consentApi: string;
  /** Extra causes of a 401 that are specific to the service. */
  unauthorizedHint?: string;
}

export const resourceManagerService: AzureService = {
  name: 'Azure Resource Manager',
  scope: 'https://management.azure.com/.default',
  consentApi: 'Azure Service Management',
};

export const devOpsService: AzureService = {
  name: 'Azure DevOps',
  scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
  consentApi: 'Azure DevOps',
  // Azure DevOps answers 401 (TF400813), not 403, to an account that is not a member of the organization.
  unauthorizedHint: 'or the signed-in account is not a member of the organization',
};

export interface HttpSettings {
  /** Per attempt, until the response headers arrive. */
  timeoutMs: number;
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Base of the exponential backoff; core-rest-pipeline doubles it per retry and adds jitter. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** The longest server-requested wait (Retry-After) worth sitting through; longer ones fail fast as `throttled`. */
  maxRetryAfterMs: number;
  /**
   * The whole call: every attempt, every backoff wait and reading every body. `timeoutMs` alone stops at the response
   * headers, so a stalled body or a chain of Retry-After waits could otherwise hold a Teams turn indefinitely.
   */
  overallTimeoutMs: number;
}

export const defaultHttpSettings: HttpSettings = {
  timeoutMs: 15_000,
  maxAttempts: 4,
  retryDelayMs: 800,
  maxRetryDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
  overallTimeoutMs: 20_000,
};

/**
 * The most pages one listing follows. A service that keeps handing out new continuation links (a bug, or a tenant far
 * larger than a chat answer can present) would otherwise keep the bot paging until the turn is abandoned.
 */
export const maxPages = 200;

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** What the call is for, so a failure can say what the admin has to change. */
export interface CallContext {
  /** Completes "while trying to …", e.g. "list your Azure subscriptions". */
  action: string;
  /** The right a 403 means is missing, completing "… needs …", e.g. "Owner or Contributor on subscription X". */
  requires: string;
  /** Shown as is for a 404, when the generic wording would not help. */
  notFound?: string;
  /**
   * For a write that is not safe to repeat: what to check before trying again when the outcome is unknown (a 5xx, a
   * dropped connection or a timeout after the request went out), e.g. "Check the users of fabrikam".
   */
  unknownOutcome?: string;
}

export interface AzureRequest {
  method: HttpMethod;
  url: string;
  credential: TokenCredential;
  context: CallContext;
  /** Sent as JSON. */
  body?: unknown;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  /**
   * Whether sending the request twice has the effect of sending it once, so a 5xx or a dropped connection may be
   * retried. Defaults to true for every method but POST (a read done with POST, such as a lookup, can say so).
   */
  idempotent?: boolean;
}

export interface AzureResponse<T> {
  status: number;
  headers: HttpHeaders;
  body: T;
}

/** A schema whose input is whatever JSON arrived; its output may differ (defaults, transforms). */
export type BodySchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/**
 * One Azure API family over core-rest-pipeline: bearer token per attempt, bounded retries with backoff and jitter on
 * 429/5xx/network errors (Retry-After honoured), a per-attempt timeout, and every failure turned into an
 * `AzureError` whose message tells an admin what to change. A timed-out attempt is not retried: the service may still
 * be carrying out a write, and the bot has seconds, not minutes, to answer in Teams.
 */
export class AzureHttp {
  constructor(
    private readonly service: AzureService,
    private readonly settings: HttpSettings,
    private readonly httpClient: HttpClient,
  ) {}

  async json<T>(request: AzureRequest, schema: BodySchema<T>): Promise<AzureResponse<T>> {
    const response = await this.send(request);
    return { status: response.status, headers: response.headers, body: this.parse(request, response, schema) };
  }

  async send(request: AzureRequest): Promise<PipelineResponse> {
    const insecure = this.checkTransport(request);
    const deadline = AbortSignal.timeout(this.settings.overallTimeoutMs);
    const pipelineRequest = createPipelineRequest({
      url: request.url,
      method: request.method,
      timeout: this.settings.timeoutMs,
      abortSignal: deadline,
      allowInsecureConnection: insecure,
      headers: createHttpHeaders({
        Accept: 'application/json',
        ...(request.body === undefined ? {} : { 'Content-Type': request.contentType ?? 'application/json' }),
      }),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    let response: PipelineResponse;
    try {
      response = await this.pipeline(request).sendRequest(this.httpClient, pipelineRequest);
    } catch (error) {
      throw this.transportError(request, error, deadline.aborted);
    }
    // 203 is how Azure DevOps answers an unusable token: a sign-in page instead of the resource.
    if (response.status >= 200 && response.status < 300 && response.status !== 203) return response;
    throw this.statusError(request, response);
  }

  /**
   * Plain HTTP is allowed to loopback addresses only (local fakes in tests); anywhere else it would expose tokens.
   * Returns whether the URL is plain HTTP.
   */
  private checkTransport(request: AzureRequest): boolean {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (cause) {
      throw new AzureError('invalid_request', `The ${this.service.name} address "${request.url}" is not a valid URL.`, {
        url: request.url,
        cause,
      });
    }
    if (url.protocol === 'https:') return false;
    if (url.protocol === 'http:' && isLoopback(url.hostname)) return true;
    throw new AzureError(
      'invalid_request',
      `Refusing to send an Azure token to ${url.origin}: ${this.service.name} addresses must use https.`,
      { url: request.url },
    );
  }

  /**
   * Built per call because the credential is per caller; the HTTP client (and its connection pool) is shared.
   * A request that is not idempotent is retried only after a 429, which says the request was not carried out; after a
   * 5xx or a dropped connection the first attempt may have succeeded, and a second one could act twice.
   */
  private pipeline(request: AzureRequest): Pipeline {
    const pipeline = createEmptyPipeline();
    const maxRetries = this.settings.maxAttempts - 1;
    pipeline.addPolicy(
      isIdempotent(request)
        ? defaultRetryPolicy({
            maxRetries,
            retryDelayInMs: this.settings.retryDelayMs,
            maxRetryDelayInMs: this.settings.maxRetryDelayMs,
          })
        : retryPolicy([throttledOnlyStrategy(this.settings)], { maxRetries }),
      { phase: 'Retry' },
    );
    pipeline.addPolicy(retryAfterCeilingPolicy(this.settings.maxRetryAfterMs), { phase: 'Sign' });
    pipeline.addPolicy(callerTokenPolicy(request.credential, this.service.scope), { phase: 'Sign' });
    return pipeline;
  }

  private parse<T>(request: AzureRequest, response: PipelineResponse, schema: BodySchema<T>): T {
    const text = response.bodyAsText ?? '';
    const unreadable = (cause: unknown): AzureError =>
      new AzureError(
        'unavailable',
        `${this.service.name} sent an answer the bot could not read while trying to ${request.context.action}. Try again later.`,
        { status: response.status, url: request.url, body: truncate(text), cause },
      );
    let value: unknown;
    try {
      value = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      throw unreadable(cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw unreadable(parsed.error);
    return parsed.data;
  }

  /**
   * `cause` is always a plain summary: core-rest-pipeline's errors and responses carry the request, whose headers hold
   * the bearer token, and `detail` ends up in logs.
   */
  private transportError(request: AzureRequest, error: unknown, pastDeadline: boolean): AzureError {
    const { action } = request.context;
    const detail = { url: request.url, cause: summarizeError(error) };
    if (error instanceof TokenUnavailableError) {
      return new AzureError('unauthorized', this.unauthorizedMessage(action), detail);
    }
    if (error instanceof RetryAfterTooLongError) {
      const { status, headers, body, waitMs } = error;
      const code = status === 429 ? 'throttled' : 'unavailable';
      return new AzureError(
        code,
        `${this.service.name} asked the bot to wait ${describeWait(waitMs)} before trying to ${action} again. Try again then.`,
        { status, url: request.url, body, cause: { name: error.name, message: error.message, status, headers } },
      );
    }
    if (pastDeadline) {
      return new AzureError(
        'timeout',
        `${this.service.name} did not finish answering within ${describeWait(this.settings.overallTimeoutMs)} while the bot was trying to ${action}.${this.afterUnknownOutcome(request, ' Try again later.')}`,
        detail,
      );
    }
    if (error instanceof Error && error.name === 'AbortError') {
      return new AzureError(
        'timeout',
        `${this.service.name} did not answer within ${describeWait(this.settings.timeoutMs)} while the bot was trying to ${action}.${this.afterUnknownOutcome(request, ' Try again later.')}`,
        detail,
      );
    }
    const reason = isRestError(error) && error.code ? ` (${error.code})` : '';
    if (!isIdempotent(request)) {
      return new AzureError(
        'unavailable',
        `The connection to ${this.service.name}${reason} failed while the bot was trying to ${action}.${this.afterUnknownOutcome(request, '')}`,
        detail,
      );
    }
    return new AzureError(
      'unavailable',
      `The bot could not reach ${this.service.name}${reason} after ${this.attempts()} while trying to ${action}. Try again later.`,
      detail,
    );
  }

  /** For a request that cannot safely be repeated, says that it may have been carried out and what to check first. */
  private afterUnknownOutcome(request: AzureRequest, otherwise: string): string {
    if (isIdempotent(request)) return otherwise;
    const check = request.context.unknownOutcome ?? 'Check whether the change was made';
    return ` It is unknown whether the change was made: ${check} before trying again.`;
  }

  private statusError(request: AzureRequest, response: PipelineResponse): AzureError {
    const { action, requires, notFound } = request.context;
    const text = response.bodyAsText ?? '';
    const detail = { status: response.status, url: request.url, body: truncate(text) };
    const said = serviceMessage(text);
    const because = said ? ` ${this.service.name} said: ${said}` : '';
    const { status } = response;
    if (status === 401 || status === 203) return new AzureError('unauthorized', this.unauthorizedMessage(action), detail);
    if (status === 403) {
      return new AzureError('forbidden', `Not allowed to ${action}: the signed-in account needs ${requires}.`, detail);
    }
    if (status === 404) {
      return new AzureError('not_found', notFound ?? `Nothing was found while trying to ${action}.${because}`, detail);
    }
    if (status === 409) {
      return new AzureError('conflict', `${this.service.name} reported a conflict while trying to ${action}.${because}`, detail);
    }
    if (status === 429) {
      const wait = retryAfterMs(response.headers);
      const when = wait === undefined ? 'in a minute' : `in ${describeWait(wait)}`;
      return new AzureError(
        'throttled',
        `${this.service.name} is limiting requests (${this.attempts()}) while the bot was trying to ${action}. Try again ${when}.`,
        detail,
      );
    }
    if (status >= 500) {
      if (!isIdempotent(request)) {
        return new AzureError(
          'unavailable',
          `${this.service.name} failed (HTTP ${status}) while the bot was trying to ${action}.${this.afterUnknownOutcome(request, '')}`,
          detail,
        );
      }
      return new AzureError(
        'unavailable',
        `${this.service.name} is unavailable (HTTP ${status} after ${this.attempts()}) while the bot was trying to ${action}. Try again later.`,
        detail,
      );
    }
    return new AzureError('invalid_request', `${this.service.name} refused to ${action} (HTTP ${status}).${because}`, detail);
  }

  private unauthorizedMessage(action: string): string {
    const hint = this.service.unauthorizedHint ? `, ${this.service.unauthorizedHint}` : '';
    return (
      `${this.service.name} did not accept the bot's sign-in while trying to ${action}: sign-in or consent problem: ` +
      `the app registration needs admin consent for ${this.service.consentApi}${hint}.`
    );
  }

  private attempts(): string {
    return this.settings.maxAttempts === 1 ? '1 attempt' : `${this.settings.maxAttempts} attempts`;
  }
}

/** Thrown inside the pipeline; not a RestError, so the retry policy passes it straight up instead of retrying. */
class TokenUnavailableError extends Error {
  constructor(cause: unknown) {
    super('No access token for the caller', { cause });
    this.name = 'TokenUnavailableError';
  }
}

/** Keeps copies, not the PipelineResponse: that holds the request, and with it the Authorization header. */
class RetryAfterTooLongError extends Error {
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

function isIdempotent(request: AzureRequest): boolean {
  return request.idempotent ?? request.method !== 'POST';
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

/** Headers worth logging: everything but credentials and session cookies. */
function safeHeaders(headers: HttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (!/authorization|cookie/i.test(name)) kept[name] = value;
  }
  return kept;
}

/**
 * Name, message and code only, recursively through `cause`: a RestError's `request` and `response` would print the
 * Authorization header.
 */
function summarizeError(error: unknown, depth = 0): unknown {
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

/**
 * core-rest-pipeline's bearerTokenAuthenticationPolicy refuses every non-https URL (allowInsecureConnection is not
 * consulted in 1.24), which rules out local fake servers; and its token cache lives in the policy instance, while
 * here the credential is per caller. The credentials from @azure/identity cache tokens themselves.
 */
function callerTokenPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  return {
    name: 'callerTokenPolicy',
    async sendRequest(request, next) {
      let token;
      try {
        token = await credential.getToken(scope, { abortSignal: request.abortSignal });
      } catch (cause) {
        throw new TokenUnavailableError(cause);
      }
      if (!token) throw new TokenUnavailableError(undefined);
      request.headers.set('Authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
}

/** Sits inside the retry policy: an answer asking for a longer wait than is worth it ends the retries at once. */
function retryAfterCeilingPolicy(maxWaitMs: number): PipelinePolicy {
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
function retryAfterMs(headers: HttpHeaders, now: number = Date.now()): number | undefined {
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

/** Builds `base + path + ?query`, keeping any path the base URL already has (a proxy or a test prefix). */
export function endpoint(base: string, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

/** A template tag that percent-encodes every interpolated path segment. */
export function path(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((out, text, i) => out + text + (i < segments.length ? encodeURIComponent(segments[i] ?? '') : ''), '');
}

/** Whether `candidate` may be requested while paging from `base`: a service must not steer tokens to another host. */
export function sameOrigin(candidate: string, base: string): boolean {
  try {
    return new URL(candidate).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** For reads where "not there" is an answer, not a failure. */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AzureError && error.code === 'not_found') return null;
    throw error;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** ARM: `{error: {code, message}}`; Azure DevOps: `{message, typeKey}`. */
function serviceMessage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { error?: { code?: unknown; message?: unknown }; message?: unknown };
  const message = record.error?.message ?? record.message;
  return typeof message === 'string' ? truncate(message, 300) : undefined;
}

function describeWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return seconds === 1 ? 'about 1 second' : `about ${seconds} seconds`;
  return `about ${Math.round(seconds / 60)} minutes`;
}

function truncate(text: string, max = 2_000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
