import { isRestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AzureError } from '../ports.js';
import { summarizeError, truncate } from './logSafe.js';
import { isIdempotent, retryAfterMs, type RetryAfterTooLongError } from './retryPolicy.js';
import type { AzureRequest, AzureService, HttpSettings } from './transport.js';

/**
 * Turns every way a call can fail into an `AzureError` whose message tells an admin what to change (which role, which
 * consent, when to try again), and whose `detail` keeps what the log needs, without the bearer token.
 */
export class AdminMessages {
  constructor(
    private readonly service: AzureService,
    private readonly settings: HttpSettings,
  ) {}

  invalidAddress(url: string, cause: unknown): AzureError {
    return new AzureError('invalid_request', `The ${this.service.name} address "${url}" is not a valid URL.`, { url, cause });
  }

  insecureAddress(url: string, origin: string): AzureError {
    return new AzureError(
      'invalid_request',
      `Refusing to send an Azure token to ${origin}: ${this.service.name} addresses must use https.`,
      { url },
    );
  }

  unreadable(request: AzureRequest, response: PipelineResponse, cause: unknown): AzureError {
    return new AzureError(
      'unavailable',
      `${this.service.name} sent an answer the bot could not read while trying to ${request.context.action}. Try again later.`,
      { status: response.status, url: request.url, body: truncate(response.bodyAsText ?? ''), cause },
    );
  }

  tokenUnavailable(request: AzureRequest, error: unknown): AzureError {
    return new AzureError('unauthorized', this.unauthorizedMessage(request.context.action), {
      url: request.url,
      cause: summarizeError(error),
    });
  }

  waitTooLong(request: AzureRequest, error: RetryAfterTooLongError): AzureError {
    const { status, headers, body, waitMs } = error;
    return new AzureError(
      status === 429 ? 'throttled' : 'unavailable',
      `${this.service.name} asked the bot to wait ${describeWait(waitMs)} before trying to ${request.context.action} again. Try again then.`,
      { status, url: request.url, body, cause: { name: error.name, message: error.message, status, headers } },
    );
  }

  /** No HTTP answer: a timeout, the overall deadline, or a connection that failed. */
  noAnswer(request: AzureRequest, error: unknown, pastDeadline: boolean): AzureError {
    const { action } = request.context;
    const detail = { url: request.url, cause: summarizeError(error) };
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

  forStatus(request: AzureRequest, response: PipelineResponse): AzureError {
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

  /** For a request that cannot safely be repeated, says that it may have been carried out and what to check first. */
  private afterUnknownOutcome(request: AzureRequest, otherwise: string): string {
    if (isIdempotent(request)) return otherwise;
    const check = request.context.unknownOutcome ?? 'Check whether the change was made';
    return ` It is unknown whether the change was made: ${check} before trying again.`;
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

/**
 * The service's own error code from the body an error kept: ARM's `error.code` (e.g. `MissingSubscriptionRegistration`),
 * Azure DevOps' `typeKey`. Lets a client react to one specific refusal without parsing messages.
 */
export function serviceErrorCode(error: AzureError): string | undefined {
  const body = parseObject(error.detail?.body ?? '');
  const code = body?.error?.code ?? body?.typeKey;
  return typeof code === 'string' ? code : undefined;
}

/** ARM: `{error: {code, message}}`; Azure DevOps: `{message, typeKey}`. */
function serviceMessage(text: string): string | undefined {
  const body = parseObject(text);
  const message = body?.error?.message ?? body?.message;
  return typeof message === 'string' ? truncate(message, 300) : undefined;
}

function parseObject(text: string): { error?: { code?: unknown; message?: unknown }; message?: unknown; typeKey?: unknown } | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? body : undefined;
  } catch {
    return undefined;
  }
}

function describeWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return seconds === 1 ? 'about 1 second' : `about ${seconds} seconds`;
  return `about ${Math.round(seconds / 60)} minutes`;
}
