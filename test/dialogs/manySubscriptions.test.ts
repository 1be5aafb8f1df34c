import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import type { SandboxSeed } from '../../src/azure/sandbox/seedSchema.js';
import { playground } from '../support/botClient.js';
import { BotHarness } from '../support/botHarness.js';
import { cardBytes } from '../support/adaptiveCards.js';

/** 40 usable and 30 Free Trial subscriptions: more than the portal's 50-subscription picker shows. */
function seedWithManySubscriptions(): SandboxSeed {
  const seed = loadSandboxSeed();
  const extra = Array.from({ length: 70 }, (_, i) => ({
    subscriptionId: `00000000-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`,
    displayName: i < 40 ? `Team ${i} Pay-As-You-Go` : `Team ${i} Free Trial`,
    tenantId: playground.tenantId,
    state: 'Enabled',
    quotaId: i < 40 ? 'PayAsYouGo_2014-09-01' : 'FreeTrial_2014-09-01',
    spendingLimit: i < 40 ? ('Off' as const) : ('On' as const),
    roles: { [playground.alex.aadObjectId]: 'Owner' as const },
    visibleTo: [],
    multiOrganizationBilling: false,
  }));
  return { ...seed, subscriptions: [...seed.subscriptions, ...extra] };
}

describe('set up billing with more subscriptions than fit on a card', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.create({ backend: createSandboxBackend({ storage: new MemoryStorage(), seed: seedWithManySubscriptions() }) });
  });
  afterAll(() => bot.close());

  it('lists what fits, explains the 50-subscription limit, and accepts a typed id for one not listed', async () => {
    const picker = await bot.say('set up billing for contoso-mobile');
    const [card] = picker.cards;
    expect(cardBytes(card ?? {})).toBeLessThanOrEqual(28 * 1024);
    expect(picker.text).toContain('(as of August 2020) that the billing page\'s picker listed at most 50');
    expect(picker.text).toMatch(/\d+ more subscriptions are not listed: type a subscription id/);
    expect(picker.text).not.toContain('Team 39 Pay-As-You-Go');

    const confirm = await bot.say('00000000-aaaa-4bbb-8ccc-000000000039');
    expect(confirm.text).toContain('Confirm billing set-up');
    expect(confirm.text).toContain('Team 39 Pay-As-You-Go');
  });
});

describe('billing status for more organizations than fit in one message', () => {
  it('spreads the cards over several messages, each within the Teams limit, and shows every organization', async () => {
    const seed = loadSandboxSeed();
    const template = seed.organizations.find((o) => o.name === 'contoso-mobile');
    if (!template) throw new Error('seed changed: contoso-mobile missing');
    const extra = Array.from({ length: 14 }, (_, i) => ({
      ...template,
      id: `11111111-2222-4333-8444-${String(i).padStart(12, '0')}`,
      name: `contoso-team-${i}`,
    }));
    const bot = await BotHarness.create({
      backend: createSandboxBackend({ storage: new MemoryStorage(), seed: { ...seed, organizations: [...seed.organizations, ...extra] } }),
    });
    try {
      const turn = await bot.say('billing status');
      expect(turn.replies.length).toBeGreaterThan(1);
      for (const reply of turn.replies) expect(JSON.stringify(reply.attachments).length * 2).toBeLessThanOrEqual(28 * 1024);
      for (let i = 0; i < 14; i++) expect(turn.text).toContain(`Billing for contoso-team-${i}`);
    } finally {
      await bot.close();
    }
  });
});
