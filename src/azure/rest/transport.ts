import {
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type HttpHeaders,
  type Pipeline,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { z } from 'zod';
import { AzureError } from '../ports.js';
import { AdminMessages } from './adminMessages.js';
import { isIdempotent, retryAfterCeilingPolicy, retryPolicyFor, RetryAfterTooLongError } from './retryPolicy.js';
import { isLoopback } from './urls.js';

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
 * One Azure API family over core-rest-pipeline: bearer token per attempt, bounded retries (see `retryPolicy.ts`), a
 * per-attempt timeout and an overall deadline, and every failure turned into an `AzureError` an admin can act on
 * (see `adminMessages.ts`). A timed-out attempt is not retried: the service may still be carrying out a write, and
 * the bot has seconds, not minutes, to answer in Teams.
 */
export class AzureHttp {
  private readonly messages: AdminMessages;

  constructor(
    private readonly service: AzureService,
    private readonly settings: HttpSettings,
    private readonly httpClient: HttpClient,
  ) {
    this.messages = new AdminMessages(service, settings);
  }

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
      if (error instanceof AzureError) throw error;
      if (error instanceof TokenUnavailableError) throw this.messages.tokenUnavailable(request, error);
      if (error instanceof RetryAfterTooLongError) throw this.messages.waitTooLong(request, error);
      throw this.messages.noAnswer(request, error, deadline.aborted);
    }
    // 203 is how Azure DevOps answers an unusable token: a sign-in page instead of the resource.
    if (response.status >= 200 && response.status < 300 && response.status !== 203) return response;
    throw this.messages.forStatus(request, response);
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
      throw this.messages.invalidAddress(request.url, cause);
    }
    if (url.protocol === 'https:') return false;
    if (url.protocol === 'http:' && isLoopback(url.hostname)) return true;
    throw this.messages.insecureAddress(request.url, url.origin);
  }

  /** Built per call because the credential is per caller; the HTTP client (and its connection pool) is shared. */
  private pipeline(request: AzureRequest): Pipeline {
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(retryPolicyFor(isIdempotent(request), this.settings), { phase: 'Retry' });
    pipeline.addPolicy(retryAfterCeilingPolicy(this.settings.maxRetryAfterMs), { phase: 'Sign' });
    pipeline.addPolicy(callerTokenPolicy(request.credential, this.service.scope), { phase: 'Sign' });
    return pipeline;
  }

  private parse<T>(request: AzureRequest, response: PipelineResponse, schema: BodySchema<T>): T {
    const text = response.bodyAsText ?? '';
    let value: unknown;
    try {
      value = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      throw this.messages.unreadable(request, response, cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw this.messages.unreadable(request, response, parsed.error);
    return parsed.data;
  }
}

/** Thrown inside the pipeline; not a RestError, so the retry policy passes it straight up instead of retrying. */
class TokenUnavailableError extends Error {
  constructor(cause: unknown) {
    super('No access token for the caller', { cause });
    this.name = 'TokenUnavailableError';
  }
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
        // Already a reason the user can act on (sign in again, consent), not a broken credential.
        if (cause instanceof AzureError) throw cause;
        throw new TokenUnavailableError(cause);
      }
      if (!token) throw new TokenUnavailableError(undefined);
      request.headers.set('Authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
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
