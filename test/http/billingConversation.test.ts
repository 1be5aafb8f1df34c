import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { playground, postJson, teamsActivity } from '../support/botClient.js';
import { Turn } from '../support/botHarness.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

describe('a billing conversation over HTTP (sandbox backend)', () => {
  let running: RunningApp;
  const conversationId = 'http-billing-chat';
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.stop());

  /** Posts one activity and returns what the bot sent back to the connector during that turn. */
  async function send(content: { text?: string; value?: Record<string, unknown> }): Promise<Turn> {
    const before = running.connector.calls.length;
    const response = await postJson(`${running.baseUrl}/api/messages`, teamsActivity(running.connector.serviceUrl, { ...content, conversationId }));
    expect(response.status).toBe(200);
    return new Turn(running.connector.calls.slice(before).map((call) => call.body));
  }

  it('links contoso-mobile end to end, then shows it in billing status and the audit log', async () => {
    const picker = await send({ text: 'set up billing for contoso-mobile' });
    expect(picker.text).toContain('Which subscription pays for contoso-mobile?');

    const confirm = await send({ value: picker.buttonNear('Contoso Engineering (Pay-As-You-Go)', 'Use this') });
    expect(confirm.text).toContain('Confirm billing set-up');

    const result = await send({ value: confirm.button('Link billing') });
    expect(result.text).toContain('Billing is set up');

    const status = await send({ text: 'billing status for contoso-mobile' });
    expect(status.text).toContain('744ebfcf-f5ce-46de-95c2-b0c7a2335015');

    const records = await running.app.audit.readAll();
    expect(records).toEqual([
      expect.objectContaining({
        action: 'billing.link',
        actor: expect.objectContaining({ aadObjectId: playground.alex.aadObjectId }),
        organization: expect.objectContaining({ name: 'contoso-mobile' }),
        newSubscriptionId: '744ebfcf-f5ce-46de-95c2-b0c7a2335015',
        backend: 'sandbox',
      }),
    ]);
  });
});
