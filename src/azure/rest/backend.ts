import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { AzureBackend, Caller } from '../ports.js';
import { RestResourceManager } from './armClient.js';
import { RestDevOps } from './devopsClient.js';
import { AzureHttp, defaultHttpSettings, devOpsService, resourceManagerService, type HttpSettings } from './transport.js';

export interface RestBackendOptions {
  /** The credential to call Azure with on behalf of `caller` (see `createAzureCredential`). */
  credential: (caller: Caller) => TokenCredential;
  /** Whether `credential(caller)` yields the caller's own token (On-Behalf-Of). Default: never, the safe reading. */
  actsAsCaller?: (caller: Caller) => boolean;
  armBaseUrl?: string;
  vsspsBaseUrl?: string;
  graphBaseUrl?: string;
  vsaexBaseUrl?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  maxRetryAfterMs?: number;
  /** Budget for one HTTP call as a whole: attempts, waits between them and the body (default 20 s). */
  overallTimeoutMs?: number;
  /** Azure region of the billing resource and its resource group. */
  billingLocation?: string;
  /** Configured seat approvers (Entra object ids): with the bot's identity they may assign levels like a PCA. */
  approverIds?: readonly string[];
}

const defaultBaseUrls = {
  arm: 'https://management.azure.com',
  vssps: 'https://app.vssps.visualstudio.com',
  graph: 'https://vssps.dev.azure.com',
  vsaex: 'https://vsaex.dev.azure.com',
} as const;

const defaultBillingLocation = 'centralus';

/** Real Azure: ARM and Azure DevOps REST with the caller's (or the bot's) token. */
export function createRestBackend(options: RestBackendOptions): AzureBackend {
  const settings = httpSettings(options);
  // One connection pool for both API families; pipelines are built per call around it.
  const httpClient = createDefaultHttpClient();
  const actsAsCaller = options.actsAsCaller ?? (() => false);
  return {
    kind: 'azure',
    arm: new RestResourceManager({
      http: new AzureHttp(resourceManagerService, settings, httpClient),
      baseUrl: options.armBaseUrl ?? defaultBaseUrls.arm,
      credential: options.credential,
      actsAsCaller,
      billingLocation: options.billingLocation ?? defaultBillingLocation,
    }),
    devops: new RestDevOps({
      http: new AzureHttp(devOpsService, settings, httpClient),
      vsspsBaseUrl: options.vsspsBaseUrl ?? defaultBaseUrls.vssps,
      graphBaseUrl: options.graphBaseUrl ?? defaultBaseUrls.graph,
      vsaexBaseUrl: options.vsaexBaseUrl ?? defaultBaseUrls.vsaex,
      credential: options.credential,
      actsAsCaller,
      approverIds: options.approverIds ?? [],
    }),
  };
}

function httpSettings(options: RestBackendOptions): HttpSettings {
  const settings: HttpSettings = {
    timeoutMs: options.timeoutMs ?? defaultHttpSettings.timeoutMs,
    maxAttempts: options.maxAttempts ?? defaultHttpSettings.maxAttempts,
    retryDelayMs: options.retryDelayMs ?? defaultHttpSettings.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? defaultHttpSettings.maxRetryDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultHttpSettings.maxRetryAfterMs,
    overallTimeoutMs: options.overallTimeoutMs ?? defaultHttpSettings.overallTimeoutMs,
  };
  if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) {
    throw new Error(`maxAttempts must be a whole number of at least 1, not ${settings.maxAttempts}`);
  }
  // A zero timeout would mean "wait forever" to core-rest-pipeline.
  if (!(settings.timeoutMs > 0)) throw new Error(`timeoutMs must be above 0, not ${settings.timeoutMs}`);
  if (!(settings.overallTimeoutMs > 0)) throw new Error(`overallTimeoutMs must be above 0, not ${settings.overallTimeoutMs}`);
  for (const name of ['retryDelayMs', 'maxRetryDelayMs', 'maxRetryAfterMs'] as const) {
    if (!(settings[name] >= 0)) throw new Error(`${name} must be a number of milliseconds, not ${settings[name]}`);
  }
  return settings;
}
