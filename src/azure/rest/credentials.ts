import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  OnBehalfOfCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import { SignInRequiredError, type Caller } from '../ports.js';

export type AzureAuthMode = 'secret' | 'certificate' | 'managedIdentity';

/**
 * How the bot signs in to Azure, as the config module reads it from the environment:
 * `AZURE_AUTH_MODE` → authMode, `AZURE_TENANT_ID` → tenantId, `AZURE_CLIENT_ID` → clientId (for managedIdentity: the
 * user-assigned identity's client id, or absent for the system-assigned one), `AZURE_CLIENT_SECRET` → clientSecret,
 * `AZURE_CLIENT_CERTIFICATE_PATH` → certificatePath (PEM with the private key), `AZURE_USE_OBO=true|false` →
 * useOnBehalfOf, `AZURE_AUTHORITY_HOST` → authorityHost (e.g. https://login.microsoftonline.com).
 */
export interface AzureCredentialSettings {
  authMode: AzureAuthMode;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  /** Act as the Teams user (On-Behalf-Of their SSO token) whenever the caller brings one. */
  useOnBehalfOf: boolean;
  authorityHost?: string;
}

export interface CallerCredentials {
  credentialFor(caller: Caller): TokenCredential;
  /**
   * Whether tokens from `credentialFor(caller)` are the caller's own (On-Behalf-Of) rather than the bot's identity.
   * Rights checks depend on it: "my permissions" only describe the caller when the token is the caller's.
   */
  actsAsCaller(caller: Caller): boolean;
}

/** Each On-Behalf-Of credential keeps its own token cache; reusing it per SSO token saves an Entra round trip per call. */
const onBehalfOfCacheSize = 200;

/**
 * Chooses the credential from the settings. Without On-Behalf-Of (or for a caller without an SSO token) every call
 * runs as the bot's own identity, and the ports check the caller's rights explicitly by object id.
 */
export function createAzureCredential(
  settings: AzureCredentialSettings,
  /** More @azure/identity options, e.g. the CA of a private authority host (tests trust their local fake Entra). */
  clientOptions: TokenCredentialOptions & { disableInstanceDiscovery?: boolean } = {},
): CallerCredentials {
  const app = appCredential(settings, clientOptions);
  if (!settings.useOnBehalfOf) return { credentialFor: () => app, actsAsCaller: () => false };
  const onBehalfOf = cachedByToken(onBehalfOfFactory(settings, clientOptions));
  return {
    credentialFor: (caller) => (caller.ssoToken ? onBehalfOf(caller.ssoToken) : app),
    actsAsCaller: (caller) => Boolean(caller.ssoToken),
  };
}

function appCredential(settings: AzureCredentialSettings, clientOptions: TokenCredentialOptions): TokenCredential {
  const options = { ...clientOptions, ...authorityOptions(settings) };
  switch (settings.authMode) {
    case 'secret': {
      const { tenantId, clientId, clientSecret } = required(settings, ['tenantId', 'clientId', 'clientSecret']);
      return new ClientSecretCredential(tenantId, clientId, clientSecret, options);
    }
    case 'certificate': {
      const { tenantId, clientId, certificatePath } = required(settings, ['tenantId', 'clientId', 'certificatePath']);
      return new ClientCertificateCredential(tenantId, clientId, certificatePath, options);
    }
    case 'managedIdentity':
      return settings.clientId ? new ManagedIdentityCredential({ clientId: settings.clientId }) : new ManagedIdentityCredential();
  }
}

function onBehalfOfFactory(settings: AzureCredentialSettings, clientOptions: TokenCredentialOptions): (ssoToken: string) => TokenCredential {
  const options = { ...clientOptions, ...authorityOptions(settings) };
  switch (settings.authMode) {
    case 'secret': {
      const { tenantId, clientId, clientSecret } = required(settings, ['tenantId', 'clientId', 'clientSecret']);
      return (userAssertionToken) =>
        new ExplainingOnBehalfOfCredential({ tenantId, clientId, clientSecret, userAssertionToken, ...options });
    }
    case 'certificate': {
      const { tenantId, clientId, certificatePath } = required(settings, ['tenantId', 'clientId', 'certificatePath']);
      return (userAssertionToken) =>
        new ExplainingOnBehalfOfCredential({ tenantId, clientId, certificatePath, userAssertionToken, ...options });
    }
    case 'managedIdentity':
      // OBO needs the app registration's own secret or certificate (or a federated assertion, which needs a second
      // client id this configuration does not carry); failing at start-up beats acting as the bot by surprise.
      throw new Error(
        'AZURE_USE_OBO=true needs AZURE_AUTH_MODE=secret or certificate: a managed identity cannot exchange a user token on its own.',
      );
  }
}

/**
 * Entra's answers that only the user can fix, by AADSTS code: 65001 (no consent for the bot to call the API as the user),
 * 65004 (the user declined consent), 500133 and 700024 (the SSO token's time is up), 50013 (the assertion was
 * refused, e.g. signature or audience), 50173/50076/50079 (the session was revoked or needs stronger sign-in).
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const consentCodes = ['65001', '65004'];
const signInAgainCodes = ['500133', '700024', '50013', '50173', '50076', '50079'];

/** An On-Behalf-Of credential whose sign-in failures say what the user can do, rather than "no token". */
class ExplainingOnBehalfOfCredential extends OnBehalfOfCredential {
  override async getToken(...args: Parameters<OnBehalfOfCredential['getToken']>): ReturnType<OnBehalfOfCredential['getToken']> {
    try {
      return await super.getToken(...args);
    } catch (error) {
      throw signInFailure(error) ?? error;
    }
  }
}

function signInFailure(error: unknown): SignInRequiredError | undefined {
  const text = errorText(error);
  const codes = [...text.matchAll(/AADSTS(\d+)/g)].map((match) => match[1]);
  if (codes.some((code) => consentCodes.includes(code ?? '')) || /consent_required/.test(text)) {
    return new SignInRequiredError(
      'consent',
      'Azure needs your consent before this bot can act as you. Sign in again and accept, or ask an admin to grant consent for the organization.',
      error,
    );
  }
  if (codes.some((code) => signInAgainCodes.includes(code ?? '')) || /interaction_required|invalid_grant/.test(text)) {
    return new SignInRequiredError('expired', 'Your sign-in has expired. Sign in again, then repeat what you asked.', error);
  }
  return undefined;
}

/** @azure/identity wraps Entra's error body in differently shaped errors (AuthenticationError, MSAL's ServerError). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const extra = error as Error & { errorResponse?: { error?: string; errorDescription?: string }; errorCode?: string; cause?: unknown };
  return [error.message, extra.errorResponse?.error, extra.errorResponse?.errorDescription, extra.errorCode, extra.cause ? errorText(extra.cause) : '']
    .filter(Boolean)
    .join(' ');
}

function cachedByToken(create: (ssoToken: string) => TokenCredential): (ssoToken: string) => TokenCredential {
  const cache = new Map<string, TokenCredential>();
  return (ssoToken) => {
    let credential = cache.get(ssoToken);
    if (!credential) {
      credential = create(ssoToken);
      cache.set(ssoToken, credential);
      const oldest = cache.keys().next().value;
      if (cache.size > onBehalfOfCacheSize && oldest !== undefined) cache.delete(oldest);
    }
    return credential;
  };
}

function authorityOptions(settings: AzureCredentialSettings): { authorityHost?: string } {
  return settings.authorityHost ? { authorityHost: settings.authorityHost } : {};
}

const settingNames: Record<'tenantId' | 'clientId' | 'clientSecret' | 'certificatePath', string> = {
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
};

function required<K extends keyof typeof settingNames>(
  settings: AzureCredentialSettings,
  keys: K[],
): Record<K, string> {
  const missing = keys.filter((key) => !settings[key]);
  if (missing.length > 0) {
    const names = missing.map((key) => settingNames[key]).join(', ');
    throw new Error(`AZURE_AUTH_MODE=${settings.authMode} needs ${names}.`);
  }
  return Object.fromEntries(keys.map((key) => [key, settings[key]])) as Record<K, string>;
}
