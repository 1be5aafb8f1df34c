import { describe, expect, it } from '@jest/globals';
import { checkSubscriptionEligibility, subscriptionListAdvice } from '../../src/rules/eligibility.js';
import type { BlockerCode, EligibilityInput, SubscriptionRecord } from '../../src/rules/eligibility.js';
import type { AzureSubscription } from '../../src/azure/ports.js';

const organizationTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const payAsYouGo: SubscriptionRecord = {
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  displayName: 'Pay-As-You-Go',
  tenantId: organizationTenantId,
  state: 'Enabled',
  quotaId: 'PayAsYouGo_2014-09-01',
  spendingLimit: 'Off',
};

function check(subscription: Partial<SubscriptionRecord>, person: Partial<Omit<EligibilityInput, 'subscription'>> = {}) {
  return checkSubscriptionEligibility({
    subscription: { ...payAsYouGo, ...subscription },
    organizationTenantId,
    role: 'Owner',
    isProjectCollectionAdmin: true,
    ...person,
  });
}

const docs = 'https://learn.microsoft.com/azure/devops/organizations/billing/';

describe('checkSubscriptionEligibility', () => {
  it.each<[string, ReturnType<typeof check>]>([
    ['an Owner and PCA with Pay-As-You-Go', check({})],
    ['a Contributor and PCA', check({}, { role: 'Contributor' })],
    ['an Enterprise Agreement subscription', check({ quotaId: 'EnterpriseAgreement_2014-09-01', displayName: 'EA' })],
    ['a tenant id in another case', check({ tenantId: organizationTenantId.toUpperCase() })],
  ])('finds nothing in the way for %s', (_name, result) => {
    expect(result).toEqual({ eligible: true, subscriptionId: payAsYouGo.subscriptionId, blockers: [] });
  });

  it.each<[BlockerCode, ReturnType<typeof check>, string, RegExp]>([
    ['free_trial', check({ quotaId: 'FreeTrial_2014-09-01' }), 'set-up-billing-for-your-organization-vs', /Pay-As-You-Go/],
    ['spending_limit', check({ spendingLimit: 'On' }), 'billing-faq', /remove it indefinitely/],
    ['subscription_disabled', check({ state: 'Disabled' }), 'billing-faq', /Reactivate/],
    ['other_tenant', check({ tenantId: '00000000-0000-0000-0000-000000000099' }), 'set-up-billing-for-your-organization-vs', /tenant/],
    ['missing_role', check({}, { role: 'None' }), 'add-backup-billing-managers', /Owner or Contributor/],
    ['not_pca', check({}, { isProjectCollectionAdmin: false }), 'set-up-billing-for-your-organization-vs', /Project Collection Administrators/],
  ])('reports %s alone, with a reason, a fix and its doc page', (code, result, page, fix) => {
    expect(result.eligible).toBe(false);
    expect(result.blockers).toHaveLength(1);
    const [blocker] = result.blockers;
    expect(blocker).toMatchObject({ code, docUrl: `${docs}${page}` });
    expect(blocker?.reason.length).toBeGreaterThan(20);
    expect(blocker?.fix).toMatch(fix);
  });

  it('reports every blocker at once, in a stable order', () => {
    const result = check(
      { quotaId: 'FreeTrial_2014-09-01', spendingLimit: 'On', state: 'Warned', tenantId: 'other-tenant' },
      { role: 'None', isProjectCollectionAdmin: false },
    );
    expect(result.blockers.map((blocker) => blocker.code)).toEqual([
      'free_trial',
      'spending_limit',
      'subscription_disabled',
      'other_tenant',
      'missing_role',
      'not_pca',
    ]);
  });

  it.each<[string, ReturnType<typeof check>, BlockerCode[]]>([
    ['a VS subscriber subscription with its limit on, held by a Reader', check({ quotaId: 'MSDN_2014-09-01', spendingLimit: 'On' }, { role: 'None' }), ['spending_limit', 'missing_role']],
    ['a past-due subscription in another tenant', check({ state: 'PastDue', tenantId: 'other-tenant' }), ['subscription_disabled', 'other_tenant']],
    ['a free trial for a non-PCA', check({ quotaId: 'FreeTrial_2014-09-01' }, { isProjectCollectionAdmin: false }), ['free_trial', 'not_pca']],
  ])('reports several blockers for %s', (_name, result, codes) => {
    expect(result.blockers.map((blocker) => blocker.code)).toEqual(codes);
  });

  it('accepts a port subscription and role as they are', () => {
    const fromPort: AzureSubscription = { ...payAsYouGo, state: 'PastDue' };
    const result = checkSubscriptionEligibility({
      subscription: fromPort,
      organizationTenantId,
      role: 'Contributor',
      isProjectCollectionAdmin: true,
    });
    expect(result.blockers.map((blocker) => blocker.code)).toEqual(['subscription_disabled']);
  });

  it('explains that a Visual Studio subscriber credit cannot pay', () => {
    const [blocker] = check({ quotaId: 'MSDN_2014-09-01', spendingLimit: 'On', displayName: 'Visual Studio Enterprise' }).blockers;
    expect(blocker?.reason).toBe(
      '"Visual Studio Enterprise" has a spending limit, so it cannot take Azure DevOps charges. ' +
        'The monthly Azure credit of a Visual Studio subscription cannot pay for Azure DevOps.',
    );
  });

  it.each<[string, string]>([
    ['MPN_2014-09-01', 'a partner network (MPN) subscription'],
    ['Sponsored_2016-01-01', 'an Azure Sponsorship'],
  ])('decides a %s subscription from its spending limit, not from its offer', (quotaId, offer) => {
    const limited = check({ quotaId, spendingLimit: 'On' });
    expect(limited.blockers.map((blocker) => blocker.code)).toEqual(['spending_limit']);
    expect(limited.blockers[0]?.reason).toContain(`The monthly Azure credit of ${offer} cannot pay for Azure DevOps.`);
    expect(check({ quotaId, spendingLimit: 'Off' })).toMatchObject({ eligible: true, blockers: [] });
  });

  it('treats a limit lifted for the current period only as still blocking', () => {
    const [blocker] = check({ spendingLimit: 'CurrentPeriodOff' }).blockers;
    expect(blocker?.code).toBe('spending_limit');
    expect(blocker?.reason).toMatch(/current billing period only/);
  });

  it('names the state of a subscription that is not enabled', () => {
    expect(check({ state: 'Deleted' }).blockers[0]?.reason).toBe('"Pay-As-You-Go" is Deleted, not Enabled; only an active subscription can pay.');
  });
});

describe('subscriptionListAdvice', () => {
  it.each([0, 1, 50])('needs no advice for %d subscriptions', (count) => {
    expect(subscriptionListAdvice(count)).toEqual({ exceedsPicker: false, limit: 50 });
  });

  it.each<[number, number]>([
    [51, 1],
    [120, 70],
  ])('for %d subscriptions warns that %d may not be shown', (count, notShown) => {
    const advice = subscriptionListAdvice(count);
    expect(advice).toMatchObject({ exceedsPicker: true, limit: 50, notShown, docUrl: `${docs}change-azure-subscription` });
    expect(advice.exceedsPicker && advice.advice).toMatch(/type its subscription ID/);
  });

  it('dates the picker limit to the older page it comes from instead of stating it as current fact', () => {
    const advice = subscriptionListAdvice(51);
    expect(advice.exceedsPicker && advice.advice).toContain('(as of August 2020)');
    expect(advice.exceedsPicker && advice.advice).toContain('current pages no longer mention a limit');
  });
});
