import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { playground } from '../support/botClient.js';
import { BotHarness } from '../support/botHarness.js';

describe('subscription names written by someone else', () => {
  it('are shown as text on the cards, never as a live markdown link', async () => {
    const seed = loadSandboxSeed();
    const hostile = '[Fix billing now](https://evil.example/login)';
    const subscriptions = [
      ...seed.subscriptions,
      {
        subscriptionId: '0badc0de-0000-4000-8000-000000000001',
        displayName: hostile,
        tenantId: playground.tenantId,
        state: 'Enabled',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off' as const,
        roles: { [playground.alex.aadObjectId]: 'Owner' as const },
        visibleTo: [],
        multiOrganizationBilling: false,
      },
    ];
    const bot = await BotHarness.create({ backend: createSandboxBackend({ storage: new MemoryStorage(), seed: { ...seed, subscriptions } }) });
    try {
      const picker = await bot.say('set up billing for contoso-mobile');
      const confirm = await bot.click(picker.buttonNear('Fix billing now', 'Use this'));
      for (const turn of [picker, confirm]) {
        expect(JSON.stringify(turn.cards)).not.toContain(hostile);
        expect(JSON.stringify(turn.cards)).toContain('\\\\[Fix billing now\\\\](https://evil.example/login)');
      }
    } finally {
      await bot.close();
    }
  });
});
