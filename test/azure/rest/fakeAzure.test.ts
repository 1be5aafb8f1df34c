import { afterEach, describe, expect, it } from '@jest/globals';
import type { Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createRestBackend } from '../../../src/azure/rest/backend.js';
import { sandboxSeedSchema, type SandboxSeed } from '../../../src/azure/sandbox/seedSchema.js';
import { devOpsId, startFakeAzure, type FakeAzure } from '../../support/fakeAzure/server.js';

const tenant = 'aaaaaaaa-0000-0000-0000-000000000001';
const otherTenant = 'bbbbbbbb-0000-0000-0000-000000000002';
const ada = { aadObjectId: 'ada-oid', displayName: 'Ada Admin', principalName: 'ada@fabrikam.example', tenantId: tenant };
const ben = { aadObjectId: 'ben-oid', displayName: 'Ben Builder', principalName: 'ben@fabrikam.example', tenantId: tenant };
const cy = { aadObjectId: 'cy-oid', displayName: 'Cy Newcomer', principalName: 'cy@fabrikam.example', tenantId: tenant };

const seed: SandboxSeed = sandboxSeedSchema.parse({
  tenants: [{ id: tenant, name: 'Fabrikam' }],
  users: [ada, ben, cy],
  identityAliases: { 'playground-user': 'ada-oid' },
  defaultUser: 'ben-oid',
  subscriptions: [
    { subscriptionId: 'sub-payg', displayName: 'Pay-As-You-Go', tenantId: tenant, state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off', roles: { 'ada-oid': 'Owner', 'ben-oid': 'Contributor' } },
    { subscriptionId: 'sub-trial', displayName: 'Free Trial', tenantId: tenant, state: 'Enabled', quotaId: 'FreeTrial_2014-09-01', spendingLimit: 'On', roles: { 'ada-oid': 'Owner' } },
    { subscriptionId: 'sub-other', displayName: 'Elsewhere', tenantId: otherTenant, state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off', roles: {}, visibleTo: ['ada-oid'] },
  ],
  organizations: [
    {
      id: '0a1b2c3d-1111-2222-3333-444455556666',
      name: 'fabrikam',
      tenantId: tenant,
      projectCollectionAdmins: ['ada-oid'],
      billing: null,
      entitlements: [
        { userAadObjectId: 'ada-oid', accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'none', lastAccessedDate: '2025-05-01T00:00:00Z' },
        { userAadObjectId: 'ben-oid', accountLicenseType: 'stakeholder', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'none' },
      ],
    },
  ],
});

const adaCaller: Caller = { aadObjectId: 'ada-oid', tenantId: tenant };
const benCaller: Caller = { aadObjectId: 'ben-oid', tenantId: tenant };
const fabrikam: OrganizationRef = { id: '0a1b2c3d-1111-2222-3333-444455556666', name: 'fabrikam' };

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function backend() {
  fake = await startFakeAzure(seed);
  return { azure: createRestBackend(fake.backendOptions()), fake };
}

describe('REST backend over the fake Azure', () => {
  it('lists subscriptions across pages and reads rights the way ARM reports them', async () => {
    const { azure } = await backend();

    const subscriptions = await azure.arm.listSubscriptions(adaCaller);

    expect(subscriptions.map((s) => s.subscriptionId)).toEqual(['sub-payg', 'sub-trial', 'sub-other']);
    await expect(azure.arm.getSubscriptionRights(adaCaller, 'sub-payg')).resolves.toMatchObject({ role: 'Owner' });
    await expect(azure.arm.getSubscriptionRights(benCaller, 'sub-payg')).resolves.toMatchObject({ role: 'Contributor' });
    await expect(azure.arm.getSubscriptionRights(adaCaller, 'sub-other')).resolves.toMatchObject({ role: 'None' });
    // A Playground identity's token acts as its alias, like the sandbox.
    await expect(azure.arm.getSubscriptionRights({ aadObjectId: 'playground-user', tenantId: tenant }, 'sub-payg')).resolves.toMatchObject({
      role: 'Owner',
    });
    await expect(azure.arm.getSubscriptionRights(adaCaller, 'sub-payg', 'ben-oid')).resolves.toEqual({
      subscriptionId: 'sub-payg',
      principalObjectId: 'ben-oid',
      role: 'Contributor',
    });
  });

  it('links, reads and removes billing', async () => {
    const { azure, fake } = await backend();

    await expect(azure.arm.getBillingLink(adaCaller, fabrikam)).resolves.toBeNull();
    const link = await azure.arm.linkBilling(adaCaller, fabrikam, 'sub-payg');
    const expected = {
      organizationId: fabrikam.id,
      organizationName: 'fabrikam',
      subscriptionId: 'sub-payg',
      resourceGroup: 'VisualStudioOnline-0A1B2C3D111122223333444455556666',
    };
    expect(link).toEqual(expected);
    expect(fake.snapshot().organizations[0]?.billing?.subscriptionId).toBe('sub-payg');
    await expect(azure.arm.getBillingLink(adaCaller, fabrikam)).resolves.toEqual(expected);

    await azure.arm.removeBilling(adaCaller, fabrikam);

    await expect(azure.arm.getBillingLink(adaCaller, fabrikam)).resolves.toBeNull();
    expect(fake.snapshot().organizations[0]?.billing).toBeNull();
    expect(fake.requests.every((r) => r.headers.authorization?.startsWith('Bearer fake:ada-oid:arm'))).toBe(true);
  });

  it('refuses what the real services refuse', async () => {
    const { azure, fake } = await backend();

    // Ben is Contributor on the subscription but not a Project Collection Administrator.
    await expect(azure.arm.linkBilling(benCaller, fabrikam, 'sub-payg')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(azure.arm.linkBilling(adaCaller, fabrikam, 'sub-trial')).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('Free Trial'),
    });
    await expect(azure.devops.addUserEntitlement(benCaller, fabrikam, 'cy@fabrikam.example', { accountLicenseType: 'express' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Project Collection Administrator'),
    });
    expect(fake.snapshot().organizations[0]?.billing).toBeNull();
  });

  it('serves the profile, organizations and the administrator check', async () => {
    const { azure } = await backend();

    await expect(azure.devops.getProfile(adaCaller)).resolves.toEqual({
      id: devOpsId('ada-oid'),
      displayName: 'Ada Admin',
      emailAddress: 'ada@fabrikam.example',
    });
    await expect(azure.devops.listOrganizations(adaCaller)).resolves.toEqual([
      { id: fabrikam.id, name: 'fabrikam', url: 'https://dev.azure.com/fabrikam', tenantId: tenant },
    ]);
    await expect(azure.devops.isProjectCollectionAdmin(adaCaller, fabrikam)).resolves.toBe(true);
    await expect(azure.devops.isProjectCollectionAdmin(benCaller, fabrikam)).resolves.toBe(false);
    await expect(azure.devops.isProjectCollectionAdmin(benCaller, fabrikam, 'ada-oid')).resolves.toBe(true);
  });

  it('lists, adds and changes user entitlements', async () => {
    const { azure, fake } = await backend();

    const before = await azure.devops.listUserEntitlements(adaCaller, fabrikam);
    expect(before.map((u) => [u.principalName, u.accessLevel.accountLicenseType, u.lastAccessedDate])).toEqual([
      ['ada@fabrikam.example', 'express', '2025-05-01T00:00:00Z'],
      ['ben@fabrikam.example', 'stakeholder', undefined],
    ]);

    const added = await azure.devops.addUserEntitlement(adaCaller, fabrikam, 'cy@fabrikam.example', { accountLicenseType: 'express' });
    const changed = await azure.devops.changeAccessLevel(adaCaller, fabrikam, added.id, { accountLicenseType: 'advanced' });

    expect(changed).toMatchObject({ id: devOpsId('cy-oid'), accessLevel: { accountLicenseType: 'advanced', licensingSource: 'account' } });
    await expect(azure.devops.getUserEntitlement(adaCaller, fabrikam, added.id)).resolves.toEqual(changed);
    await expect(azure.devops.getUserEntitlement(adaCaller, fabrikam, 'cy-oid')).resolves.toBeNull();
    expect(fake.snapshot().organizations[0]?.entitlements.find((e) => e.userAadObjectId === 'cy-oid')).toMatchObject({
      accountLicenseType: 'advanced',
    });
    await expect(
      azure.devops.addUserEntitlement(adaCaller, fabrikam, 'nobody@fabrikam.example', { accountLicenseType: 'express' }),
    ).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('VS403283') });
  });

  it('refuses a token issued for the other API', async () => {
    fake = await startFakeAzure(seed);
    const options = fake.backendOptions();
    // Everything points at the fake, but ARM calls go to the Azure DevOps base URL with a DevOps-audience token.
    const azure = createRestBackend({
      ...options,
      credential: (caller) => ({
        getToken: async () => ({ token: `fake:${caller.aadObjectId}:devops`, expiresOnTimestamp: Date.now() + 60_000 }),
      }),
    });

    await expect(azure.arm.listSubscriptions(adaCaller)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
