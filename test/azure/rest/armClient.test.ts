import { afterEach, describe, expect, it } from '@jest/globals';
import { AzureError, type Caller, type OrganizationRef, type SubscriptionRole } from '../../../src/azure/ports.js';
import { roleFromPermissions } from '../../../src/azure/rest/armClient.js';
import { createRestBackend, type RestBackendOptions } from '../../../src/azure/rest/backend.js';
import {
  byRoute,
  recordingCredential,
  startScriptedServer,
  type Reply,
  type ScriptedServer,
} from '../../support/fakeAzure/scriptedServer.js';

const caller: Caller = { aadObjectId: 'caller-oid', tenantId: 'tenant-1' };
const org: OrganizationRef = { id: '0a1b2c3d-1111-2222-3333-444455556666', name: 'fabrikam' };
const resourceGroup = 'VisualStudioOnline-0A1B2C3D111122223333444455556666';
const accountPath = (sub: string) =>
  `/subscriptions/${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.VisualStudio/account/fabrikam`;
const ok = (body: unknown): Reply => ({ status: 200, body });
const notFound: Reply = { status: 404, body: { error: { code: 'ResourceNotFound', message: 'not found' } } };

function subscription(subscriptionId: string, state = 'Enabled') {
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId: 'tenant-1',
    displayName: `Sub ${subscriptionId}`,
    state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function arm(table: Record<string, Reply | Reply[]>, overrides: Partial<RestBackendOptions> = {}) {
  server = await startScriptedServer(byRoute(table));
  const backend = createRestBackend({
    credential: () => recordingCredential('arm-token'),
    armBaseUrl: server.baseUrl,
    maxAttempts: 2,
    retryDelayMs: 10,
    billingLocation: 'westeurope',
    // The REST contract as seen with the caller's own token; app-identity scoping has its own tests.
    actsAsCaller: () => true,
    ...overrides,
  });
  return { client: backend.arm, requests: server.requests, baseUrl: server.baseUrl };
}

const summary = (r: { method: string; path: string; query: Record<string, string> }) => ({
  method: r.method,
  path: r.path,
  query: r.query,
});

describe('RestResourceManager.listSubscriptions', () => {
  it('reads every page by following nextLink and flattens the policies', async () => {
    server = await startScriptedServer((request) =>
      request.query.$skiptoken === 'page2'
        ? ok({ value: [subscription('sub-2', 'Disabled')] })
        : ok({
            value: [subscription('sub-1')],
            nextLink: `${server!.baseUrl}/subscriptions?api-version=2022-12-01&$skiptoken=page2`,
          }),
    );
    const client = createRestBackend({
      credential: () => recordingCredential('arm-token'),
      armBaseUrl: server.baseUrl,
      actsAsCaller: () => true,
    }).arm;

    const subscriptions = await client.listSubscriptions(caller);

    expect(server.requests.map(summary)).toEqual([
      { method: 'GET', path: '/subscriptions', query: { 'api-version': '2022-12-01' } },
      { method: 'GET', path: '/subscriptions', query: { 'api-version': '2022-12-01', $skiptoken: 'page2' } },
    ]);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer arm-token')).toBe(true);
    expect(subscriptions).toEqual([
      { subscriptionId: 'sub-1', displayName: 'Sub sub-1', tenantId: 'tenant-1', state: 'Enabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      { subscriptionId: 'sub-2', displayName: 'Sub sub-2', tenantId: 'tenant-1', state: 'Disabled', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    ]);
  });

  it('does not follow a nextLink to another host (it would carry the token there)', async () => {
    const { client, requests } = await arm({
      'GET /subscriptions': ok({ value: [subscription('sub-1')], nextLink: 'https://elsewhere.example/subscriptions?page=2' }),
    });

    const error = await client.listSubscriptions(caller).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ code: 'unavailable', detail: { url: 'https://elsewhere.example/subscriptions?page=2' } });
    expect(requests).toHaveLength(1);
  });
});

describe('RestResourceManager.getSubscriptionRights', () => {
  const contributorNotActions = ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'];
  const table: { name: string; permissions: { actions: string[]; notActions: string[] }[]; role: SubscriptionRole }[] = [
    { name: 'Owner', permissions: [{ actions: ['*'], notActions: [] }], role: 'Owner' },
    { name: 'Contributor', permissions: [{ actions: ['*'], notActions: contributorNotActions }], role: 'Contributor' },
    { name: 'Reader', permissions: [{ actions: ['*/read'], notActions: [] }], role: 'None' },
    { name: 'no permissions', permissions: [], role: 'None' },
    {
      name: 'Contributor plus User Access Administrator',
      permissions: [
        { actions: ['*'], notActions: contributorNotActions },
        { actions: ['*/read', 'Microsoft.Authorization/*'], notActions: [] },
      ],
      role: 'Contributor',
    },
    { name: 'Reader and Owner', permissions: [{ actions: ['*/read'], notActions: [] }, { actions: ['*'], notActions: [] }], role: 'Owner' },
    {
      name: 'a custom "*" role that cannot write Microsoft.VisualStudio',
      permissions: [{ actions: ['*'], notActions: ['Microsoft.VisualStudio/*'] }],
      role: 'None',
    },
    { name: 'lower-case notActions', permissions: [{ actions: ['*'], notActions: ['microsoft.authorization/*/write'] }], role: 'Contributor' },
  ];

  it.each(table)('reads $name from effective permissions as $role', ({ permissions, role }) => {
    expect(roleFromPermissions(permissions)).toBe(role);
  });

  it("asks the permissions API for the caller's own rights when the token is the caller's", async () => {
    const { client, requests } = await arm(
      {
        'GET /subscriptions/sub-1/providers/Microsoft.Authorization/permissions': ok({
          value: [{ actions: ['*'], notActions: contributorNotActions, dataActions: [], notDataActions: [] }],
        }),
      },
      { actsAsCaller: () => true },
    );

    const rights = await client.getSubscriptionRights(caller, 'sub-1');

    expect(rights).toEqual({ subscriptionId: 'sub-1', principalObjectId: 'caller-oid', role: 'Contributor' });
    expect(requests.map(summary)).toEqual([
      {
        method: 'GET',
        path: '/subscriptions/sub-1/providers/Microsoft.Authorization/permissions',
        query: { 'api-version': '2022-04-01' },
      },
    ]);
  });

  it('reads role assignments assignedTo(objectId) for another principal, counting only subscription scope or above', async () => {
    const definition = (guid: string) => `/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    const { client, requests } = await arm(
      {
        'GET /subscriptions/sub-1/providers/Microsoft.Authorization/roleAssignments': ok({
          value: [
            // Owner of one resource group only: not Owner of the subscription.
            { properties: { roleDefinitionId: definition('8e3af657-a8ff-443c-a75c-2fe8c4bcb635'), scope: '/subscriptions/sub-1/resourceGroups/rg-a' } },
            { properties: { roleDefinitionId: definition('b24988ac-6180-42a0-ab88-20f7382dd24c'), scope: '/subscriptions/sub-1' } },
            { properties: { roleDefinitionId: definition('acdd72a7-3385-48ef-bd42-f606fba81ae7'), scope: '/subscriptions/sub-1' } },
          ],
        }),
      },
      { actsAsCaller: () => true },
    );

    const rights = await client.getSubscriptionRights(caller, 'sub-1', 'other-oid');

    expect(rights).toEqual({ subscriptionId: 'sub-1', principalObjectId: 'other-oid', role: 'Contributor' });
    expect(requests.map(summary)).toEqual([
      {
        method: 'GET',
        path: '/subscriptions/sub-1/providers/Microsoft.Authorization/roleAssignments',
        query: { 'api-version': '2022-04-01', $filter: "assignedTo('other-oid')" },
      },
    ]);
  });

  it("uses role assignments for the caller too when the token is the bot's own", async () => {
    const { client, requests } = await arm(
      {
      'GET /subscriptions/sub-1/providers/Microsoft.Authorization/roleAssignments': ok({
        value: [
          {
            properties: {
              roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635',
              scope: '/providers/Microsoft.Management/managementGroups/root-mg',
            },
          },
        ],
      }),
      },
      { actsAsCaller: () => false },
    );

    const rights = await client.getSubscriptionRights(caller, 'sub-1');

    expect(rights.role).toBe('Owner');
    expect(requests[0]?.query.$filter).toBe("assignedTo('caller-oid')");
  });
});

describe('RestResourceManager: the permissions call outside the published spec', () => {
  it('points to the portal check when ARM refuses the subscription-scope permissions call as a request', async () => {
    const { client } = await arm({
      'GET /subscriptions/sub-1/providers/Microsoft.Authorization/permissions': {
        status: 400,
        body: { error: { code: 'InvalidResourceType', message: 'The resource type could not be found.' } },
      },
    });

    const error = await client.getSubscriptionRights(caller, 'sub-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('open subscription sub-1 > Access control (IAM) > Check access'),
    });
  });
});

describe('RestResourceManager billing link', () => {
  it('looks for the billing resource in each listed subscription except deleted ones', async () => {
    const { client, requests } = await arm({
      'GET /subscriptions': ok({ value: [subscription('sub-1'), subscription('sub-2', 'Deleted'), subscription('sub-3', 'PastDue')] }),
      [`GET ${accountPath('sub-1')}`]: notFound,
      [`GET ${accountPath('sub-3')}`]: ok({ id: accountPath('sub-3'), name: 'fabrikam', type: 'Microsoft.VisualStudio/account' }),
    });

    const link = await client.getBillingLink(caller, org);

    expect(link).toEqual({ organizationId: org.id, organizationName: 'fabrikam', subscriptionId: 'sub-3', resourceGroup });
    // Probed concurrently, so compare in path order.
    const probes = requests.slice(1).map(summary).sort((a, b) => a.path.localeCompare(b.path));
    expect(probes).toEqual([
      { method: 'GET', path: accountPath('sub-1'), query: { 'api-version': '2014-04-01-preview' } },
      { method: 'GET', path: accountPath('sub-3'), query: { 'api-version': '2014-04-01-preview' } },
    ]);
  });

  it('answers null when no subscription holds the resource', async () => {
    const { client } = await arm({
      'GET /subscriptions': ok({ value: [subscription('sub-1')] }),
      [`GET ${accountPath('sub-1')}`]: { status: 404, body: { error: { code: 'ResourceGroupNotFound', message: 'no group' } } },
    });

    await expect(client.getBillingLink(caller, org)).resolves.toBeNull();
  });

  it('creates the missing resource group, then links with operationType "link"', async () => {
    const rgPath = `/subscriptions/sub-1/resourcegroups/${resourceGroup}`;
    const { client, requests } = await arm({
      [`GET ${rgPath}`]: notFound,
      [`PUT ${rgPath}`]: { status: 201, body: { id: rgPath, name: resourceGroup, location: 'westeurope' } },
      [`PUT ${accountPath('sub-1')}`]: ok({ id: accountPath('sub-1'), name: 'fabrikam' }),
    });

    const link = await client.linkBilling(caller, org, 'sub-1');

    expect(link).toEqual({ organizationId: org.id, organizationName: 'fabrikam', subscriptionId: 'sub-1', resourceGroup });
    expect(requests.map((r) => ({ ...summary(r), json: r.json, contentType: r.headers['content-type'] }))).toEqual([
      { method: 'GET', path: rgPath, query: { 'api-version': '2021-04-01' }, json: undefined, contentType: undefined },
      { method: 'PUT', path: rgPath, query: { 'api-version': '2021-04-01' }, json: { location: 'westeurope' }, contentType: 'application/json' },
      {
        method: 'PUT',
        path: accountPath('sub-1'),
        query: { 'api-version': '2014-04-01-preview' },
        json: { location: 'westeurope', operationType: 'link', properties: {} },
        contentType: 'application/json',
      },
    ]);
  });

  it('leaves an existing resource group alone (it may be in another region)', async () => {
    const rgPath = `/subscriptions/sub-1/resourcegroups/${resourceGroup}`;
    const { client, requests } = await arm({
      [`GET ${rgPath}`]: ok({ id: rgPath, name: resourceGroup, location: 'eastus' }),
      [`PUT ${accountPath('sub-1')}`]: ok({ id: accountPath('sub-1'), name: 'fabrikam' }),
    });

    await client.linkBilling(caller, org, 'sub-1');

    expect(requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('says which roles are missing when ARM refuses the link', async () => {
    const rgPath = `/subscriptions/sub-1/resourcegroups/${resourceGroup}`;
    const { client } = await arm({
      [`GET ${rgPath}`]: ok({ id: rgPath }),
      [`PUT ${accountPath('sub-1')}`]: { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no' } } },
    });

    const error = await client.linkBilling(caller, org, 'sub-1').catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(
        'needs Owner or Contributor on subscription sub-1 and Project Collection Administrator in fabrikam',
      ),
    });
  });

  const missingRegistration: Reply = {
    status: 409,
    body: {
      error: {
        code: 'MissingSubscriptionRegistration',
        message: "The subscription is not registered to use namespace 'Microsoft.VisualStudio'.",
      },
    },
  };

  it('gives the one-line fix when the resource provider is unregistered and the caller may not register it', async () => {
    const rgPath = `/subscriptions/sub-1/resourcegroups/${resourceGroup}`;
    const { client, requests } = await arm({
      [`GET ${rgPath}`]: ok({ id: rgPath }),
      [`PUT ${accountPath('sub-1')}`]: missingRegistration,
      'POST /subscriptions/sub-1/providers/Microsoft.VisualStudio/register': {
        status: 403,
        body: { error: { code: 'AuthorizationFailed', message: 'no register/action' } },
      },
    });

    const error = await client.linkBilling(caller, org, 'sub-1').catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('az provider register --namespace Microsoft.VisualStudio --subscription sub-1'),
    });
    expect(requests.map((r) => `${r.method} ${r.path} ${r.query['api-version']}`).slice(1)).toEqual([
      `PUT ${accountPath('sub-1')} 2014-04-01-preview`,
      'POST /subscriptions/sub-1/providers/Microsoft.VisualStudio/register 2021-04-01',
    ]);
  });

  it('does not register anything for a conflict other than a missing registration', async () => {
    const rgPath = `/subscriptions/sub-1/resourcegroups/${resourceGroup}`;
    const { client, requests } = await arm({
      [`GET ${rgPath}`]: ok({ id: rgPath }),
      [`PUT ${accountPath('sub-1')}`]: { status: 409, body: { error: { code: 'Conflict', message: 'busy' } } },
    });

    await expect(client.linkBilling(caller, org, 'sub-1')).rejects.toMatchObject({ code: 'conflict' });
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('skips a subscription that answers 403 and says so, rather than failing the search', async () => {
    const { client } = await arm({
      'GET /subscriptions': ok({ value: [subscription('sub-1'), subscription('sub-2')] }),
      [`GET ${accountPath('sub-1')}`]: { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no' } } },
      [`GET ${accountPath('sub-2')}`]: notFound,
    });

    await expect(client.findBillingLink(caller, org)).resolves.toEqual({ link: null, uncheckedSubscriptionIds: ['sub-1'] });
    await expect(client.getBillingLink(caller, org)).resolves.toBeNull();
  });

  it('removes billing by deleting the resource where it was found', async () => {
    const { client, requests } = await arm({
      'GET /subscriptions': ok({ value: [subscription('sub-1')] }),
      [`GET ${accountPath('sub-1')}`]: ok({ id: accountPath('sub-1'), name: 'fabrikam' }),
      [`DELETE ${accountPath('sub-1')}`]: { status: 200 },
    });

    await client.removeBilling(caller, org);

    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', path: accountPath('sub-1'), query: { 'api-version': '2014-04-01-preview' } });
  });

  it('treats removing a link that is not there as done', async () => {
    const { client, requests } = await arm({ 'GET /subscriptions': ok({ value: [] }) });

    await client.removeBilling(caller, org);

    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });
});
