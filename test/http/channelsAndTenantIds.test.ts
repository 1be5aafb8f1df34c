import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

const outsider = '7d1a4c2e-0b3f-4e5a-9c8d-2f6e1a0b3c4d';
const cardAction = { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'anything', data: {} } } };

describe('channel and tenant identity checks (point 6 of the hardening issue)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.stop());

  /** What the bot sent to one conversation; a turn's replies are sent before its HTTP answer. */
  const sentTo = (conversationId: string) => running.connector.calls.filter((call) => call.path.startsWith(`/v3/conversations/${conversationId}/`));

  it('answers only Teams in production, and also the Emulator and Web Chat in development', () => {
    expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' }).allowedChannels).toEqual(['msteams']);
    expect(loadConfig({}).allowedChannels).toEqual(['msteams', 'emulator', 'webchat']);
  });

  it('serves the Emulator in development', async () => {
    const activity = { ...teamsActivity(running.connector.serviceUrl, { text: 'help', conversationId: 'emulator-chat' }), channelId: 'emulator' };
    expect((await postJson(`${running.baseUrl}/api/messages`, activity)).status).toBe(200);
    expect(JSON.stringify(sentTo('emulator-chat'))).toContain('What I can do');
  });

  it('drops a message from a channel it does not serve, without a reply', async () => {
    const activity = { ...teamsActivity(running.connector.serviceUrl, { text: 'billing status', conversationId: 'slack-chat' }), channelId: 'slack' };
    expect((await postJson(`${running.baseUrl}/api/messages`, activity)).status).toBe(200);
    expect(sentTo('slack-chat')).toEqual([]);
  });

  it('answers an invoke from a channel it does not serve with 403', async () => {
    const activity = { ...teamsActivity(running.connector.serviceUrl, { type: 'invoke', extra: cardAction }), channelId: 'slack' };
    const response = await postJson(`${running.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ value: { code: 'ChannelNotAllowed' } });
  });

  it('refuses a message whose conversation and channelData name different tenants', async () => {
    const activity = teamsActivity(running.connector.serviceUrl, {
      text: 'billing status',
      conversationId: 'two-tenants-chat',
      extra: { channelData: { tenant: { id: outsider } } },
    });
    expect((activity.conversation as { tenantId: string }).tenantId).toBe(playground.tenantId);
    expect((await postJson(`${running.baseUrl}/api/messages`, activity)).status).toBe(200);
    const replies = sentTo('two-tenants-chat');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body.text).toMatch(/not enabled for your organization/);
  });

  it('refuses an invoke whose tenant ids disagree with 403, and accepts them agreeing in another case', async () => {
    const disagreeing = teamsActivity(running.connector.serviceUrl, { type: 'invoke', extra: { ...cardAction, channelData: { tenant: { id: outsider } } } });
    expect((await postJson(`${running.baseUrl}/api/messages`, disagreeing)).status).toBe(403);

    const agreeing = teamsActivity(running.connector.serviceUrl, {
      text: 'help',
      conversationId: 'same-tenant-chat',
      extra: { channelData: { tenant: { id: playground.tenantId.toUpperCase() } } },
    });
    expect((await postJson(`${running.baseUrl}/api/messages`, agreeing)).status).toBe(200);
    expect(JSON.stringify(sentTo('same-tenant-chat'))).toContain('What I can do');
  });
});
