import { afterEach, describe, expect, it } from '@jest/globals';
import type { Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createRestBackend } from '../../../src/azure/rest/backend.js';
import { createLogger } from '../../../src/logger.js';
import { BillingSetupService } from '../../../src/services/billingSetup.js';
import { sandboxSeedSchema, type SandboxSeed } from '../../../src/azure/sandbox/seedSchema.js';
import { startFakeAzure, type FakeAzure, type FakeAzureOptions } from '../../support/fakeAzure/server.js';
import { failure } from '../../support/azureErrors.js';

/**
 * One contract per way the live services answer differently from what the clients were first written for
 * (docs/design.md, "REST calls and the specs they follow"). The fake answers in the published specs' shapes.
 */

const tenant = 'aaaaaaaa-0000-0000-0000-000000000001';
const ada = { aadObjectId: 'ada-oid', displayName: 'Ada Admin', principalName: 'ada@fabrikam.example', tenantId: tenant };
const gil = { aadObjectId: 'gil-oid', displayName: 'Gil Hub', principalName: 'gil@fabrikam.example', tenantId: tenant };
const payg = { state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off', tenantId: tenant };

const seed: SandboxSeed = sandboxSeedSchema.parse({
  tenants: [{ id: tenant, name: 'Fabrikam' }],
  users: [ada, gil],
  defaultUser: 'ada-oid',
  subscriptions: [
    // Listed first, so a refusal here comes before the subscription that holds the link.
    { ...payg, subscriptionId: 'sub-rg-only', displayName: 'Team resource group', roles: {} },
    { ...payg, subscriptionId: 'sub-payg', displayName: 'Pay-As-You-Go', roles: { 'ada-oid': 'Owner' } },
    { ...payg, subscriptionId: 'sub-new', displayName: 'New subscription', roles: { 'ada-oid': 'Owner' } },
  ],
  organizations: [
    {
      id: '0a1b2c3d-1111-2222-3333-444455556666',
      name: 'fabrikam',
      tenantId: tenant,
      projectCollectionAdmins: ['ada-oid'],
      billing: { subscriptionId: 'sub-payg', linkedAt: '2025-01-01T00:00:00Z' },
      entitlements: [
        { userAadObjectId: 'ada-oid', accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'none' },
        { userAadObjectId: 'gil-oid', accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'none' },
      ],
    },
    {
      id: '9f8e7d6c-1111-2222-3333-444455556666',
      name: 'fabrikam-labs',
      tenantId: tenant,
      projectCollectionAdmins: ['ada-oid'],
      billing: null,
      entitlements: [],
    },
  ],
});

const adaCaller: Caller = { aadObjectId: 'ada-oid', tenantId: tenant };
const fabrikam: OrganizationRef = { id: '0a1b2c3d-1111-2222-3333-444455556666', name: 'fabrikam' };
const labs: OrganizationRef = { id: '9f8e7d6c-1111-2222-3333-444455556666', name: 'fabrikam-labs' };

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function backend(options: FakeAzureOptions = {}) {
  fake = await startFakeAzure(seed, options);
  return { azure: createRestBackend(fake.backendOptions()), fake };
}

describe('contract 1: user listing in the memberEntitlementManagement 7.1 shape', () => {
  it('reads `items` pages (PagedUserEntitlementsList), which is all a 7.1 answer carries', async () => {
    const { azure, fake } = await backend({ pageSize: 1 });

    const users = await azure.devops.listUserEntitlements(adaCaller, fabrikam);

    expect(users.map((u) => u.principalName)).toEqual(['ada@fabrikam.example', 'gil@fabrikam.example']);
    const listing = fake.requests.filter((r) => r.path === '/fabrikam/_apis/userentitlements');
    expect(listing.map((r) => r.query['api-version'])).toEqual(['7.1', '7.1']);
  });
});

describe('contract 2: licensing sources beyond the 7.1 enum', () => {
  it('reads a GitHub Enterprise user (7.2 licensingSource gitHub) and keeps the rest of the page', async () => {
    const { azure } = await backend({
      reportedAccessLevels: { 'gil-oid': { licensingSource: 'gitHub', gitHubLicenseType: 'enterprise', accountLicenseType: 'none' } },
    });

    const users = await azure.devops.listUserEntitlements(adaCaller, fabrikam);

    expect(users.map((u) => [u.principalName, u.accessLevel.licensingSource, u.accessLevel.gitHubLicenseType])).toEqual([
      ['ada@fabrikam.example', 'account', undefined],
      ['gil@fabrikam.example', 'gitHub', 'enterprise'],
    ]);
  });

  it('reads a licensing source no published spec lists as unknown, instead of failing the page', async () => {
    const { azure } = await backend({ reportedAccessLevels: { 'gil-oid': { licensingSource: 'somethingNew' } } });

    const users = await azure.devops.listUserEntitlements(adaCaller, fabrikam);

    expect(users.map((u) => u.accessLevel.licensingSource)).toEqual(['account', 'unknown']);
  });
});

describe('contract 3: ARM 403 on one subscription does not stop the billing lookup', () => {
  const rgOnly = { resourceGroupOnlyAccess: { 'sub-rg-only': ['ada-oid'] } };

  it('finds the link in another subscription when one answers 403 AuthorizationFailed', async () => {
    const { azure, fake } = await backend(rgOnly);

    await expect(azure.arm.getBillingLink(adaCaller, fabrikam)).resolves.toMatchObject({ subscriptionId: 'sub-payg' });

    const refused = fake.requests.find((r) => r.path.startsWith('/subscriptions/sub-rg-only/'));
    expect(refused?.status).toBe(403);
  });

  it('reports the subscriptions it could not check when no link was found', async () => {
    const { azure } = await backend(rgOnly);

    await expect(azure.arm.findBillingLink(adaCaller, labs)).resolves.toEqual({ link: null, uncheckedSubscriptionIds: ['sub-rg-only'] });
    await expect(azure.arm.findBillingLink(adaCaller, fabrikam)).resolves.toMatchObject({ uncheckedSubscriptionIds: [] });
  });

  it('gives the billing status every organization, with the subscriptions that could not be checked', async () => {
    const { azure } = await backend(rgOnly);
    const audit = { append: async () => undefined, readAll: async () => [] };
    const service = new BillingSetupService({ backend: azure, audit, logger: createLogger('silent'), now: () => new Date() });

    const status = await service.status(adaCaller);

    expect(status.map((s) => [s.organization.name, s.link?.subscriptionId ?? null, s.uncheckedSubscriptionIds])).toEqual([
      ['fabrikam', 'sub-payg', []],
      ['fabrikam-labs', null, ['sub-rg-only']],
    ]);
  });

  it('does not offer that subscription for linking: the caller holds no subscription-wide role there', async () => {
    const { azure } = await backend(rgOnly);

    await expect(azure.arm.getSubscriptionRights(adaCaller, 'sub-rg-only')).resolves.toMatchObject({ role: 'None' });
  });
});

describe('contract 4: Microsoft.VisualStudio not registered on the subscription', () => {
  it('registers the resource provider (Providers_Register) and links', async () => {
    const { azure, fake } = await backend({ unregisteredVisualStudio: ['sub-new'] });

    await expect(azure.arm.linkBilling(adaCaller, labs, 'sub-new')).resolves.toMatchObject({ subscriptionId: 'sub-new' });

    expect(fake.requests.map((r) => [r.method, r.path, r.status]).filter(([, path]) => String(path).includes('Microsoft.VisualStudio'))).toEqual([
      ['PUT', '/subscriptions/sub-new/resourceGroups/VisualStudioOnline-9F8E7D6C111122223333444455556666/providers/Microsoft.VisualStudio/account/fabrikam-labs', 409],
      ['POST', '/subscriptions/sub-new/providers/Microsoft.VisualStudio/register', 200],
      ['PUT', '/subscriptions/sub-new/resourceGroups/VisualStudioOnline-9F8E7D6C111122223333444455556666/providers/Microsoft.VisualStudio/account/fabrikam-labs', 200],
    ]);
    expect(fake.snapshot().organizations[1]?.billing?.subscriptionId).toBe('sub-new');
  });

  it('says registration is under way when ARM still refuses right after it, and links nothing', async () => {
    const { azure, fake } = await backend({ unregisteredVisualStudio: ['sub-new'], registrationStaysPending: true });

    const error = await failure(azure.arm.linkBilling(adaCaller, labs, 'sub-new'));

    expect(error.code).toBe('conflict');
    expect(error.message).toContain('still registering the Microsoft.VisualStudio resource provider on subscription sub-new');
    expect(fake.snapshot().organizations[1]?.billing).toBeNull();
  });
});

describe('contract 7: api-versions as the specs name them', () => {
  it('refuses a preview api-version where the spec has released the call, as the service does', async () => {
    fake = await startFakeAzure(seed);
    const response = await fetch(`${fake.baseUrl}/fabrikam/_apis/userentitlements?api-version=7.1-preview.3`, {
      headers: { authorization: 'Bearer fake:ada-oid:devops' },
    });

    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toMatchObject({ message: expect.stringContaining('use 7.1') });
  });
});

describe('hostile path segments and OData values against the fake', () => {
  const names = ['fab/rikam', 'fab?rikam', 'fab#rikam', "o'rg", '100%', 'a%2F..%2Fb', '..x', 'fabrikam\\..'];

  it.each(names)('keeps organization name %j inside one path segment', async (name) => {
    const { azure, fake } = await backend();

    await failure(azure.devops.listUserEntitlements(adaCaller, { id: fabrikam.id, name }));

    expect(fake.requests.map((r) => r.path)).toEqual([`/${encodeURIComponent(name)}/_apis/userentitlements`]);
  });

  it.each(['..', '.', ''])('refuses %j as an organization name, user id or subscription id without sending anything', async (segment) => {
    const { azure, fake } = await backend();

    const errors = await Promise.all([
      failure(azure.devops.listUserEntitlements(adaCaller, { id: fabrikam.id, name: segment })),
      failure(azure.devops.getUserEntitlement(adaCaller, fabrikam, segment)),
      failure(azure.arm.getSubscriptionRights(adaCaller, segment)),
    ]);

    expect(errors.map((e) => e.code)).toEqual(['invalid_request', 'invalid_request', 'invalid_request']);
    expect(errors[0]?.message).toMatch(/cannot be (used as a name in|part of) an Azure address/);
    expect(fake.requests).toEqual([]);
  });

  it('keeps a user id that climbs directories inside the entitlement path', async () => {
    const { azure, fake } = await backend();

    await expect(azure.devops.getUserEntitlement(adaCaller, fabrikam, '../../_apis/accounts')).resolves.toBeNull();

    expect(fake.requests.map((r) => r.path)).toEqual(['/fabrikam/_apis/userentitlements/..%2F..%2F_apis%2Faccounts']);
  });

  it('keeps subscription ids and resource group names inside their segments', async () => {
    const { azure, fake } = await backend();

    await failure(azure.arm.getSubscriptionRights(adaCaller, 'sub-payg/resourceGroups/x'));
    await failure(azure.arm.linkBilling(adaCaller, { id: '../../sub-payg', name: 'fabrikam-labs' }, 'sub-new'));

    expect(fake.requests.map((r) => r.path)).toEqual([
      '/subscriptions/sub-payg%2FresourceGroups%2Fx/providers/Microsoft.Authorization/permissions',
      '/subscriptions/sub-new/resourcegroups/VisualStudioOnline-..%2F..%2FSUBPAYG',
      '/subscriptions/sub-new/resourcegroups/VisualStudioOnline-..%2F..%2FSUBPAYG',
      '/subscriptions/sub-new/resourceGroups/VisualStudioOnline-..%2F..%2FSUBPAYG/providers/Microsoft.VisualStudio/account/fabrikam-labs',
    ]);
    expect(fake.snapshot().organizations[1]?.billing).toBeNull();
  });

  it.each([
    ["o'brien@contoso.com", "assignedTo('o''brien@contoso.com')"],
    ["x') or assignedTo('ada-oid", "assignedTo('x'') or assignedTo(''ada-oid')"],
  ])('splices principal %j into $filter as one OData string literal', async (principal, filter) => {
    const { azure, fake } = await backend();

    await expect(azure.arm.getSubscriptionRights(adaCaller, 'sub-payg', principal)).resolves.toMatchObject({ role: 'None' });

    expect(fake.requests.map((r) => r.query.$filter)).toEqual([filter]);
  });

  it('adds a user whose address has a quote, exactly as typed', async () => {
    const { azure, fake } = await backend();

    await failure(azure.devops.addUserEntitlement(adaCaller, fabrikam, "o'brien@fabrikam.example", { accountLicenseType: 'express' }));

    expect(fake.requests.map((r) => [r.path, (r.json as { user?: { principalName?: string } }).user?.principalName])).toEqual([
      ['/fabrikam/_apis/userentitlements', "o'brien@fabrikam.example"],
    ]);
  });
});
