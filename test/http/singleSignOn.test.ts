import { afterEach, describe, expect, it } from '@jest/globals';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { createAzureCredential } from '../../src/azure/rest/credentials.js';
import { loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import type { ConnectorCall } from '../support/fakeConnector.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { entraClientOptions, startFakeEntra, type FakeEntra } from '../support/fakeIdentity/entra.js';
import { exchangeResource, startFakeTokenService, type FakeTokenService } from '../support/fakeIdentity/tokenService.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

/**
 * Teams single sign-on and On-Behalf-Of calls through the real HTTP server: the Bot Framework token service, Microsoft
 * Entra and Azure are local fakes, and the bot's own (app) identity is never accepted by the fake Entra, so a call made
 * with it would fail the turn.
 */

const connectionName = 'teams-sso';
const entraTenant = 'f0000000-0000-0000-0000-00000000e17a';
const botClientId = '00000000-0000-0000-0000-00000000b071';
const oauthCardType = 'application/vnd.microsoft.card.oauth';

interface World {
  running: RunningApp;
  azure: FakeAzure;
  entra: FakeEntra;
  tokens: FakeTokenService;
}

let world: World | undefined;
afterEach(async () => {
  await world?.running.stop();
  await Promise.all([world?.azure.close(), world?.entra.close(), world?.tokens.close()]);
  world = undefined;
});

async function start(): Promise<World> {
  const [azure, entra, tokens] = await Promise.all([
    startFakeAzure(loadSandboxSeed()),
    startFakeEntra(entraTenant, botClientId),
    startFakeTokenService(connectionName),
  ]);
  const settings = {
    authMode: 'secret' as const,
    tenantId: entraTenant,
    clientId: botClientId,
    clientSecret: 'test-only-secret',
    useOnBehalfOf: true,
    authorityHost: entra.authorityHost,
  };
  const credentials = createAzureCredential(settings, entraClientOptions);
  const backend = createRestBackend({
    ...azure.backendOptions(),
    credential: (caller) => credentials.credentialFor(caller),
    actsAsCaller: (caller) => credentials.actsAsCaller(caller),
  });
  const running = await startTestApp(
    {
      BACKEND: 'azure',
      AZURE_AUTH_MODE: 'secret',
      AZURE_TENANT_ID: entraTenant,
      AZURE_CLIENT_ID: botClientId,
      AZURE_CLIENT_SECRET: 'test-only-secret',
      AZURE_USE_OBO: 'true',
      BOT_OAUTH_CONNECTION_NAME: connectionName,
      OAUTH_API_ENDPOINT: tokens.baseUrl,
    },
    { backend },
  );
  world = { running, azure, entra, tokens };
  return world;
}

type User = typeof playground.alex;

async function say(running: RunningApp, text: string, from: User): Promise<ConnectorCall[]> {
  const before = running.connector.calls.length;
  const response = await postJson(`${running.baseUrl}/api/messages`, teamsActivity(running.connector.serviceUrl, { text, from, conversationId: `personal-${from.id}` }));
  expect(response.status).toBe(200);
  return running.connector.calls.slice(before);
}

async function signInInvoke(running: RunningApp, name: string, value: unknown, from: User) {
  const before = running.connector.calls.length;
  const response = await postJson(
    `${running.baseUrl}/api/messages`,
    teamsActivity(running.connector.serviceUrl, { type: 'invoke', from, conversationId: `personal-${from.id}`, extra: { name, value } }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, replies: running.connector.calls.slice(before) };
}

function attachments(calls: ConnectorCall[]): Array<{ contentType: string; content: Record<string, unknown> }> {
  return calls.flatMap((call) => (call.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? []);
}

describe('Teams single sign-on over HTTP', () => {
  it('asks for sign-in on the first message, exchanges the Teams token, then runs that message with the user\'s On-Behalf-Of tokens', async () => {
    const { running, azure, entra, tokens } = await start();
    tokens.consented.add(playground.alex.aadObjectId);

    const first = await say(running, 'billing status', playground.alex);

    const [card] = attachments(first);
    expect(card?.contentType).toBe(oauthCardType);
    expect(card?.content).toMatchObject({ connectionName, tokenExchangeResource: exchangeResource });
    expect(azure.requests).toEqual([]);

    const exchange = { id: 'exchange-1', connectionName, token: `teams:${playground.alex.aadObjectId}` };
    const exchanged = await signInInvoke(running, 'signin/tokenExchange', exchange, playground.alex);

    expect(exchanged.status).toBe(200);
    expect(JSON.stringify(attachments(exchanged.replies))).toContain('contoso');
    expect(azure.requests.length).toBeGreaterThan(0);
    const used = new Set(azure.requests.map((request) => request.headers.authorization?.replace(/:\d+$/, '')));
    // Every call of the turn carries one of the two OBO tokens Entra issued for Alex, one per API, and nothing else.
    expect([...used].sort()).toEqual([`Bearer obo:${playground.alex.aadObjectId}:arm`, `Bearer obo:${playground.alex.aadObjectId}:devops`]);
    expect(azure.requests.every((request) => entra.issued.some((token) => request.headers.authorization === `Bearer ${token}`))).toBe(true);
    const grants = entra.requests.filter((request) => request.path.endsWith('/oauth2/v2.0/token')).map((request) => new URLSearchParams(request.body));
    expect(grants.map((grant) => grant.get('assertion'))).toEqual(grants.map(() => tokens.tokenOf(playground.alex.id)));

    const next = await say(running, 'billing status', playground.alex);
    expect(attachments(next).map((attachment) => attachment.contentType)).not.toContain(oauthCardType);
  });

  it('answers a replayed token exchange once: the duplicate gets an empty 200 and runs nothing', async () => {
    const { running, azure, tokens } = await start();
    tokens.consented.add(playground.alex.aadObjectId);
    await say(running, 'billing status', playground.alex);
    const exchange = { id: 'exchange-7', connectionName, token: `teams:${playground.alex.aadObjectId}` };
    const first = await signInInvoke(running, 'signin/tokenExchange', exchange, playground.alex);
    const azureCalls = azure.requests.length;

    const replayed = await signInInvoke(running, 'signin/tokenExchange', exchange, playground.alex);

    expect(first.replies.length).toBeGreaterThan(0);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toBeUndefined();
    expect(replayed.replies).toEqual([]);
    expect(azure.requests).toHaveLength(azureCalls);
  });

  it('without consent the exchange fails with 412, the card\'s sign-in page is the way on, and its code continues the message', async () => {
    const { running, tokens, azure } = await start();
    const megan = playground.megan;

    const first = await say(running, 'billing status', megan);
    const signInLink = (attachments(first)[0]?.content.buttons as Array<{ value?: string }> | undefined)?.[0]?.value;
    const refused = await signInInvoke(running, 'signin/tokenExchange', { id: 'exchange-2', connectionName, token: `teams:${megan.aadObjectId}` }, megan);

    expect(signInLink).toMatch(new RegExp(`^${tokens.baseUrl}/signin\\?state=`));
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ id: 'exchange-2', connectionName, failureDetail: expect.any(String) });
    expect(refused.replies).toEqual([]);
    expect(azure.requests).toEqual([]);

    // Megan signs in on the card's page and consents; Teams sends the page's code.
    const verified = await signInInvoke(running, 'signin/verifyState', { state: tokens.codeFor(megan.id, megan.aadObjectId) }, megan);

    expect(verified.status).toBe(200);
    expect(attachments(verified.replies).map((attachment) => attachment.contentType)).not.toContain(oauthCardType);
    expect(azure.requests.length).toBeGreaterThan(0);
    expect(azure.requests.every((request) => request.headers.authorization?.startsWith(`Bearer obo:${megan.aadObjectId}:`))).toBe(true);
  });

  it('answers a card action from someone not signed in with "sign in first" and the sign-in card, and runs nothing', async () => {
    const { running, azure } = await start();

    const clicked = await signInInvoke(
      running,
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'billingStatus/refresh', data: { organizationId: 'any' } }, trigger: 'manual' },
      playground.alex,
    );

    expect(clicked.status).toBe(200);
    expect(clicked.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('sign in') });
    expect(attachments(clicked.replies).map((attachment) => attachment.contentType)).toEqual([oauthCardType]);
    expect(azure.requests).toEqual([]);
  });

  it.each([
    { name: 'missing consent for Azure', set: (entra: FakeEntra) => entra.withoutAzureConsent.add(playground.alex.aadObjectId), text: 'consent', exchange: false },
    { name: 'an expired sign-in', set: (entra: FakeEntra, token: string) => entra.expiredAssertions.add(token), text: 'expired', exchange: true },
  ])('$name gives one sign-in card, no error card and no stack trace', async ({ set, text, exchange }) => {
    const { running, entra, tokens } = await start();
    tokens.consented.add(playground.alex.aadObjectId);
    await say(running, 'hi', playground.alex);
    await signInInvoke(running, 'signin/tokenExchange', { id: 'exchange-3', connectionName, token: `teams:${playground.alex.aadObjectId}` }, playground.alex);
    set(entra, tokens.tokenOf(playground.alex.id) ?? '');

    const replies = await say(running, 'billing status', playground.alex);

    const cards = attachments(replies);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.contentType).toBe(oauthCardType);
    expect(String(cards[0]?.content.text)).toContain(text);
    expect(Boolean(cards[0]?.content.tokenExchangeResource)).toBe(exchange);
    expect(JSON.stringify(replies)).not.toMatch(/\bat .+\.js:\d+|AADSTS/);
    // The stale token is dropped, so the next turn asks Teams for a fresh one.
    expect(tokens.tokenOf(playground.alex.id)).toBeUndefined();
  });
});
