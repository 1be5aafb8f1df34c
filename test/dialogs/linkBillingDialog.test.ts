import { beforeEach, describe, expect, it } from '@jest/globals';
import type { BillingAuditRecord } from '../../src/services/audit.js';
import { playground } from '../support/botClient.js';
import { backends, botPerTest } from './backends.js';
import { organizations, subscriptions } from './seedIds.js';

describe.each(backends)('set up billing (%s backend)', (backendName, makeBackend) => {
  let clock: Date;
  beforeEach(() => {
    clock = new Date('2026-11-25T10:00:00Z');
  });
  const bot = botPerTest(makeBackend, () => ({ now: () => clock }));

  async function pickSubscription(conversationId?: string) {
    const picker = await bot().say(`set up billing for ${organizations.notLinked}`, playground.alex, conversationId);
    expect(picker.text).toContain(`Which subscription pays for ${organizations.notLinked}?`);
    return picker;
  }

  it('links an organization end to end and audits it', async () => {
    const picker = await pickSubscription();
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    expect(confirm.text).toContain('Confirm billing set-up');
    expect(confirm.text).toContain(subscriptions.payAsYouGo.id);
    expect(confirm.text).toContain('metered daily');

    const result = await bot().click(confirm.button('Link billing'));
    expect(result.text).toContain('Billing is set up');
    expect(result.text).toContain(`${organizations.notLinked} is now billed to ${subscriptions.payAsYouGo.name}`);

    const status = await bot().say(`billing status for ${organizations.notLinked}`);
    expect(status.text).toContain('Billing is set up');
    expect(status.text).toContain(subscriptions.payAsYouGo.id);

    const [record] = (await bot().audit.readAll()) as BillingAuditRecord[];
    expect(record).toMatchObject({
      action: 'billing.link',
      actor: { aadObjectId: playground.alex.aadObjectId },
      organization: { name: organizations.notLinked },
      newSubscriptionId: subscriptions.payAsYouGo.id,
    });
    expect(record?.oldSubscriptionId).toBeUndefined();
  });

  it('shows the cost effect of linking on the confirm card instead of "linking alone costs nothing"', async () => {
    const picker = await pickSubscription();
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    expect(confirm.text).not.toContain('Linking alone costs nothing');
    expect(confirm.text).toContain('Cost of linking');
    if (backendName === 'sandbox') {
      // The Pay-As-You-Go subscription bills contoso-web and contoso-mobile together: its 5 free Basic users are
      // taken in contoso-web, so two of contoso-mobile's Basic users start costing money the day it is linked.
      expect(confirm.text).toContain('+$12 a month (estimate)');
      expect(confirm.text).toMatch(/Lidia Holloway: \$0 → \$6 a month/);
    } else {
      expect(confirm.text).toContain('cannot tell whether this subscription uses multi-organization billing');
    }
  });

  it('offers only eligible subscriptions as buttons', async () => {
    const picker = await pickSubscription();
    for (const subscription of [subscriptions.payAsYouGo, subscriptions.enterpriseAgreement]) expect(picker.buttonNear(subscription.name, 'Use this')).toBeDefined();
    for (const subscription of [subscriptions.freeTrial, subscriptions.disabled, subscriptions.otherTenant, subscriptions.noRole]) {
      expect(() => picker.buttonNear(subscription.name, 'Use this')).toThrow();
    }
  });

  it.each([
    ['free_trial', subscriptions.freeTrial, /Free Trial/i, /Pay-As-You-Go/i],
    ['spending_limit', subscriptions.spendingLimit, /spending limit/i, /remove the spending limit/i],
    ['subscription_disabled', subscriptions.disabled, /disabled|not enabled|not active/i, /Reactivate/i],
    ['other_tenant', subscriptions.otherTenant, /tenant/i, /Change directory/i],
    ['missing_role', subscriptions.noRole, /Owner nor Contributor/i, /Access control \(IAM\)/i],
  ])('shows the %s blocker next to the subscription and its fix', async (_code, subscription, reason, fix) => {
    const picker = await pickSubscription();
    expect(picker.reasonsFor(subscription.name).join(' ')).toMatch(reason);
    expect(picker.fixes().join(' ')).toMatch(fix);
  });

  it('stops someone who is not a Project Collection Administrator, with the fix', async () => {
    const turn = await bot().say(`set up billing for ${organizations.linkedToPayAsYouGo}`, playground.megan, 'personal-megan');
    expect(turn.text).toContain(`You cannot set up billing for ${organizations.linkedToPayAsYouGo}`);
    expect(turn.text).toMatch(/Project Collection Administrator/);
    expect(turn.text).toMatch(/Fix: /);
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('says to which subscription an organization is already linked and offers to change it', async () => {
    const turn = await bot().say(`set up billing for ${organizations.linkedToPayAsYouGo}`);
    expect(turn.text).toContain(`${organizations.linkedToPayAsYouGo} is already billed to ${subscriptions.payAsYouGo.name}`);
    const keep = await bot().click(turn.button('Cancel'));
    expect(keep.text).toContain('billing stays as it is');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('changes the billing subscription and audits old and new', async () => {
    const picker = await bot().say(`change billing subscription for ${organizations.linkedToPayAsYouGo}`);
    expect(picker.text).toContain(`Move ${organizations.linkedToPayAsYouGo} to which subscription?`);
    expect(() => picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this')).toThrow();
    const confirm = await bot().click(picker.buttonNear(subscriptions.enterpriseAgreement.name, 'Use this'));
    expect(confirm.text).toContain('Confirm the new billing subscription');
    const result = await bot().click(confirm.button('Change subscription'));
    expect(result.text).toContain('Billing subscription changed');
    expect(result.text).toMatch(/VisualStudioOnline-[0-9A-F]{32}/);

    const [record] = (await bot().audit.readAll()) as BillingAuditRecord[];
    expect(record).toMatchObject({
      action: 'billing.change',
      oldSubscriptionId: subscriptions.payAsYouGo.id,
      newSubscriptionId: subscriptions.enterpriseAgreement.id,
    });
  });

  it('lets the user choose among several organizations, and names a wrong one', async () => {
    const turn = await bot().say('set up billing for nosuchorg');
    expect(turn.text).toContain('could not find an organization named');
    expect(turn.text).toContain('Which organization?');
    const picker = await bot().click(turn.buttonNear(organizations.notLinked, 'Choose'));
    expect(picker.text).toContain(`Which subscription pays for ${organizations.notLinked}?`);
  });

  it('accepts a typed answer instead of a click', async () => {
    await bot().say('set up billing');
    const picker = await bot().say(organizations.notLinked);
    expect(picker.text).toContain(`Which subscription pays for ${organizations.notLinked}?`);
    const confirm = await bot().say(subscriptions.enterpriseAgreement.id);
    expect(confirm.text).toContain('Confirm billing set-up');
  });

  it.each(['cancel', 'Cancel button'])('stops at any step with %s and changes nothing', async (how) => {
    const picker = await pickSubscription();
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    const cancelled = how === 'cancel' ? await bot().say('cancel') : await bot().click(confirm.button('Cancel'));
    expect(cancelled.text).toContain('Cancelled. Nothing was changed.');
    expect(await bot().audit.readAll()).toEqual([]);
    const status = await bot().say(`billing status for ${organizations.notLinked}`);
    expect(status.text).toContain('not set up');
  });

  it('answers an invalid choice with the reason and the same card again', async () => {
    await pickSubscription();
    const retry = await bot().say('banana');
    expect(retry.text).toContain('"banana" is not one of the options');
    expect(retry.text).toContain(`Which subscription pays for ${organizations.notLinked}?`);
  });

  it('refuses a subscription that was not offered, even in forged card data', async () => {
    const picker = await pickSubscription();
    const forged = { ...picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'), choice: subscriptions.freeTrial.id };
    const retry = await bot().click(forged);
    expect(retry.text).toContain('is not one of the options');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it.each(['toString', '__proto__', 'constructor'])('does not take the built-in name "%s" as a valid choice', async (choice) => {
    const picker = await pickSubscription();
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    const forged = await bot().click({ ...confirm.button('Link billing'), choice });
    expect(forged.text).toContain('is not one of the options');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('links once when the confirm button is clicked twice at the same moment', async () => {
    const picker = await pickSubscription();
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    const both = await bot().doubleClick(confirm.button('Link billing'));
    expect(both.text.match(/Billing is set up/g)).toHaveLength(1);
    expect(both.text).toContain('This card has expired');
    expect(await bot().audit.readAll()).toHaveLength(1);
  });

  it('treats a card from a finished conversation as expired', async () => {
    const picker = await pickSubscription();
    const staleButton = picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this');
    await bot().say('cancel');
    const stale = await bot().click(staleButton);
    expect(stale.text).toContain('This card has expired');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('treats a card from an earlier step as expired and shows the current one', async () => {
    const picker = await pickSubscription();
    const earlier = picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this');
    await bot().click(earlier);
    const again = await bot().click(earlier);
    expect(again.text).toContain('earlier step and has expired');
    expect(again.text).toContain('Confirm billing set-up');
  });

  it('does not let a second person act on someone else\'s card', async () => {
    const picker = await pickSubscription('group-chat');
    const confirm = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'), playground.alex, 'group-chat');
    expect(confirm.text).toContain('Confirm billing set-up');
    const otherUser = await bot().click(confirm.button('Link billing'), playground.megan, 'group-chat');
    expect(otherUser.text).toContain('This card has expired');
    expect(await bot().audit.readAll()).toEqual([]);
  });

  it('expires a flow left idle and changes nothing', async () => {
    const picker = await pickSubscription();
    clock = new Date(clock.getTime() + 31 * 60_000);
    const late = await bot().click(picker.buttonNear(subscriptions.payAsYouGo.name, 'Use this'));
    expect(late.text).toContain('expired after 30 minutes');
    expect(await bot().audit.readAll()).toEqual([]);
  });
});
