import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { BotHarness } from '../support/botHarness.js';
import { playground } from '../support/botClient.js';
import { backends, botPerTest } from './backends.js';
import { organizations, subscriptions } from './seedIds.js';

describe.each(backends)('remove billing (%s backend)', (_name, makeBackend) => {
  const bot = botPerTest(makeBackend);

  it('spells out the consequences and removes only after the explicit confirm', async () => {
    const confirm = await bot().say(`remove billing for ${organizations.linkedToEnterpriseAgreement}`);
    expect(confirm.text).toContain(`Remove billing from ${organizations.linkedToEnterpriseAgreement}?`);
    expect(confirm.text).toContain('immediately');
    expect(confirm.text).toMatch(/Artifacts above 2 GiB becomes read-only/);
    expect(confirm.text).toMatch(/VisualStudioOnline-[0-9A-F]{32}.*safe to delete/);
    expect(confirm.text).toContain('Microsoft documents removing billing only in Organization settings > Billing');

    const result = await bot().click(confirm.button('Remove billing'));
    expect(result.text).toContain('Billing removed');

    const status = await bot().say(`billing status for ${organizations.linkedToEnterpriseAgreement}`);
    expect(status.text).toContain('not set up');
    const [record] = await bot().audit.readAll();
    expect(record).toMatchObject({
      action: 'billing.remove',
      actor: { aadObjectId: playground.alex.aadObjectId },
      organization: { name: organizations.linkedToEnterpriseAgreement },
      oldSubscriptionId: subscriptions.enterpriseAgreement.id,
    });
  });

  it('keeps billing when the user declines', async () => {
    const confirm = await bot().say(`remove billing for ${organizations.linkedToEnterpriseAgreement}`);
    const kept = await bot().click(confirm.button('Keep billing'));
    expect(kept.text).toContain('billing stays as it is');
    const status = await bot().say(`billing status for ${organizations.linkedToEnterpriseAgreement}`);
    expect(status.text).toContain(subscriptions.enterpriseAgreement.id);
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('does not remove anything when a typed answer is not the confirm', async () => {
    await bot().say(`remove billing for ${organizations.linkedToEnterpriseAgreement}`);
    const retry = await bot().say('maybe');
    expect(retry.text).toContain('"maybe" is not one of the options');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('says there is nothing to remove when billing is not set up', async () => {
    const turn = await bot().say(`remove billing for ${organizations.notLinked}`);
    expect(turn.text).toContain('nothing to remove');
  });
});

describe.each(backends)('billing status (%s backend)', (backendName, makeBackend) => {
  const bot = botPerTest(makeBackend);

  it('shows one card per organization, linked or not, with the right buttons', async () => {
    const turn = await bot().say('billing status');
    expect(turn.cards.length).toBeGreaterThanOrEqual(3);
    expect(turn.text).toContain(`Billing for ${organizations.linkedToPayAsYouGo}`);
    expect(turn.text).toContain(subscriptions.payAsYouGo.name);
    expect(turn.text).toContain(`Billing for ${organizations.notLinked}`);
    expect(turn.button('Set up billing')).toEqual({ command: `set up billing for ${organizations.notLinked}` });
    expect(turn.button('Remove billing')).toMatchObject({ command: expect.stringContaining('remove billing for') });
  });

  it('says whether the subscription bills its organizations together', async () => {
    const turn = await bot().say(`billing status for ${organizations.linkedToPayAsYouGo}`);
    expect(turn.text).toContain('Multi-organization billing');
    if (backendName === 'sandbox') expect(turn.text).toMatch(/on: one grant of 5 free Basic users/);
    else expect(turn.text).toContain('not known (no documented API reports it)');
    expect(turn.text).toContain('GitHub Enterprise users');
  });

  it('states that a new organization must request the free Microsoft-hosted grant', async () => {
    const turn = await bot().say(`billing status for ${organizations.notLinked}`);
    expect(turn.text).toContain('must first request this free grant');
  });

  it('starts linking from the status card button', async () => {
    const status = await bot().say('billing status');
    const picker = await bot().click(status.button('Set up billing'));
    expect(picker.text).toContain(`Which subscription pays for ${organizations.notLinked}?`);
  });
});

describe('remove billing when the subscription that pays belongs to someone else (sandbox)', () => {
  it('says before any confirm button that the bot cannot delete the billing resource there, and the portal route', async () => {
    const seed = loadSandboxSeed();
    const research = seed.organizations.find((o) => o.name === organizations.linkedToEnterpriseAgreement);
    if (!research?.billing) throw new Error('seed changed: contoso-research is not linked');
    research.billing.subscriptionId = subscriptions.noRole.id;
    const bot = await BotHarness.create({ backend: createSandboxBackend({ storage: new MemoryStorage(), seed }) });
    try {
      const turn = await bot.say(`remove billing for ${organizations.linkedToEnterpriseAgreement}`);
      expect(turn.text).toContain(`I cannot remove billing for ${organizations.linkedToEnterpriseAgreement}`);
      expect(turn.text).toContain('Organization settings > Billing > Change billing > Remove billing');
      expect(() => turn.button('Remove billing')).toThrow();
      expect(await bot.audit.readAll()).toEqual([]);
    } finally {
      await bot.close();
    }
  });
});
