import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { ReusedConnectorAuthentication } from '../../src/bot/reusedConnectorAuthentication.js';

/** No app id: requests are not authenticated, as in dev and in the bench. */
const unauthenticated = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' };

function activityFrom(serviceUrl: string): Activity {
  return { type: 'message', id: '1', channelId: 'msteams', serviceUrl, conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } } as Activity;
}

async function clientFor(auth: ReusedConnectorAuthentication, serviceUrl: string): Promise<unknown> {
  const result = await auth.authenticateRequest(activityFrom(serviceUrl), '');
  if (!result.connectorFactory) throw new Error('botbuilder returned no connector factory');
  return result.connectorFactory.create(serviceUrl, result.audience);
}

describe('ReusedConnectorAuthentication', () => {
  it('hands every turn from the same service URL the same connector client', async () => {
    const auth = new ReusedConnectorAuthentication(unauthenticated);
    const first = await clientFor(auth, 'https://smba.trafficmanager.net/amer/');
    expect(await clientFor(auth, 'https://smba.trafficmanager.net/amer/')).toBe(first);
  });

  it('builds a separate client for another service URL, which reaches that URL', async () => {
    const auth = new ReusedConnectorAuthentication(unauthenticated);
    const amer = (await clientFor(auth, 'https://smba.trafficmanager.net/amer/')) as { baseUri?: string };
    const emea = (await clientFor(auth, 'https://smba.trafficmanager.net/emea/')) as { baseUri?: string };
    expect(emea).not.toBe(amer);
    expect([amer.baseUri, emea.baseUri]).toEqual(['https://smba.trafficmanager.net/amer/', 'https://smba.trafficmanager.net/emea/']);
  });

  it('reuses the client for proactive turns too (createConnectorFactory)', async () => {
    const auth = new ReusedConnectorAuthentication(unauthenticated);
    const { claimsIdentity, audience } = await auth.authenticateRequest(activityFrom('https://smba.trafficmanager.net/amer/'), '');
    const proactive = auth.createConnectorFactory(claimsIdentity);
    const first = await proactive.create('https://smba.trafficmanager.net/amer/', audience);
    expect(await auth.createConnectorFactory(claimsIdentity).create('https://smba.trafficmanager.net/amer/', audience)).toBe(first);
    expect(await clientFor(auth, 'https://smba.trafficmanager.net/amer/')).toBe(first);
  });

  it('keeps separate clients per audience', async () => {
    const auth = new ReusedConnectorAuthentication(unauthenticated);
    const { claimsIdentity } = await auth.authenticateRequest(activityFrom('https://smba.trafficmanager.net/amer/'), '');
    const factory = auth.createConnectorFactory(claimsIdentity);
    const channel = await factory.create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com');
    const skill = await factory.create('https://smba.trafficmanager.net/amer/', '2c0d1a5e-6f1b-4f5e-9a53-1f0d7c2b8e41');
    expect(skill).not.toBe(channel);
  });
});

describe('ReusedConnectorAuthentication user token clients', () => {
  it('hands every turn of the same bot the same user token client, and another bot its own', async () => {
    const auth = new ReusedConnectorAuthentication(unauthenticated);
    const { claimsIdentity } = await auth.authenticateRequest(activityFrom('https://smba.trafficmanager.net/amer/'), '');
    const first = await auth.createUserTokenClient(claimsIdentity);
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(first);

    const otherBot = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: '2c0d1a5e-6f1b-4f5e-9a53-1f0d7c2b8e41' }], true);
    const other = await auth.createUserTokenClient(otherBot);
    expect(other).not.toBe(first);
    expect(await auth.createUserTokenClient(otherBot)).toBe(other);
  });
});
