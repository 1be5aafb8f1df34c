import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  OnBehalfOfCredential,
} from '@azure/identity';
import { SignInRequiredError, type Caller } from '../../../src/azure/ports.js';
import { createAzureCredential, type AzureCredentialSettings } from '../../../src/azure/rest/credentials.js';
import { entraClientOptions, startFakeEntra, type FakeEntra } from '../../support/fakeIdentity/entra.js';

const tenantId = '11111111-1111-1111-1111-111111111111';
const clientId = '22222222-2222-2222-2222-222222222222';
const caller: Caller = { aadObjectId: 'caller-oid', tenantId };
const withSso: Caller = { ...caller, ssoToken: 'sso-token-1' };

const secret: AzureCredentialSettings = { authMode: 'secret', tenantId, clientId, clientSecret: 's3cret', useOnBehalfOf: false };
const certificate: AzureCredentialSettings = {
  authMode: 'certificate',
  tenantId,
  clientId,
  certificatePath: '/nonexistent/bot.pem',
  useOnBehalfOf: false,
};

describe('createAzureCredential', () => {
  const appModes: { name: string; settings: AzureCredentialSettings; type: abstract new (...args: never[]) => unknown }[] = [
    { name: 'a client secret', settings: secret, type: ClientSecretCredential },
    { name: 'a certificate', settings: certificate, type: ClientCertificateCredential },
    { name: 'a system-assigned managed identity', settings: { authMode: 'managedIdentity', useOnBehalfOf: false }, type: ManagedIdentityCredential },
    {
      name: 'a user-assigned managed identity',
      settings: { authMode: 'managedIdentity', clientId, useOnBehalfOf: false },
      type: ManagedIdentityCredential,
    },
    {
      name: 'a client secret with a sovereign authority host',
      settings: { ...secret, authorityHost: 'https://login.microsoftonline.us' },
      type: ClientSecretCredential,
    },
  ];

  it.each(appModes)('signs in as the bot with $name', ({ settings, type }) => {
    const credentials = createAzureCredential(settings);

    expect(credentials.credentialFor(withSso)).toBeInstanceOf(type);
    expect(credentials.actsAsCaller(withSso)).toBe(false);
  });

  it.each([
    { name: 'secret', settings: { ...secret, useOnBehalfOf: true } },
    { name: 'certificate', settings: { ...certificate, useOnBehalfOf: true } },
  ])('acts on behalf of a caller who brings an SSO token ($name)', ({ settings }) => {
    const credentials = createAzureCredential(settings);

    expect(credentials.credentialFor(withSso)).toBeInstanceOf(OnBehalfOfCredential);
    expect(credentials.actsAsCaller(withSso)).toBe(true);
  });

  it('falls back to the bot identity for a caller without an SSO token', () => {
    const credentials = createAzureCredential({ ...secret, useOnBehalfOf: true });

    expect(credentials.credentialFor(caller)).toBeInstanceOf(ClientSecretCredential);
    expect(credentials.actsAsCaller(caller)).toBe(false);
  });

  it('reuses one On-Behalf-Of credential per SSO token', () => {
    const credentials = createAzureCredential({ ...secret, useOnBehalfOf: true });

    const first = credentials.credentialFor(withSso);

    expect(credentials.credentialFor({ ...withSso })).toBe(first);
    expect(credentials.credentialFor({ ...withSso, ssoToken: 'sso-token-2' })).not.toBe(first);
  });

  it.each([
    { settings: { authMode: 'secret', tenantId, useOnBehalfOf: false } as const, message: 'AZURE_CLIENT_ID, AZURE_CLIENT_SECRET' },
    { settings: { authMode: 'certificate', clientId, useOnBehalfOf: false } as const, message: 'AZURE_TENANT_ID, AZURE_CLIENT_CERTIFICATE_PATH' },
  ])('names the missing environment variables for $settings.authMode', ({ settings, message }) => {
    expect(() => createAzureCredential(settings)).toThrow(message);
  });

  it('refuses On-Behalf-Of with a managed identity instead of silently acting as the bot', () => {
    expect(() => createAzureCredential({ authMode: 'managedIdentity', useOnBehalfOf: true })).toThrow(/AZURE_USE_OBO/);
  });
});

describe('On-Behalf-Of against the fake Entra', () => {
  let entra: FakeEntra | undefined;
  afterEach(async () => {
    await entra?.close();
    entra = undefined;
  });

  const user = 'user-oid';
  const ssoToken = `sso:${user}:1`;
  const cases: { name: string; arrange(entra: FakeEntra): void; assertion?: string; reason?: 'consent' | 'expired' }[] = [
    { name: 'a consented user gets their own token', arrange: () => undefined },
    { name: 'no consent for the API (AADSTS65001)', arrange: (e) => e.withoutAzureConsent.add(user), reason: 'consent' },
    { name: 'an expired SSO token (AADSTS500133)', arrange: (e) => e.expiredAssertions.add(ssoToken), reason: 'expired' },
    { name: 'an assertion Entra cannot verify (AADSTS50013)', arrange: () => undefined, assertion: 'forged', reason: 'expired' },
  ];

  it.each(cases)('$name', async ({ arrange, assertion, reason }) => {
    entra = await startFakeEntra(tenantId, clientId);
    arrange(entra);
    const credentials = createAzureCredential({ ...secret, useOnBehalfOf: true, authorityHost: entra.authorityHost }, entraClientOptions);

    const token = credentials.credentialFor({ ...caller, ssoToken: assertion ?? ssoToken }).getToken('https://management.azure.com/.default');

    if (!reason) {
      await expect(token).resolves.toMatchObject({ token: `obo:${user}:arm:1` });
      return;
    }
    const error = await token.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect(error).toMatchObject({ code: 'sign_in_required', reason });
    expect((error as Error).message).not.toContain('AADSTS');
  });
});
