import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpChat, sandboxWithHeldLinks } from '../support/billingChat.js';
import { startTestApp, type RunningApp } from '../support/testApp.js';

describe('two confirms for one organization at once (point 3 of the hardening issue)', () => {
  let running: RunningApp | undefined;
  afterEach(() => running?.stop());

  it('links once; the other confirm is told someone is changing billing, and changes nothing', async () => {
    const azure = await sandboxWithHeldLinks();
    running = await startTestApp({}, { backend: azure.backend });
    const { baseUrl, connector } = running;
    // One admin in two chats: the turn queue serialises a person per conversation, so these two turns run at once.
    const first = new HttpChat(baseUrl, connector, 'personal-chat-a');
    const second = new HttpChat(baseUrl, connector, 'personal-chat-b');
    const confirmFirst = await first.upToConfirm();
    const confirmSecond = await second.upToConfirm('Contoso Enterprise Agreement - Production');

    const firstTurn = first.send({ value: confirmFirst });
    await azure.linkArrived(1);
    // The first link is held inside "Azure". Today's main lets the second confirm through to Azure as well
    // (a second arrival), which releases the first, and both chats report success.
    const secondTurn = second.send({ value: confirmSecond });
    await Promise.race([secondTurn, azure.linkArrived(2)]);
    azure.release();
    const [firstResult, secondResult] = await Promise.all([firstTurn, secondTurn]);

    expect(firstResult.turn.text).toContain('Billing is set up');
    expect(secondResult.status).toBe(200);
    expect(secondResult.turn.text).toContain('is changing billing for contoso-mobile right now');
    expect(secondResult.turn.text).not.toMatch(/Billing is set up|Billing subscription changed/);
    expect(await running.app.audit.readAll()).toEqual([
      expect.objectContaining({ action: 'billing.link', organization: expect.objectContaining({ name: 'contoso-mobile' }) }),
    ]);
  });
});
