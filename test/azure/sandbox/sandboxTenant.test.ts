import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import type { SubscriptionRole, UserEntitlement } from '../../../src/azure/ports.js';
import { createSandboxBackend } from '../../../src/azure/sandbox/sandboxBackend.js';
import { entitlementId } from '../../../src/azure/sandbox/tenantQueries.js';
import {
  callerFor,
  fabrikamTenantId,
  freshSandbox,
  orgs,
  people,
  playgroundTenantId,
  seed,
  subscriptions,
} from './sandboxFixtures.js';

/** Every case the dialogs need, read back through the ports exactly as a dialog would. */
const alex = callerFor(people.alex);

function basicOnAccount(users: UserEntitlement[]): UserEntitlement[] {
  return users.filter((u) => u.accessLevel.licensingSource === 'account' && u.accessLevel.accountLicenseType === 'express');
}

describe('subscriptions Alex sees, one per eligibility case', () => {
  const cases: Array<{
    case: string;
    subscriptionId: string;
    quotaId: string;
    state: string;
    spendingLimit: string;
    tenantId: string;
    role: SubscriptionRole;
  }> = [
    { case: 'Pay-As-You-Go', subscriptionId: subscriptions.payAsYouGo, quotaId: 'PayAsYouGo_2014-09-01', state: 'Enabled', spendingLimit: 'Off', tenantId: playgroundTenantId, role: 'Owner' },
    { case: 'Enterprise Agreement', subscriptionId: subscriptions.enterpriseAgreement, quotaId: 'EnterpriseAgreement_2014-09-01', state: 'Enabled', spendingLimit: 'Off', tenantId: playgroundTenantId, role: 'Owner' },
    { case: 'Free Trial', subscriptionId: subscriptions.freeTrial, quotaId: 'FreeTrial_2014-09-01', state: 'Enabled', spendingLimit: 'On', tenantId: playgroundTenantId, role: 'Owner' },
    { case: 'Visual Studio with spending limit', subscriptionId: subscriptions.visualStudioWithLimit, quotaId: 'MSDN_2014-09-01', state: 'Enabled', spendingLimit: 'On', tenantId: playgroundTenantId, role: 'Owner' },
    { case: 'disabled', subscriptionId: subscriptions.disabled, quotaId: 'PayAsYouGo_2014-09-01', state: 'Disabled', spendingLimit: 'Off', tenantId: playgroundTenantId, role: 'Owner' },
    { case: 'other tenant', subscriptionId: subscriptions.otherTenant, quotaId: 'PayAsYouGo_2014-09-01', state: 'Enabled', spendingLimit: 'Off', tenantId: fabrikamTenantId, role: 'Owner' },
    { case: 'visible without a role', subscriptionId: subscriptions.noRoleForAlex, quotaId: 'PayAsYouGo_2014-09-01', state: 'Enabled', spendingLimit: 'Off', tenantId: playgroundTenantId, role: 'None' },
  ];
  const { backend } = freshSandbox();

  it.each(cases)('$case: listed with its quota, state, spending limit, tenant and Alex role $role', async (c) => {
    const listed = (await backend.arm.listSubscriptions(alex)).find((s) => s.subscriptionId === c.subscriptionId);
    expect(listed).toMatchObject({ quotaId: c.quotaId, state: c.state, spendingLimit: c.spendingLimit, tenantId: c.tenantId });
    expect(listed?.displayName).toEqual(expect.any(String));
    const rights = await backend.arm.getSubscriptionRights(alex, c.subscriptionId);
    expect(rights).toEqual({ subscriptionId: c.subscriptionId, principalObjectId: people.alex, role: c.role });
  });

  it('lists exactly these for Alex, and not a subscription he cannot see', async () => {
    const ids = (await backend.arm.listSubscriptions(alex)).map((s) => s.subscriptionId);
    expect(ids.sort()).toEqual(cases.map((c) => c.subscriptionId).sort());
    expect(ids).not.toContain(subscriptions.visualStudioWithoutLimit);
  });

  it('has subscription ids shaped like GUIDs', () => {
    for (const s of seed.subscriptions) expect(s.subscriptionId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
  });

  it.each([
    { who: 'Adele on the EA subscription', principal: people.adele, subscriptionId: subscriptions.enterpriseAgreement, role: 'Contributor' },
    { who: 'Megan on Marketing Analytics', principal: people.megan, subscriptionId: subscriptions.noRoleForAlex, role: 'Owner' },
    { who: 'Isaiah, backup billing manager, on Pay-As-You-Go', principal: people.isaiah, subscriptionId: subscriptions.payAsYouGo, role: 'Contributor' },
    { who: 'Isaiah on his own Visual Studio subscription', principal: people.isaiah, subscriptionId: subscriptions.visualStudioWithoutLimit, role: 'Owner' },
    { who: 'Patti on Pay-As-You-Go (Reader only)', principal: people.patti, subscriptionId: subscriptions.payAsYouGo, role: 'None' },
    { who: 'an unknown principal', principal: 'ffffffff-0000-0000-0000-000000000000', subscriptionId: subscriptions.payAsYouGo, role: 'None' },
  ] as const)('reports the role of another principal: $who is $role', async ({ principal, subscriptionId, role }) => {
    await expect(backend.arm.getSubscriptionRights(alex, subscriptionId, principal)).resolves.toEqual({
      subscriptionId,
      principalObjectId: principal,
      role,
    });
  });

  it('offers Isaiah a Visual Studio subscription whose spending limit was removed', async () => {
    const own = (await backend.arm.listSubscriptions(callerFor(people.isaiah))).find((s) => s.quotaId === 'MSDN_2014-09-01');
    expect(own).toMatchObject({ subscriptionId: subscriptions.visualStudioWithoutLimit, quotaId: 'MSDN_2014-09-01', spendingLimit: 'Off' });
  });
});

describe('organizations', () => {
  const { backend } = freshSandbox();

  it('Alex is in, and a Project Collection Administrator of, the three Contoso organizations', async () => {
    const listed = await backend.devops.listOrganizations(alex);
    expect(listed.map((o) => o.name)).toEqual(['contoso-web', 'contoso-mobile', 'contoso-research']);
    for (const org of listed) {
      expect(org).toMatchObject({ tenantId: playgroundTenantId, url: `https://dev.azure.com/${org.name}` });
      expect(org.id).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
      await expect(backend.devops.isProjectCollectionAdmin(alex, org)).resolves.toBe(true);
    }
  });

  it.each([
    { org: orgs.web, subscriptionId: subscriptions.payAsYouGo },
    { org: orgs.mobile, subscriptionId: null },
    { org: orgs.research, subscriptionId: subscriptions.enterpriseAgreement },
  ])('$org.name is billed to $subscriptionId', async ({ org, subscriptionId }) => {
    const link = await backend.arm.getBillingLink(alex, org);
    expect(link?.subscriptionId ?? null).toBe(subscriptionId);
  });

  it('contoso-mobile has exactly 3 Basic users on account licensing (3 of the 5 free)', async () => {
    expect(basicOnAccount(await backend.devops.listUserEntitlements(alex, orgs.mobile))).toHaveLength(3);
  });

  it('contoso-web has 7 Basic users on account licensing (all 5 free used, 2 paid)', async () => {
    expect(basicOnAccount(await backend.devops.listUserEntitlements(alex, orgs.web))).toHaveLength(7);
  });

  it('Megan is a PCA of no organization yet owns an eligible subscription, so "not PCA" is her only blocker', async () => {
    const megan = callerFor(people.megan);
    const hers = await backend.devops.listOrganizations(megan);
    expect(hers.length).toBeGreaterThan(0);
    for (const org of hers) await expect(backend.devops.isProjectCollectionAdmin(megan, org)).resolves.toBe(false);
    const owned = await backend.arm.listSubscriptions(megan);
    expect(owned).toEqual([expect.objectContaining({ subscriptionId: subscriptions.noRoleForAlex })]);
    expect(owned[0]).toMatchObject({ quotaId: 'PayAsYouGo_2014-09-01', state: 'Enabled', spendingLimit: 'Off', tenantId: playgroundTenantId });
    await expect(backend.arm.getSubscriptionRights(megan, subscriptions.noRoleForAlex)).resolves.toMatchObject({ role: 'Owner' });
  });

  it('Patti is a PCA of contoso-web who holds no role on any subscription', async () => {
    const patti = callerFor(people.patti);
    await expect(backend.devops.isProjectCollectionAdmin(patti, orgs.web)).resolves.toBe(true);
    for (const s of await backend.arm.listSubscriptions(patti)) {
      await expect(backend.arm.getSubscriptionRights(patti, s.subscriptionId)).resolves.toMatchObject({ role: 'None' });
    }
  });

  it('the Fabrikam organization belongs to the other tenant and has its own admin', async () => {
    await expect(backend.devops.isProjectCollectionAdmin(alex, orgs.fabrikam, people.joni)).resolves.toBe(true);
    const [fabrikam] = await backend.devops.listOrganizations(callerFor(people.joni, fabrikamTenantId));
    expect(fabrikam).toMatchObject({ name: 'fabrikam-partners', tenantId: fabrikamTenantId });
  });
});

describe('users and access levels', () => {
  const { backend } = freshSandbox();
  async function everyone(): Promise<UserEntitlement[]> {
    const lists = await Promise.all([orgs.web, orgs.mobile, orgs.research].map((o) => backend.devops.listUserEntitlements(alex, o)));
    return lists.flat();
  }

  it('has at least 12 distinct users across the Contoso organizations', async () => {
    expect(new Set((await everyone()).map((u) => u.id)).size).toBeGreaterThanOrEqual(12);
  });

  it.each([
    { level: 'Stakeholder', accessLevel: { accountLicenseType: 'stakeholder', licensingSource: 'account', msdnLicenseType: 'none' } },
    { level: 'Basic', accessLevel: { accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none' } },
    { level: 'Basic + Test Plans', accessLevel: { accountLicenseType: 'advanced', licensingSource: 'account', msdnLicenseType: 'none' } },
    { level: 'Visual Studio Professional', accessLevel: { accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'professional' } },
    { level: 'Visual Studio Enterprise', accessLevel: { accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'enterprise' } },
  ])('someone holds $level', async ({ accessLevel }) => {
    expect((await everyone()).map((u) => u.accessLevel)).toContainEqual(expect.objectContaining(accessLevel));
  });

  it('has a group-rule Basic user who never signed in', async () => {
    const raul = await backend.devops.getUserEntitlement(alex, orgs.research, entitlementId(people.raul));
    expect(raul).toMatchObject({ accessLevel: { assignmentSource: 'groupRule', accountLicenseType: 'express', status: 'pending' } });
    expect(raul?.lastAccessedDate).toBeUndefined();
  });

  it('has an inactive Basic user (no sign-in for months) to show the Stakeholder saving', async () => {
    const grady = await backend.devops.getUserEntitlement(alex, orgs.web, entitlementId(people.grady));
    expect(grady?.accessLevel.accountLicenseType).toBe('express');
    expect(Date.parse(grady?.lastAccessedDate ?? '')).toBeLessThan(Date.parse('2026-09-01'));
  });
});

describe('who the caller acts as', () => {
  const { backend } = freshSandbox();

  it.each([
    { aadObjectId: '00000000-0000-0000-0000-0000000000020', displayName: 'Alex Wilber', emailAddress: 'alexw@example.com' },
    { aadObjectId: '00000000-0000-0000-0000-0000000000021', displayName: 'Megan Bowen', emailAddress: 'meganb@example.com' },
    { aadObjectId: '00000000-0000-0000-0000-0000000000022', displayName: 'Adele Vance', emailAddress: 'adelev@example.com' },
    { aadObjectId: '00000000-0000-0000-0000-0000000000023', displayName: 'Isaiah Langer', emailAddress: 'isaiah@example.com' },
    { aadObjectId: '00000000-0000-0000-0000-0000000000024', displayName: 'Patti Fernandez', emailAddress: 'pattif@example.com' },
    { aadObjectId: '00000000-0000-0000-0000-0000000000025', displayName: 'Lynne Robbins', emailAddress: 'lynner@example.com' },
  ])('the Playground user $aadObjectId is $displayName', async ({ aadObjectId, displayName, emailAddress }) => {
    await expect(backend.devops.getProfile(callerFor(aadObjectId))).resolves.toEqual({ id: aadObjectId, displayName, emailAddress });
  });

  it('an unknown caller from any tenant acts as the default user, Alex', async () => {
    const stranger = callerFor('3f2b8c51-9d1e-4a77-b0c2-6e5d4f3a2b10', '72f988bf-86f1-41af-91ab-2d7cd011db47');
    await expect(backend.devops.getProfile(stranger)).resolves.toMatchObject({ id: people.alex, displayName: 'Alex Wilber' });
    await expect(backend.arm.getSubscriptionRights(stranger, subscriptions.payAsYouGo)).resolves.toMatchObject({ role: 'Owner' });
  });

  it('an identity alias acts as its seed user, also when named as a principal', async () => {
    const aliased = createSandboxBackend({
      storage: new MemoryStorage(),
      seed: { ...seed, identityAliases: { 'teams-user-megan': people.megan } },
    });
    const asMegan = callerFor('teams-user-megan');
    await expect(aliased.devops.getProfile(asMegan)).resolves.toMatchObject({ displayName: 'Megan Bowen' });
    await expect(aliased.devops.isProjectCollectionAdmin(asMegan, orgs.web)).resolves.toBe(false);
    await expect(aliased.arm.getSubscriptionRights(alex, subscriptions.noRoleForAlex, 'teams-user-megan')).resolves.toMatchObject({
      role: 'Owner',
    });
  });
});
