import { afterEach, describe, expect, it } from '@jest/globals';
import type { AzureBackend, Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createRestBackend } from '../../../src/azure/rest/backend.js';
import { createAzureCredential } from '../../../src/azure/rest/credentials.js';
import { sandboxSeedSchema, type SandboxSeed } from '../../../src/azure/sandbox/seedSchema.js';
import { startFakeAzure, type FakeAzure } from '../../support/fakeAzure/server.js';
import { entraClientOptions, startFakeEntra, type FakeEntra } from '../../support/fakeIdentity/entra.js';

/**
 * With `AZURE_USE_OBO=true`, every call the REST backend makes for a caller with a single sign-on token carries the
 * token Entra issued on their behalf for that API, never the app's. The fake Entra serves only the on-behalf-of grant,
 * so an app-token request would fail the call, and the fake Azure records every Authorization header it receives.
 */

const tenant = 'aaaaaaaa-0000-0000-0000-000000000001';
const clientId = '00000000-0000-0000-0000-00000000b071';
const user = (id: string) => ({ aadObjectId: `${id}-oid`, displayName: id, principalName: `${id}@fabrikam.example`, tenantId: tenant });
const entitlement = (userAadObjectId: string, accountLicenseType = 'express') => ({
  userAadObjectId,
  accountLicenseType,
  licensingSource: 'account',
  msdnLicenseType: 'none',
  assignmentSource: 'none',
});
const fabrikam: OrganizationRef = { id: '0a1b2c3d-1111-2222-3333-444455556666', name: 'fabrikam' };

const seed: SandboxSeed = sandboxSeedSchema.parse({
  tenants: [{ id: tenant, name: 'Fabrikam' }],
  users: [user('ada'), user('ben'), user('new')],
  defaultUser: 'ben-oid',
  subscriptions: [
    { subscriptionId: 'sub-ada', displayName: "Ada's", tenantId: tenant, state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off', roles: { 'ada-oid': 'Owner' } },
  ],
  organizations: [
    {
      ...fabrikam,
      tenantId: tenant,
      projectCollectionAdmins: ['ada-oid'],
      billing: null,
      entitlements: [entitlement('ada-oid'), entitlement('ben-oid', 'stakeholder')],
    },
  ],
});

const ada: Caller = { aadObjectId: 'ada-oid', tenantId: tenant, ssoToken: 'sso:ada-oid:1' };

let fake: FakeAzure | undefined;
let entra: FakeEntra | undefined;
afterEach(async () => {
  await Promise.all([fake?.close(), entra?.close()]);
  fake = undefined;
  entra = undefined;
});

async function asUser(): Promise<{ azure: AzureBackend; fake: FakeAzure; entra: FakeEntra }> {
  [fake, entra] = await Promise.all([startFakeAzure(seed), startFakeEntra(tenant, clientId)]);
  const credentials = createAzureCredential(
    { authMode: 'secret', tenantId: tenant, clientId, clientSecret: 'test-only', useOnBehalfOf: true, authorityHost: entra.authorityHost },
    entraClientOptions,
  );
  const azure = createRestBackend({
    ...fake.backendOptions(),
    credential: (caller) => credentials.credentialFor(caller),
    actsAsCaller: (caller) => credentials.actsAsCaller(caller),
  });
  return { azure, fake, entra };
}

const calls: { name: string; run(azure: AzureBackend): Promise<unknown>; apis: ('arm' | 'devops')[] }[] = [
  { name: 'list subscriptions', run: (azure) => azure.arm.listSubscriptions(ada), apis: ['arm'] },
  { name: 'read rights on a subscription', run: (azure) => azure.arm.getSubscriptionRights(ada, 'sub-ada'), apis: ['arm'] },
  { name: 'look for the billing link', run: (azure) => azure.arm.findBillingLink(ada, fabrikam), apis: ['arm'] },
  {
    name: 'link, then remove billing',
    run: async (azure) => {
      await azure.arm.linkBilling(ada, fabrikam, 'sub-ada');
      await azure.arm.removeBilling(ada, fabrikam);
    },
    apis: ['arm'],
  },
  { name: 'read the profile', run: (azure) => azure.devops.getProfile(ada), apis: ['devops'] },
  { name: 'list organizations', run: (azure) => azure.devops.listOrganizations(ada), apis: ['devops'] },
  { name: 'check administrators', run: (azure) => azure.devops.isProjectCollectionAdmin(ada, fabrikam), apis: ['devops'] },
  { name: 'list users', run: (azure) => azure.devops.listUserEntitlements(ada, fabrikam), apis: ['devops'] },
  {
    name: 'add a user and change an access level',
    run: async (azure) => {
      const added = await azure.devops.addUserEntitlement(ada, fabrikam, 'new@fabrikam.example', { accountLicenseType: 'stakeholder' });
      await azure.devops.changeAccessLevel(ada, fabrikam, added.id, { accountLicenseType: 'express' });
    },
    apis: ['devops'],
  },
];

describe('REST backend on behalf of the signed-in user', () => {
  it.each(calls)('$name: every request carries the user\'s on-behalf-of token for its API', async ({ run, apis }) => {
    const { azure, fake, entra } = await asUser();

    await run(azure);

    expect(fake.requests.length).toBeGreaterThan(0);
    const tokens = new Set(fake.requests.map((request) => request.headers.authorization));
    expect([...tokens].sort()).toEqual(apis.map((api) => `Bearer ${entra.issued.find((token) => token.startsWith(`obo:ada-oid:${api}:`)) ?? '(none issued)'}`));
    // "Not there yet" (404) is an answer here; a refused token (401) or right (403) is not.
    expect(fake.requests.filter((request) => request.status === 401 || request.status === 403)).toEqual([]);
    const assertions = entra.requests.filter((request) => request.method === 'POST').map((request) => new URLSearchParams(request.body).get('assertion'));
    expect(new Set(assertions)).toEqual(new Set([ada.ssoToken]));
  });
});
