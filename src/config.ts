import { z } from 'zod';
import type { AzureCredentialSettings } from './azure/rest/credentials.js';

/**
 * Every setting comes from the environment (index.ts loads `.env` first when present). Parsing collects every
 * problem at once, so an admin fixes a bad deployment in one round instead of one variable per restart.
 */

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item.length > 0),
  );

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => /^https?:\/\/[^\s/]+/.test(value), 'must be an http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  BACKEND: z.enum(['sandbox', 'azure']).default('sandbox'),
  STORAGE_DIR: z.string().trim().min(1).default('.data'),
  STORAGE: z.enum(['lowdb', 'azure']).default('lowdb'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_TABLE_URL: optionalText,
  AZURE_STORAGE_TABLE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, 'must be letters and digits, starting with a letter (Azure table names)')
    .default('billingbot'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: positiveInt(1024 * 1024),
  DIALOG_IDLE_MINUTES: positiveInt(30),
  /** Default: the Azure call budget plus 5 s, so a change already sent to Azure can finish and be audited. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().optional(),
  TURN_NOTICE_MS: positiveInt(10_000),
  TURN_AZURE_BUDGET_MS: positiveInt(60_000),
  AZURE_READ_CACHE_SECONDS: nonNegativeInt(60),

  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ALLOWED_TENANTS: commaList,
  BOT_OAUTH_CONNECTION_NAME: optionalText,
  OAUTH_API_ENDPOINT: httpUrl('https://api.botframework.com'),

  SANDBOX_SEED_FILE: optionalText,

  AZURE_AUTH_MODE: z.enum(['secret', 'certificate', 'managedIdentity']).optional(),
  AZURE_TENANT_ID: optionalText,
  AZURE_CLIENT_ID: optionalText,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_USE_OBO: boolean,
  AZURE_AUTHORITY_HOST: optionalText,
  ARM_BASE_URL: httpUrl('https://management.azure.com'),
  DEVOPS_VSSPS_BASE_URL: httpUrl('https://app.vssps.visualstudio.com'),
  DEVOPS_GRAPH_BASE_URL: httpUrl('https://vssps.dev.azure.com'),
  DEVOPS_VSAEX_BASE_URL: httpUrl('https://vsaex.dev.azure.com'),
  AZURE_HTTP_TIMEOUT_MS: positiveInt(15_000),
  AZURE_HTTP_MAX_ATTEMPTS: positiveInt(4),
  AZURE_HTTP_OVERALL_TIMEOUT_MS: positiveInt(20_000),
  BILLING_RESOURCE_LOCATION: z.string().trim().min(1).default('centralus'),

  APPROVERS: commaList.refine(
    (ids) => ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/.test(id)),
    'must be comma-separated Microsoft Entra object ids (GUIDs)',
  ),
  SEAT_REQUEST_REMIND_HOURS: positiveInt(24),
  SEAT_REQUEST_EXPIRE_DAYS: positiveInt(7),
  SEAT_REQUEST_CHECK_SECONDS: positiveInt(60),
});

type Env = z.infer<typeof envSchema>;

export interface AzureSettings extends AzureCredentialSettings {
  armBaseUrl: string;
  vsspsBaseUrl: string;
  graphBaseUrl: string;
  vsaexBaseUrl: string;
  timeoutMs: number;
  maxAttempts: number;
  overallTimeoutMs: number;
  billingLocation: string;
}

export type StorageSettings =
  | { kind: 'lowdb' }
  | { kind: 'azure'; connectionString: string; tablePrefix: string }
  /** A table endpoint (https://<account>.table.core.windows.net) signed in to with the AZURE_AUTH_MODE identity. */
  | { kind: 'azure'; tableUrl: string; credential: AzureCredentialSettings; tablePrefix: string };

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  backend: Env['BACKEND'];
  storageDir: string;
  /** Where state lives: lowdb files in `storageDir` (one instance), or Azure Table storage shared by every instance. */
  storage: StorageSettings;
  port: number;
  /** 127.0.0.1 unless the bot authenticates callers: an unauthenticated bot must not be reachable from the network. */
  host: string;
  logLevel: Env['LOG_LEVEL'];
  maxBodyBytes: number;
  dialogIdleMinutes: number;
  shutdownGraceMs: number;
  /** A message turn still running after this long tells the user it is working, and answers the channel. */
  turnNoticeMs: number;
  /** No new Azure read starts after a turn has run this long; the turn ends with a polite timeout instead. */
  turnAzureBudgetMs: number;
  /** How long a caller's organization, subscription and user listings are reused (0: never). */
  azureReadCacheSeconds: number;
  /** Bot Framework channels the bot answers: Teams, plus the Emulator and Web Chat outside production. */
  allowedChannels: string[];
  bot: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType: Env['MicrosoftAppType'];
    /**
     * The Azure Bot's OAuth connection for Teams single sign-on; set only when calls are made as the user
     * (`AZURE_USE_OBO=true`), since nothing else needs the user's token.
     */
    oauthConnectionName?: string;
    /** The Bot Framework token service (tests point it at a local fake). */
    oauthApiEndpoint: string;
  };
  /** Lower-cased tenant ids; empty means every tenant may use the bot. */
  allowedTenants: string[];
  sandboxSeedFile?: string;
  azure?: AzureSettings;
  seatRequests: {
    /** Lower-cased Entra object ids who may approve in every organization, besides its administrators. */
    approverIds: string[];
    remindAfterMs: number;
    expireAfterMs: number;
    /** How often due reminders and expiries are looked for. */
    checkEveryMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // `VAR=` (as in a copied .env.example) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const problems = crossFieldProblems(values);
  if (problems.length > 0) throw new ConfigError(problems);

  const authenticated = values.MicrosoftAppId !== undefined;
  return {
    nodeEnv: values.NODE_ENV,
    backend: values.BACKEND,
    storageDir: values.STORAGE_DIR,
    storage: storageSettings(values),
    port: values.PORT,
    host: authenticated ? (values.HOST ?? '0.0.0.0') : '127.0.0.1',
    logLevel: values.LOG_LEVEL,
    maxBodyBytes: values.MAX_BODY_BYTES,
    dialogIdleMinutes: values.DIALOG_IDLE_MINUTES,
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS ?? values.AZURE_HTTP_OVERALL_TIMEOUT_MS + 5_000,
    turnNoticeMs: values.TURN_NOTICE_MS,
    turnAzureBudgetMs: values.TURN_AZURE_BUDGET_MS,
    azureReadCacheSeconds: values.AZURE_READ_CACHE_SECONDS,
    allowedChannels: values.NODE_ENV === 'production' ? ['msteams'] : ['msteams', 'emulator', 'webchat'],
    bot: {
      appId: values.MicrosoftAppId,
      appPassword: values.MicrosoftAppPassword,
      appTenantId: values.MicrosoftAppTenantId,
      appType: values.MicrosoftAppType,
      oauthConnectionName: values.BACKEND === 'azure' && values.AZURE_USE_OBO ? values.BOT_OAUTH_CONNECTION_NAME : undefined,
      oauthApiEndpoint: values.OAUTH_API_ENDPOINT,
    },
    allowedTenants: values.ALLOWED_TENANTS,
    sandboxSeedFile: values.SANDBOX_SEED_FILE,
    azure: values.BACKEND === 'azure' ? azureSettings(values) : undefined,
    seatRequests: {
      approverIds: values.APPROVERS,
      remindAfterMs: values.SEAT_REQUEST_REMIND_HOURS * 3_600_000,
      expireAfterMs: values.SEAT_REQUEST_EXPIRE_DAYS * 86_400_000,
      checkEveryMs: values.SEAT_REQUEST_CHECK_SECONDS * 1000,
    },
  };
}

function crossFieldProblems(values: Env): string[] {
  const problems: string[] = [];
  if (values.NODE_ENV === 'production' && !values.MicrosoftAppId) {
    problems.push(
      'MicrosoftAppId: required when NODE_ENV=production, so that every request must carry a valid Bot Framework token',
    );
  }
  if (values.MicrosoftAppId && values.MicrosoftAppType !== 'UserAssignedMSI' && !values.MicrosoftAppPassword) {
    problems.push(`MicrosoftAppPassword: required when MicrosoftAppType=${values.MicrosoftAppType}`);
  }
  if (values.MicrosoftAppType !== 'MultiTenant' && values.MicrosoftAppId && !values.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType=${values.MicrosoftAppType}`);
  }
  if (values.MicrosoftAppType === 'UserAssignedMSI' && values.MicrosoftAppPassword) {
    problems.push('MicrosoftAppPassword: must be empty when MicrosoftAppType=UserAssignedMSI (the managed identity has no secret)');
  }
  if (values.HOST && !values.MicrosoftAppId && values.HOST !== '127.0.0.1' && values.HOST !== 'localhost') {
    problems.push('HOST: without MicrosoftAppId the bot accepts unauthenticated requests and binds 127.0.0.1 only');
  }
  if (values.SHUTDOWN_GRACE_MS !== undefined && values.SHUTDOWN_GRACE_MS < values.AZURE_HTTP_OVERALL_TIMEOUT_MS) {
    problems.push(
      `SHUTDOWN_GRACE_MS: must be at least AZURE_HTTP_OVERALL_TIMEOUT_MS (${values.AZURE_HTTP_OVERALL_TIMEOUT_MS}), so a billing change already sent to Azure finishes and is audited before the process exits`,
    );
  }
  if (values.STORAGE === 'azure') {
    if (!values.AZURE_STORAGE_CONNECTION_STRING === !values.AZURE_STORAGE_TABLE_URL) {
      problems.push('STORAGE=azure: set exactly one of AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_TABLE_URL');
    }
    if (values.AZURE_STORAGE_TABLE_URL && !/^https:\/\/[^\s/]+/.test(values.AZURE_STORAGE_TABLE_URL)) {
      problems.push('AZURE_STORAGE_TABLE_URL: must be an https URL such as https://<account>.table.core.windows.net');
    }
    if (values.AZURE_STORAGE_TABLE_URL && !values.AZURE_AUTH_MODE) {
      problems.push('AZURE_AUTH_MODE: required with AZURE_STORAGE_TABLE_URL (the identity that signs in to the storage account)');
    }
  }
  if (values.BACKEND === 'azure' || (values.STORAGE === 'azure' && values.AZURE_STORAGE_TABLE_URL)) {
    if (values.BACKEND === 'azure' && !values.AZURE_AUTH_MODE) {
      problems.push('AZURE_AUTH_MODE: required when BACKEND=azure (secret, certificate or managedIdentity)');
    }
    if (values.AZURE_AUTH_MODE === 'secret' || values.AZURE_AUTH_MODE === 'certificate') {
      if (!values.AZURE_TENANT_ID) problems.push(`AZURE_TENANT_ID: required when AZURE_AUTH_MODE=${values.AZURE_AUTH_MODE}`);
      if (!values.AZURE_CLIENT_ID) problems.push(`AZURE_CLIENT_ID: required when AZURE_AUTH_MODE=${values.AZURE_AUTH_MODE}`);
    }
    if (values.AZURE_AUTH_MODE === 'secret' && !values.AZURE_CLIENT_SECRET) {
      problems.push('AZURE_CLIENT_SECRET: required when AZURE_AUTH_MODE=secret');
    }
    if (values.AZURE_USE_OBO && !values.BOT_OAUTH_CONNECTION_NAME) {
      problems.push(
        'BOT_OAUTH_CONNECTION_NAME: required when AZURE_USE_OBO=true (the OAuth connection on the Azure Bot through which Teams single sign-on hands the bot the user\'s token)',
      );
    }
    if (values.AZURE_AUTH_MODE === 'certificate' && !values.AZURE_CLIENT_CERTIFICATE_PATH) {
      problems.push('AZURE_CLIENT_CERTIFICATE_PATH: required when AZURE_AUTH_MODE=certificate');
    }
  }
  return problems;
}

function storageSettings(values: Env): StorageSettings {
  if (values.STORAGE === 'lowdb') return { kind: 'lowdb' };
  const tablePrefix = values.AZURE_STORAGE_TABLE_PREFIX;
  if (values.AZURE_STORAGE_CONNECTION_STRING) {
    return { kind: 'azure', connectionString: values.AZURE_STORAGE_CONNECTION_STRING, tablePrefix };
  }
  // The bot's own identity, never the person's: the store is the bot's, whoever is chatting.
  const credential = { ...credentialSettings(values), useOnBehalfOf: false };
  return { kind: 'azure', tableUrl: values.AZURE_STORAGE_TABLE_URL ?? '', credential, tablePrefix };
}

function credentialSettings(values: Env): AzureCredentialSettings {
  return {
    authMode: values.AZURE_AUTH_MODE ?? 'managedIdentity',
    tenantId: values.AZURE_TENANT_ID,
    clientId: values.AZURE_CLIENT_ID,
    clientSecret: values.AZURE_CLIENT_SECRET,
    certificatePath: values.AZURE_CLIENT_CERTIFICATE_PATH,
    useOnBehalfOf: values.AZURE_USE_OBO,
    authorityHost: values.AZURE_AUTHORITY_HOST,
  };
}

function azureSettings(values: Env): AzureSettings {
  return {
    ...credentialSettings(values),
    armBaseUrl: values.ARM_BASE_URL,
    vsspsBaseUrl: values.DEVOPS_VSSPS_BASE_URL,
    graphBaseUrl: values.DEVOPS_GRAPH_BASE_URL,
    vsaexBaseUrl: values.DEVOPS_VSAEX_BASE_URL,
    timeoutMs: values.AZURE_HTTP_TIMEOUT_MS,
    maxAttempts: values.AZURE_HTTP_MAX_ATTEMPTS,
    overallTimeoutMs: values.AZURE_HTTP_OVERALL_TIMEOUT_MS,
    billingLocation: values.BILLING_RESOURCE_LOCATION,
  };
}
