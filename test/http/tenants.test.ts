import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

describe('ALLOWED_TENANTS', () => {
  let running: RunningApp;
  const outsider = '7d1a4c2e-0b3f-4e5a-9c8d-2f6e1a0b3c4d';
  beforeAll(async () => {
    running = await startTestApp({ ALLOWED_TENANTS: playground.tenantId.toUpperCase() });
  });
  afterAll(() => running.stop());

  it('serves a listed tenant (ids compared case-insensitively)', async () => {
    const before = running.connector.calls.length;
    const response = await postJson(`${running.baseUrl}/api/messages`, teamsActivity(running.connector.serviceUrl, { text: 'help' }));
    expect(response.status).toBe(200);
    const calls = await running.connector.waitForCalls(before + 1);
    expect(JSON.stringify(calls.at(-1)?.body)).toContain('What I can do');
  });

  it('answers a message from another tenant with one polite refusal and nothing else', async () => {
    const before = running.connector.calls.length;
    const activity = teamsActivity(running.connector.serviceUrl, { text: 'billing status', tenantId: outsider, conversationId: 'outsider-chat' });
    const response = await postJson(`${running.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(200);
    const calls = await running.connector.waitForCalls(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.connector.calls).toHaveLength(before + 1);
    expect(calls.at(-1)?.body.text).toMatch(/not enabled for your organization/);
  });

  it('answers an invoke from another tenant with an error response', async () => {
    const activity = teamsActivity(running.connector.serviceUrl, {
      type: 'invoke',
      tenantId: outsider,
      extra: { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'anything', data: {} } } },
    });
    const response = await postJson(`${running.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
  });
});
