import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.js';
import { projectRoot } from '../src/paths.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('defaults to a sandbox bot on 127.0.0.1:3978', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      backend: 'sandbox',
      port: 3978,
      host: '127.0.0.1',
      storageDir: '.data',
      logLevel: 'info',
      allowedTenants: [],
      azure: undefined,
    });
  });

  it('accepts .env.example as it is, so copying it to .env is a working start', () => {
    const example = dotenv.parse(readFileSync(join(projectRoot, '.env.example')));
    expect(loadConfig(example)).toMatchObject({ backend: 'sandbox', host: '127.0.0.1', port: 3978 });
  });

  it('binds every interface only when requests are authenticated', () => {
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', HOST: '10.0.0.4' }).host).toBe('10.0.0.4');
  });

  it('normalises the tenant allow-list', () => {
    expect(loadConfig({ ALLOWED_TENANTS: ' ABC , def ,,' }).allowedTenants).toEqual(['abc', 'def']);
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['production without an app id', { NODE_ENV: 'production' }, 'MicrosoftAppId'],
    ['an app id without its secret', { MicrosoftAppId: 'app' }, 'MicrosoftAppPassword'],
    ['single tenant without its tenant', { MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    ['a managed identity without its tenant', { MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI' }, 'MicrosoftAppTenantId'],
    ['a managed identity with a secret', { MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 'p' }, 'MicrosoftAppPassword'],
    ['an unknown backend', { BACKEND: 'cloud' }, 'BACKEND'],
    ['a port out of range', { PORT: '70000' }, 'PORT'],
    ['a port that is not a number', { PORT: 'http' }, 'PORT'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['azure without an auth mode', { BACKEND: 'azure' }, 'AZURE_AUTH_MODE'],
    ['azure secret without the secret', { BACKEND: 'azure', AZURE_AUTH_MODE: 'secret', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, 'AZURE_CLIENT_SECRET'],
    ['azure certificate without the file', { BACKEND: 'azure', AZURE_AUTH_MODE: 'certificate', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, 'AZURE_CLIENT_CERTIFICATE_PATH'],
    ['an endpoint that is not a URL', { ARM_BASE_URL: 'management.azure.com' }, 'ARM_BASE_URL'],
    ['binding a public interface without authentication', { HOST: '0.0.0.0' }, 'HOST'],
  ])('names the variable for %s', (_case, env, variable) => {
    expect(problemsOf(env).join('\n')).toContain(variable);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', BACKEND: 'cloud' });
    expect(problems).toHaveLength(3);
  });

  it('reads the azure settings with trimmed endpoint URLs', () => {
    const config = loadConfig({
      BACKEND: 'azure',
      AZURE_AUTH_MODE: 'managedIdentity',
      ARM_BASE_URL: 'http://127.0.0.1:9999/',
      AZURE_USE_OBO: 'true',
      BOT_OAUTH_CONNECTION_NAME: 'teams-sso',
    });
    expect(config.azure).toMatchObject({ authMode: 'managedIdentity', armBaseUrl: 'http://127.0.0.1:9999', useOnBehalfOf: true });
    expect(config.bot).toMatchObject({ oauthConnectionName: 'teams-sso', oauthApiEndpoint: 'https://api.botframework.com' });
  });

  it('needs the OAuth connection to act as the user, and ignores it otherwise', () => {
    expect(problemsOf({ BACKEND: 'azure', AZURE_AUTH_MODE: 'managedIdentity', AZURE_USE_OBO: 'true' })).toEqual([
      expect.stringContaining('BOT_OAUTH_CONNECTION_NAME: required when AZURE_USE_OBO=true'),
    ]);
    const appIdentity = loadConfig({ BACKEND: 'azure', AZURE_AUTH_MODE: 'managedIdentity', BOT_OAUTH_CONNECTION_NAME: 'teams-sso', OAUTH_API_ENDPOINT: 'http://127.0.0.1:5000/' });
    expect(appIdentity.bot).toMatchObject({ oauthConnectionName: undefined, oauthApiEndpoint: 'http://127.0.0.1:5000' });
  });
});

describe('loadConfig: where state is stored', () => {
  const connectionString = 'DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=a2V5;EndpointSuffix=core.windows.net';

  it('keeps lowdb files by default, and reads STORAGE=azure with a connection string or a table URL', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'lowdb' });
    expect(loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: connectionString }).storage).toEqual({
      kind: 'azure',
      connectionString,
      tablePrefix: 'billingbot',
    });
    expect(
      loadConfig({
        STORAGE: 'azure',
        AZURE_STORAGE_TABLE_URL: 'https://contoso.table.core.windows.net',
        AZURE_STORAGE_TABLE_PREFIX: 'contosobot',
        AZURE_AUTH_MODE: 'managedIdentity',
        AZURE_USE_OBO: 'true',
        BOT_OAUTH_CONNECTION_NAME: 'teams-sso',
      }).storage,
    ).toEqual({
      kind: 'azure',
      tableUrl: 'https://contoso.table.core.windows.net',
      tablePrefix: 'contosobot',
      credential: expect.objectContaining({ authMode: 'managedIdentity', useOnBehalfOf: false }),
    });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['neither place', { STORAGE: 'azure' }, 'set exactly one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_TABLE_URL'],
    [
      'both places',
      { STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_TABLE_URL: 'https://contoso.table.core.windows.net' },
      'set exactly one of',
    ],
    ['a plain-HTTP table URL', { STORAGE: 'azure', AZURE_STORAGE_TABLE_URL: 'http://contoso', AZURE_AUTH_MODE: 'managedIdentity' }, 'must be an https URL'],
    ['a table URL and no identity', { STORAGE: 'azure', AZURE_STORAGE_TABLE_URL: 'https://contoso.table.core.windows.net' }, 'AZURE_AUTH_MODE: required with AZURE_STORAGE_TABLE_URL'],
    [
      'a secret identity without its secret',
      { STORAGE: 'azure', AZURE_STORAGE_TABLE_URL: 'https://contoso.table.core.windows.net', AZURE_AUTH_MODE: 'secret', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' },
      'AZURE_CLIENT_SECRET: required when AZURE_AUTH_MODE=secret',
    ],
    ['a table prefix Azure would refuse', { AZURE_STORAGE_TABLE_PREFIX: 'bot-1' }, 'AZURE_STORAGE_TABLE_PREFIX: must be letters and digits'],
    ['an unknown engine', { STORAGE: 'cosmos' }, 'STORAGE'],
  ])('refuses %s with a clear message', (_case, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
