import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardProblems } from '../support/adaptiveCards.js';
import { postJson, teamsActivity } from '../support/botClient.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

describe('HTTP server with the sandbox bot', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.stop());

  it('answers "help" with the help card, posted as a reply to the incoming activity', async () => {
    const activity = teamsActivity(running.connector.serviceUrl, { text: 'help', conversationId: 'conv-help' });
    const response = await postJson(`${running.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(200);

    const [call] = await running.connector.waitForCalls(1);
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe(`/v3/conversations/conv-help/activities/${encodeURIComponent(String(activity.id))}`);
    const attachment = (call?.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }>)[0];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(attachment?.content)).toContain('What I can do');
    expect(cardProblems(attachment?.content ?? {})).toEqual([]);
  });

  it('answers a licensing question with an answer card that links its source', async () => {
    const before = running.connector.calls.length;
    const activity = teamsActivity(running.connector.serviceUrl, {
      text: 'Is the Azure free trial supported for billing?',
      conversationId: 'conv-question',
    });
    expect((await postJson(`${running.baseUrl}/api/messages`, activity)).status).toBe(200);

    const calls = await running.connector.waitForCalls(before + 1);
    const card = (calls.at(-1)?.body.attachments as Array<{ content: { body: unknown[]; actions: Array<Record<string, string>> } }>)[0]?.content;
    expect(JSON.stringify(card?.body)).toMatch(/Free Trial/i);
    expect(JSON.stringify(card?.body)).toMatch(/not supported/i);
    const source = card?.actions.find((action) => action.type === 'Action.OpenUrl' && action.title?.startsWith('Source'));
    expect(source?.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(cardProblems(card ?? {})).toEqual([]);
  });

  it('answers the Playground\'s HEAD probe of the endpoint', async () => {
    expect((await fetch(`${running.baseUrl}/api/messages`, { method: 'HEAD' })).status).toBe(204);
  });

  it.each(['/healthz', '/readyz'])('answers 200 on %s', async (path) => {
    const response = await fetch(`${running.baseUrl}${path}`);
    expect(response.status).toBe(200);
  });

  it('refuses a 2 MB body with 413 and keeps serving', async () => {
    const huge = teamsActivity(running.connector.serviceUrl, { text: 'x'.repeat(2 * 1024 * 1024) });
    const response = await postJson(`${running.baseUrl}/api/messages`, huge);
    expect(response.status).toBe(413);
    expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses invalid JSON with 400', async () => {
    const response = await postJson(`${running.baseUrl}/api/messages`, '{"type": "message", ');
    expect(response.status).toBe(400);
  });

  it.each([
    ['no type', { type: undefined }],
    ['no id', { id: undefined }],
    ['no serviceUrl', { serviceUrl: undefined }],
    ['a conversation without id', { conversation: {} }],
    ['a numeric channelId', { channelId: 7 }],
  ])('refuses an activity with %s with 400 and the reason', async (_case, change) => {
    const activity = { ...teamsActivity(running.connector.serviceUrl, { text: 'help' }), ...change };
    const response = await postJson(`${running.baseUrl}/api/messages`, activity);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/Not a valid activity/);
  });
});
