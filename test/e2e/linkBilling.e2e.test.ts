import { describe, expect, it } from '@jest/globals';
import { itLeavesNoProcessRunning, usePlayground } from './harness.js';

describe('setting up billing in the Agents Playground', () => {
  const playground = usePlayground('link-billing');

  it('links contoso-mobile to a Pay-As-You-Go subscription through the cards', async () => {
    await playground().send('set up billing for contoso-mobile');
    const picker = await playground().waitForReply('Which subscription pays for contoso-mobile?');
    expect(picker).toContain('Subscriptions that cannot pay yet');
    expect(picker).toContain('How to fix');
    await playground().screenshot('subscription-picker');

    await playground().clickButton('Use this', { near: 'Contoso Engineering (Pay-As-You-Go)' });
    await playground().waitForReply('Link billing');
    expect(await playground().lastCardText()).toContain('Contoso Engineering (Pay-As-You-Go)');

    await playground().clickButton('Link billing');
    const result = await playground().waitForReply('Billing is set up');
    expect(result).toContain('contoso-mobile is now billed to Contoso Engineering (Pay-As-You-Go)');
  });

  it('then shows the linked subscription under "billing status"', async () => {
    await playground().send('billing status');
    // One card per organization the user administers; contoso-mobile's need not be the last.
    const status = await playground().waitForReply('Billing for contoso-mobile');

    expect(status).toContain('Billing is set up');
    expect(status).toContain('Subscription Contoso Engineering (Pay-As-You-Go)');
  });

  itLeavesNoProcessRunning(playground);
});
