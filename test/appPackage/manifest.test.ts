import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Environment, TeamsManifest } from '../../scripts/lib/appPackage.js';
import { findProjectRoot } from '../../scripts/lib/projectRoot.js';
import { AppManifestUtils, appPackage } from './appPackageModule.js';

const { AppPackageError, MANIFEST_SCHEMA_URL, buildManifest, validateManifest } = appPackage;

const projectRoot = findProjectRoot(import.meta.url);
const template = readFileSync(join(projectRoot, 'appPackage', 'manifest.json'), 'utf8');
const packageVersion = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const APP_ID = '0f8c3e1a-2b4d-4c6e-9a1b-3c5d7e9f1a2b';
const OTHER_ID = '7d2e4f6a-8b0c-4d1e-a3f5-b7c9d1e3f5a7';
const validEnv: Environment = { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'billing-bot.contoso.com' };

function build(env: Environment): Record<string, unknown> {
  return buildManifest({ template, env, packageVersion }) as Record<string, unknown>;
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof AppPackageError) return error.problems;
    throw error;
  }
  throw new Error('expected an AppPackageError');
}

async function validationProblems(candidate: unknown): Promise<string[]> {
  return validateManifest(candidate).then(
    () => [],
    (error: unknown) => {
      if (error instanceof AppPackageError) return error.problems;
      throw error;
    },
  );
}

/** Any schema download would go through global fetch (the library prefers it over node-fetch): make it fail loudly. */
let fetchSpy: ReturnType<typeof jest.spyOn>;
beforeEach(() => {
  fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
    throw new Error('network access during manifest validation');
  });
});
afterEach(() => fetchSpy.mockRestore());

describe('manifest template', () => {
  it('filled with valid variables, passes the bundled v1.30 schema with zero errors and no network call', async () => {
    const manifest = build(validEnv);
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    expect(await validationProblems(manifest)).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('declares the bot in every scope, with SSO, the bot domain and the default version', async () => {
    const manifest: TeamsManifest = await validateManifest(build(validEnv));
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe(packageVersion);
    const bot = manifest.bots?.[0];
    expect(bot).toMatchObject({ botId: APP_ID, supportsFiles: false, isNotificationOnly: false });
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.commandLists?.map((list) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const personal = bot?.commandLists?.[0]?.commands.map((command) => command.title);
    expect(personal).toEqual(['help', 'set up billing', 'billing status', 'request seats', 'grant test manager', 'ask']);
    for (const list of bot?.commandLists ?? []) {
      for (const command of list.commands) expect(command.description?.length).toBeGreaterThan(10);
    }
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://botid-${APP_ID}` });
    expect(manifest.validDomains).toEqual(['billing-bot.contoso.com', 'token.botframework.com']);
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(manifest.developer.websiteUrl).toBe('https://billing-bot.contoso.com');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('takes TEAMS_APP_ID and APP_VERSION from the environment when set', () => {
    const manifest = build({ ...validEnv, TEAMS_APP_ID: OTHER_ID, APP_VERSION: '2.3.4' });
    expect(manifest).toMatchObject({ id: OTHER_ID, version: '2.3.4', bots: [{ botId: APP_ID }] });
  });

  it('falls back to MicrosoftAppId, the variable the bot itself reads', () => {
    const manifest = build({ MicrosoftAppId: APP_ID, BOT_DOMAIN: 'bot.contoso.com' });
    expect(manifest).toMatchObject({ id: APP_ID, bots: [{ botId: APP_ID }] });
  });

  it('escapes values, so a quote in a variable cannot break the JSON', async () => {
    const manifest = await validateManifest(build({ ...validEnv, DEVELOPER_NAME: 'Contoso "IT" \\ Ops' }));
    expect(manifest.developer.name).toBe('Contoso "IT" \\ Ops');
  });
});

describe('manifest variables', () => {
  it('names every missing variable at once', () => {
    const problems = problemsOf(() => build({}));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^MICROSOFT_APP_ID: missing/);
    expect(problems[1]).toMatch(/^BOT_DOMAIN: missing/);
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf(() => build({ ...validEnv, BOT_DOMAIN: '  ' }))).toEqual([expect.stringMatching(/^BOT_DOMAIN: missing/)]);
  });

  it.each<[string, Environment, RegExp]>([
    ['app id not a GUID', { MICROSOFT_APP_ID: 'my-bot' }, /^MICROSOFT_APP_ID: "my-bot" is not a GUID/],
    ['Teams app id not a GUID', { TEAMS_APP_ID: '1234' }, /^TEAMS_APP_ID: "1234" is not a GUID/],
    ['domain with scheme', { BOT_DOMAIN: 'https://bot.contoso.com' }, /^BOT_DOMAIN: .*without scheme, e\.g\. "bot\.contoso\.com"/],
    ['domain with path', { BOT_DOMAIN: 'bot.contoso.com/api/messages' }, /^BOT_DOMAIN: .*without a path/],
    ['domain with port', { BOT_DOMAIN: 'bot.contoso.com:3978' }, /^BOT_DOMAIN: .*without a port/],
    ['single-label domain', { BOT_DOMAIN: 'localhost' }, /^BOT_DOMAIN: "localhost" is not a public host name/],
    ['two-part version', { APP_VERSION: '1.0' }, /^APP_VERSION: "1.0" is not MAJOR\.MINOR\.PATCH/],
    ['pre-release version', { APP_VERSION: '1.0.0-beta.1' }, /^APP_VERSION: "1.0.0-beta.1" is not MAJOR\.MINOR\.PATCH/],
    ['http developer URL', { DEVELOPER_PRIVACY_URL: 'http://contoso.com/privacy' }, /^DEVELOPER_PRIVACY_URL: .*https:\/\//],
    ['developer name too long', { DEVELOPER_NAME: 'x'.repeat(33) }, /^DEVELOPER_NAME: .*longer than 32/],
  ])('rejects %s, naming the variable', (_case, overrides, expected) => {
    expect(problemsOf(() => build({ ...validEnv, ...overrides }))).toEqual([expect.stringMatching(expected)]);
  });

  it('lists every invalid variable, and does not blame values derived from a bad one', () => {
    const problems = problemsOf(() => build({ MICROSOFT_APP_ID: 'x', BOT_DOMAIN: 'http://bot', APP_VERSION: 'v1' }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['MICROSOFT_APP_ID', 'BOT_DOMAIN', 'APP_VERSION']);
  });

  it('refuses a manifest app id that differs from the id the bot signs in with', () => {
    expect(problemsOf(() => build({ ...validEnv, MicrosoftAppId: OTHER_ID }))).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_ID: .*differs from MicrosoftAppId/),
    ]);
  });

  it('refuses a template placeholder it does not know', () => {
    const broken = template.replace('"${{APP_VERSION}}"', '"${{APP_VERSIO}}"');
    expect(problemsOf(() => buildManifest({ template: broken, env: validEnv, packageVersion }))).toEqual([
      expect.stringMatching(/^\$\{\{APP_VERSIO\}\}/),
    ]);
  });
});

describe('manifest validation', () => {
  type Breakage = (manifest: Record<string, any>) => void;
  it.each<[string, Breakage, RegExp]>([
    ['the bot id is missing', (m) => delete m.bots[0].botId, /^\/bots\/0 must have required property 'botId'/],
    ['the bot id is not a GUID', (m) => (m.bots[0].botId = 'not-a-guid'), /^\/bots\/0\/botId must match pattern/],
    ['a bot scope is unknown', (m) => m.bots[0].scopes.push('channel'), /^\/bots\/0\/scopes\/3 must be equal to one of/],
    ['the short name is over 30 characters', (m) => (m.name.short = 'x'.repeat(31)), /^\/name\/short must NOT have more than 30/],
    ['the accent colour is not #rrggbb', (m) => (m.accentColor = 'blue'), /^\/accentColor must match pattern/],
  ])('reports an error when %s', async (_case, breakIt, expected) => {
    const manifest = build(validEnv);
    breakIt(manifest);
    expect(await validationProblems(manifest)).toContainEqual(expect.stringMatching(expected));
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('would otherwise download: the library fetches a schema it does not bundle', async () => {
    const unbundled = MANIFEST_SCHEMA_URL.replace('/v1.30/', '/v1.99/');
    await expect(AppManifestUtils.fetchSchema(unbundled)).rejects.toThrow(/network access during manifest validation/);
  });

  it('refuses any $schema but the pinned URL, even one the library could map to a bundled file', async () => {
    const manifest = build(validEnv);
    manifest.$schema = MANIFEST_SCHEMA_URL.replace('/json-schemas/', '/en-us/json-schemas/');
    expect(await validationProblems(manifest)).toEqual([expect.stringMatching(/^\$schema .* must be exactly https:/)]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
