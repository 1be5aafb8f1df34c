import { afterEach, describe, expect, it } from '@jest/globals';
import type { AzureBackend, Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createRestBackend } from '../../../src/azure/rest/backend.js';
import { sandboxSeedSchema, type SandboxSeed } from '../../../src/azure/sandbox/seedSchema.js';
import { fakeCredentialFor, startFakeAzure, type FakeAzure, type FakeAzureOptions } from '../../support/fakeAzure/server.js';
import { failure } from '../../support/azureErrors.js';

/**
 * The default mode: no SSO token exchange, so every call carries the bot's own token and Azure answers with what the
 * bot can see. The backend has to narrow that down to what the caller may see.
 */

const tenant = 'aaaaaaaa-0000-0000-0000-000000000001';
const user = (id: string, name: string) => ({ aadObjectId: `${id}-oid`, displayName: name, principalName: `${id}@fabrikam.example`, tenantId: tenant });
const payg = { tenantId: tenant, state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' };
const entitlement = (userAadObjectId: string) => ({
  userAadObjectId,
  accountLicenseType: 'express',
  licensingSource: 'account',
  msdnLicenseType: 'none',
  assignmentSource: 'none',
});

const fabrikam: OrganizationRef = { id: '0a1b2c3d-1111-2222-3333-444455556666', name: 'fabrikam' };
const contoso: OrganizationRef = { id: '0a1b2c3d-9999-2222-3333-444455556666', name: 'contoso' };

const seed: SandboxSeed = sandboxSeedSchema.parse({
  tenants: [{ id: tenant, name: 'Fabrikam' }],
  users: [user('ada', 'Ada Admin'), user('ben', 'Ben Builder'), user('cy', 'Cy Newcomer'), user('bot', 'Billing bot')],
  defaultUser: 'cy-oid',
  subscriptions: [
    { subscriptionId: 'sub-ada', displayName: "Ada's", ...payg, roles: { 'ada-oid': 'Owner', 'bot-oid': 'Owner' } },
    { subscriptionId: 'sub-ben', displayName: "Ben's", ...payg, roles: { 'ben-oid': 'Contributor', 'bot-oid': 'Owner' }, visibleTo: ['cy-oid'] },
    // Pays for fabrikam; only the bot can see it.
    { subscriptionId: 'sub-hidden', displayName: 'Finance', ...payg, roles: {}, visibleTo: ['bot-oid'] },
  ],
  organizations: [
    {
      ...fabrikam,
      tenantId: tenant,
      projectCollectionAdmins: ['ada-oid', 'bot-oid'],
      billing: { subscriptionId: 'sub-hidden', linkedAt: '2025-01-01T00:00:00Z' },
      entitlements: [entitlement('ada-oid'), entitlement('ben-oid'), entitlement('cy-oid'), entitlement('bot-oid')],
    },
    {
      ...contoso,
      tenantId: tenant,
      projectCollectionAdmins: ['ben-oid', 'bot-oid'],
      billing: null,
      entitlements: [entitlement('ben-oid'), entitlement('bot-oid')],
    },
  ],
});

const caller = (id: string): Caller => ({ aadObjectId: `${id}-oid`, tenantId: tenant });
const ada = caller('ada');
const ben = caller('ben');
const cy = caller('cy');

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function asBot(approverIds: string[] = [], options: FakeAzureOptions = {}): Promise<AzureBackend> {
  fake = await startFakeAzure(seed, options);
  const bot = fakeCredentialFor(caller('bot'));
  return createRestBackend({ ...fake.backendOptions(), credential: () => bot, actsAsCaller: () => false, approverIds });
}

describe('REST backend acting as the bot: organizations and users', () => {
  it('lists only the organizations the caller administers', async () => {
    const azure = await asBot();

    await expect(azure.devops.listOrganizations(ada)).resolves.toEqual([expect.objectContaining({ name: 'fabrikam' })]);
    await expect(azure.devops.listOrganizations(ben)).resolves.toEqual([expect.objectContaining({ name: 'contoso' })]);
  });

  it('shows a caller who administers nothing no organizations and no users', async () => {
    const azure = await asBot();

    await expect(azure.devops.listOrganizations(cy)).resolves.toEqual([]);
    const listing = await failure(azure.devops.listUserEntitlements(cy, fabrikam));
    expect(listing.code).toBe('forbidden');
    expect(listing.message).toContain('Project Collection Administrator in fabrikam');
    const one = await failure(azure.devops.getUserEntitlement(cy, fabrikam, 'anyone'));
    expect(one.code).toBe('forbidden');
  });

  it("lets an administrator read the organization's users", async () => {
    const azure = await asBot();

    const users = await azure.devops.listUserEntitlements(ada, fabrikam);

    expect(users.map((u) => u.principalName).sort()).toEqual([
      'ada@fabrikam.example',
      'ben@fabrikam.example',
      'bot@fabrikam.example',
      'cy@fabrikam.example',
    ]);
    await expect(failure(azure.devops.listUserEntitlements(ada, contoso))).resolves.toMatchObject({ code: 'forbidden' });
  });
});

describe('REST backend acting as the bot: administrators through nested groups', () => {
  // Cy is in no collection group directly: only through an Entra group inside an Azure DevOps group inside the
  // administrators group of fabrikam; the Entra group also contains its container, as Azure DevOps allows.
  const nestedGroups: FakeAzureOptions['nestedGroups'] = [
    { organization: 'fabrikam', displayName: 'Billing owners', origin: 'vsts', memberOf: ['Project Collection Administrators', 'Finance admins'], users: [] },
    { organization: 'fabrikam', displayName: 'Finance admins', origin: 'aad', memberOf: ['Billing owners'], users: ['cy-oid'] },
    { organization: 'contoso', displayName: 'Readers', origin: 'aad', memberOf: ['Project Collection Valid Users'], users: ['cy-oid'] },
  ];

  it('recognises a member of a group nested in Project Collection Administrators, and only there', async () => {
    const azure = await asBot([], { nestedGroups });

    await expect(azure.devops.isProjectCollectionAdmin(cy, fabrikam)).resolves.toBe(true);
    await expect(azure.devops.isProjectCollectionAdmin(cy, contoso)).resolves.toBe(false);
    await expect(azure.devops.listOrganizations(cy)).resolves.toEqual([expect.objectContaining({ name: 'fabrikam' })]);
    expect((await azure.devops.listProjectCollectionAdmins(ada, fabrikam)).sort()).toEqual(['ada-oid', 'bot-oid', 'cy-oid']);
  });
});

describe('REST backend acting as the bot: subscriptions and billing', () => {
  it('lists only the subscriptions on which the caller is Owner or Contributor', async () => {
    const azure = await asBot();

    const ids = async (c: Caller) => (await azure.arm.listSubscriptions(c)).map((s) => s.subscriptionId);
    await expect(ids(ada)).resolves.toEqual(['sub-ada']);
    await expect(ids(ben)).resolves.toEqual(['sub-ben']);
    // Reader (visible) is not enough.
    await expect(ids(cy)).resolves.toEqual([]);
  });

  it('still finds a billing link in a subscription the caller has no role on', async () => {
    const azure = await asBot();

    await expect(azure.arm.getBillingLink(ada, fabrikam)).resolves.toMatchObject({ subscriptionId: 'sub-hidden' });
    await expect(azure.arm.getBillingLink(cy, fabrikam)).resolves.toMatchObject({ subscriptionId: 'sub-hidden' });
    await expect(azure.arm.getBillingLink(ada, contoso)).resolves.toBeNull();
  });
});

describe('REST backend acting as the bot: buying seats', () => {
  const userIdOf = async (azure: AzureBackend, principalName: string) =>
    (await azure.devops.listUserEntitlements(ada, fabrikam)).find((u) => u.principalName === principalName)?.id ?? '';

  it('refuses to add or change users for a caller who is neither an administrator nor a configured approver', async () => {
    const azure = await asBot();
    const before = fake?.requests.filter((r) => r.method !== 'GET').length;

    const added = await failure(azure.devops.addUserEntitlement(cy, fabrikam, 'newcomer@fabrikam.example', { accountLicenseType: 'advanced' }));
    expect(added).toMatchObject({ code: 'forbidden', message: expect.stringContaining('configured seat approver') });
    const changed = await failure(azure.devops.changeAccessLevel(cy, fabrikam, await userIdOf(azure, 'ben@fabrikam.example'), { accountLicenseType: 'advanced' }));
    expect(changed.code).toBe('forbidden');
    // Nothing but the administrators lookup reached Azure DevOps.
    const writes = fake?.requests.filter((r) => r.method !== 'GET' && !r.path.includes('subjectlookup')).length;
    expect(writes).toBe(before);
  });

  it('lets an administrator and a configured approver change levels with the bot identity', async () => {
    const azure = await asBot(['CY-OID']);

    await expect(azure.devops.changeAccessLevel(ada, fabrikam, await userIdOf(azure, 'ben@fabrikam.example'), { accountLicenseType: 'advanced' })).resolves.toMatchObject({
      accessLevel: { accountLicenseType: 'advanced' },
    });
    await expect(azure.devops.changeAccessLevel(cy, fabrikam, await userIdOf(azure, 'cy@fabrikam.example'), { accountLicenseType: 'advanced' })).resolves.toMatchObject({
      accessLevel: { accountLicenseType: 'advanced' },
    });
  });

  it('prices a request for a member who administers nothing (purpose "request"), without listing users to them otherwise', async () => {
    const azure = await asBot();
    await expect(azure.devops.listOrganizations(cy, 'request')).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'fabrikam' })]),
    );
    await expect(azure.devops.listUserEntitlements(cy, fabrikam, 'request')).resolves.toHaveLength(4);
    await expect(failure(azure.devops.listUserEntitlements(cy, fabrikam))).resolves.toMatchObject({ code: 'forbidden' });
  });
});
