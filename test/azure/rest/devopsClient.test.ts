import { afterEach, describe, expect, it } from '@jest/globals';
import type { Caller, OrganizationRef } from '../../../src/azure/ports.js';
import { createRestBackend } from '../../../src/azure/rest/backend.js';
import {
  byRoute,
  recordingCredential,
  startScriptedServer,
  type RecordedRequest,
  type Reply,
  type ScriptedServer,
} from '../../support/fakeAzure/scriptedServer.js';

const caller: Caller = { aadObjectId: 'caller-oid', tenantId: 'tenant-1' };
const org: OrganizationRef = { id: 'org-host-id', name: 'fabrikam' };
const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, ...(headers ? { headers } : {}) });
const profile = ok({ id: 'profile-1', displayName: 'Ada Lovelace', emailAddress: 'ada@example.com', publicAlias: 'profile-1' });

function entitlement(id: string, principalName: string, accountLicenseType: string, lastAccessedDate = '2025-01-02T03:04:05Z') {
  return {
    id,
    user: { subjectKind: 'user', principalName, displayName: principalName.split('@')[0], originId: `oid-${id}`, descriptor: `aad.${id}` },
    accessLevel: {
      licensingSource: 'account',
      accountLicenseType,
      msdnLicenseType: 'none',
      licenseDisplayName: 'Basic',
      status: 'active',
      statusMessage: '',
      assignmentSource: 'unknown',
    },
    lastAccessedDate,
  };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function devops(table: Record<string, Reply | Reply[]>) {
  server = await startScriptedServer(byRoute(table));
  const backend = createRestBackend({
    credential: () => recordingCredential('devops-token'),
    vsspsBaseUrl: server.baseUrl,
    graphBaseUrl: server.baseUrl,
    vsaexBaseUrl: server.baseUrl,
    maxAttempts: 2,
    retryDelayMs: 10,
    // The REST contract as seen with the caller's own token; app-identity scoping has its own tests.
    actsAsCaller: () => true,
  });
  return { client: backend.devops, requests: server.requests };
}

const summary = (r: RecordedRequest) => ({ method: r.method, path: r.path, query: r.query });

describe('RestDevOps profile and organizations', () => {
  it('reads the profile', async () => {
    const { client, requests } = await devops({ 'GET /_apis/profile/profiles/me': profile });

    await expect(client.getProfile(caller)).resolves.toEqual({ id: 'profile-1', displayName: 'Ada Lovelace', emailAddress: 'ada@example.com' });
    expect(requests.map(summary)).toEqual([{ method: 'GET', path: '/_apis/profile/profiles/me', query: { 'api-version': '7.1' } }]);
    expect(requests[0]?.headers.authorization).toBe('Bearer devops-token');
  });

  it("lists the caller's organizations by profile id, with the tenant from the account properties", async () => {
    const tenantProperty = 'Microsoft.VisualStudio.Services.Account.TenantId';
    const { client, requests } = await devops({
      'GET /_apis/profile/profiles/me': profile,
      'GET /_apis/accounts': ok({
        count: 2,
        value: [
          {
            accountId: 'org-1',
            accountUri: 'https://fabrikam.vssps.visualstudio.com:443/',
            accountName: 'fabrikam',
            properties: { [tenantProperty]: { $type: 'System.String', $value: 'tenant-9' } },
          },
          { accountId: 'org-2', accountUri: 'https://contoso.vssps.visualstudio.com:443/', accountName: 'contoso', properties: {} },
        ],
      }),
    });

    const organizations = await client.listOrganizations(caller);

    expect(requests.map(summary)[1]).toEqual({
      method: 'GET',
      path: '/_apis/accounts',
      query: { memberId: 'profile-1', properties: tenantProperty, 'api-version': '7.1' },
    });
    expect(organizations).toEqual([
      { id: 'org-1', name: 'fabrikam', url: 'https://dev.azure.com/fabrikam', tenantId: 'tenant-9' },
      { id: 'org-2', name: 'contoso', url: 'https://dev.azure.com/contoso', tenantId: 'tenant-1' },
    ]);
  });
});

describe('RestDevOps.isProjectCollectionAdmin', () => {
  const graph = '/fabrikam/_apis/graph';
  const pca = 'vssgp.pca';
  const validUsers = 'vssgp.valid';
  const groupsPage1 = ok(
    { count: 1, value: [{ subjectKind: 'group', displayName: 'Project Collection Valid Users', descriptor: validUsers }] },
    { 'X-MS-ContinuationToken': 'next-groups' },
  );
  const groupsPage2 = ok({ count: 1, value: [{ subjectKind: 'group', displayName: 'Project Collection Administrators', descriptor: pca }] });

  const memberships = (container: string, members: string[]) =>
    ok({ count: members.length, value: members.map((memberDescriptor) => ({ containerDescriptor: container, memberDescriptor })) });

  function graphRoutes(
    members: string[],
    subjects: Record<string, unknown> | Reply[],
    nested: Record<string, string[]> = {},
  ): Record<string, Reply | Reply[]> {
    return {
      [`GET ${graph}/descriptors/org-host-id`]: ok({ value: 'scp.org' }),
      [`GET ${graph}/groups`]: [groupsPage1, groupsPage2],
      [`GET ${graph}/memberships/${pca}`]: memberships(pca, members),
      ...Object.fromEntries(Object.entries(nested).map(([group, inside]) => [`GET ${graph}/memberships/${group}`, memberships(group, inside)])),
      [`POST ${graph}/subjectlookup`]: Array.isArray(subjects) ? subjects : ok({ value: subjects }),
    };
  }

  it('finds the administrators group in the collection scope and matches its direct members by object id', async () => {
    const { client, requests } = await devops(
      graphRoutes(
        ['aad.ada', 'aadgp.team'],
        [
          ok({
            value: {
              'aad.ada': { subjectKind: 'user', originId: 'CALLER-OID', descriptor: 'aad.ada' },
              'aadgp.team': { subjectKind: 'group', originId: 'group-oid', descriptor: 'aadgp.team' },
            },
          }),
        ],
        { 'aadgp.team': [] },
      ),
    );

    await expect(client.isProjectCollectionAdmin(caller, org)).resolves.toBe(true);

    // As graph 7.1 names them: descriptors is released (7.1), groups, memberships and subject lookup are preview.
    const graphVersion = { 'api-version': '7.1-preview.1' };
    expect(requests.map(summary)).toEqual([
      { method: 'GET', path: `${graph}/descriptors/org-host-id`, query: { 'api-version': '7.1' } },
      { method: 'GET', path: `${graph}/groups`, query: { scopeDescriptor: 'scp.org', ...graphVersion } },
      { method: 'GET', path: `${graph}/groups`, query: { scopeDescriptor: 'scp.org', continuationToken: 'next-groups', ...graphVersion } },
      { method: 'GET', path: `${graph}/memberships/${pca}`, query: { direction: 'down', ...graphVersion } },
      { method: 'POST', path: `${graph}/subjectlookup`, query: graphVersion },
      // The nested group is read too; it is empty, so nothing more is looked up.
      { method: 'GET', path: `${graph}/memberships/aadgp.team`, query: { direction: 'down', ...graphVersion } },
    ]);
    expect(requests[4]?.json).toEqual({ lookupKeys: [{ descriptor: 'aad.ada' }, { descriptor: 'aadgp.team' }] });
  });

  it('recognises a member of a nested group, and a group that contains itself ends the search', async () => {
    const { client, requests } = await devops(
      graphRoutes(
        ['aad.bob', 'aadgp.team'],
        [
          ok({ value: { 'aad.bob': { subjectKind: 'user', originId: 'bob-oid' }, 'aadgp.team': { subjectKind: 'group', originId: 'team-oid' } } }),
          ok({ value: { 'vssgp.ops': { subjectKind: 'group', originId: 'ops-id' } } }),
          ok({ value: { 'aad.caller': { subjectKind: 'user', originId: 'caller-oid' } } }),
        ],
        { 'aadgp.team': ['vssgp.ops', 'aad.bob'], 'vssgp.ops': ['aad.caller', 'aadgp.team', pca] },
      ),
    );

    await expect(client.listProjectCollectionAdmins(caller, org)).resolves.toEqual(['bob-oid', 'caller-oid']);
    const lookups = requests.filter((r) => r.path.endsWith('/subjectlookup')).map((r) => r.json);
    // Each descriptor is looked up once, whichever group names it again.
    expect(lookups).toEqual([
      { lookupKeys: [{ descriptor: 'aad.bob' }, { descriptor: 'aadgp.team' }] },
      { lookupKeys: [{ descriptor: 'vssgp.ops' }] },
      { lookupKeys: [{ descriptor: 'aad.caller' }] },
    ]);
  });

  it('stops expanding after five levels of nesting: a member deeper than that is not recognised', async () => {
    const chain = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
    const nested = Object.fromEntries(chain.map((group, index) => [group, [chain[index + 1] ?? 'aad.deep']]));
    const group = (descriptor: string) => ok({ value: { [descriptor]: { subjectKind: 'group' } } });
    const { client, requests } = await devops(
      graphRoutes(['g1'], [...chain.map(group), ok({ value: { 'aad.deep': { subjectKind: 'user', originId: 'caller-oid' } } })], nested),
    );

    await expect(client.isProjectCollectionAdmin(caller, org)).resolves.toBe(false);
    const groupsRead = requests.filter((r) => r.path.includes('/memberships/')).map((r) => r.path.split('/').pop());
    expect(groupsRead).toEqual(['vssgp.pca', 'g1', 'g2', 'g3', 'g4', 'g5']);
  });

  it('checks another principal when one is named', async () => {
    const { client } = await devops(graphRoutes(['aad.bob'], { 'aad.bob': { subjectKind: 'user', originId: 'bob-oid' } }));

    await expect(client.isProjectCollectionAdmin(caller, org, 'bob-oid')).resolves.toBe(true);
  });

  it("says what to check when the organization id does not resolve to a scope (that lookup is outside the spec's examples)", async () => {
    const { client, requests } = await devops({
      [`GET ${graph}/descriptors/org-host-id`]: {
        status: 404,
        body: { message: 'VS860015: No subject found.', typeKey: 'StorageKeyNotFoundException' },
      },
    });

    await expect(client.isProjectCollectionAdmin(caller, org)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('Organization settings > Permissions'),
    });
    expect(requests).toHaveLength(1);
  });

  it('skips the lookup when the group has no members', async () => {
    const { client, requests } = await devops(graphRoutes([], {}));

    await expect(client.isProjectCollectionAdmin(caller, org)).resolves.toBe(false);
    expect(requests.some((r) => r.path.endsWith('/subjectlookup'))).toBe(false);
  });
});

describe('RestDevOps user entitlements', () => {
  const entitlements = '/fabrikam/_apis/userentitlements';
  const version = { 'api-version': '7.1' };

  it('reads every page by continuationToken and maps access levels', async () => {
    const { client, requests } = await devops({
      [`GET ${entitlements}`]: [
        ok({ items: [entitlement('u1', 'ada@example.com', 'express')], continuationToken: 'page-2', totalCount: 2 }),
        ok({ items: [entitlement('u2', 'bob@example.com', 'stakeholder', '0001-01-01T00:00:00Z')], continuationToken: null, totalCount: 2 }),
      ],
    });

    const users = await client.listUserEntitlements(caller, org);

    expect(requests.map(summary)).toEqual([
      { method: 'GET', path: entitlements, query: { select: 'Grouprules', ...version } },
      { method: 'GET', path: entitlements, query: { continuationToken: 'page-2', select: 'Grouprules', ...version } },
    ]);
    expect(users).toEqual([
      {
        id: 'u1',
        principalName: 'ada@example.com',
        displayName: 'ada',
        accessLevel: { accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'unknown', status: 'active' },
        lastAccessedDate: '2025-01-02T03:04:05Z',
      },
      {
        id: 'u2',
        principalName: 'bob@example.com',
        displayName: 'bob',
        accessLevel: { accountLicenseType: 'stakeholder', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'unknown', status: 'active' },
      },
    ]);
  });

  // memberEntitlementManagement 7.1 PagedUserEntitlementsList has `items`; 6.0/7.0 PagedGraphMemberList had `members` too.
  const pageShapes: { shape: string; page: Record<string, unknown> }[] = [
    { shape: '7.1 items', page: { items: [entitlement('u1', 'ada@example.com', 'express')], totalCount: 1 } },
    { shape: '7.0 members', page: { members: [entitlement('u1', 'ada@example.com', 'express')], totalCount: 1 } },
    {
      shape: '6.0 members and items',
      page: { members: [entitlement('u1', 'ada@example.com', 'express')], items: [entitlement('u1', 'ada@example.com', 'express')] },
    },
  ];

  it.each(pageShapes)('reads a page of users in the $shape shape', async ({ page }) => {
    const { client } = await devops({ [`GET ${entitlements}`]: ok({ ...page, continuationToken: null }) });

    const users = await client.listUserEntitlements(caller, org);

    expect(users.map((u) => u.principalName)).toEqual(['ada@example.com']);
  });

  it('refuses a page that has neither items nor members, as unreadable', async () => {
    const { client } = await devops({ [`GET ${entitlements}`]: ok({ value: [], continuationToken: null }) });

    await expect(client.listUserEntitlements(caller, org)).rejects.toMatchObject({ code: 'unavailable' });
  });

  const withAccessLevel = (id: string, accessLevel: Record<string, unknown>) => {
    const base = entitlement(id, `${id}@example.com`, 'express');
    return { ...base, accessLevel: { ...base.accessLevel, ...accessLevel } };
  };

  const enumCases: { name: string; sent: Record<string, unknown>; read: Record<string, unknown> }[] = [
    {
      name: 'a GitHub Enterprise user (7.2 licensingSource gitHub)',
      sent: { licensingSource: 'gitHub', gitHubLicenseType: 'enterprise', accountLicenseType: 'none' },
      read: { licensingSource: 'gitHub', gitHubLicenseType: 'enterprise', accountLicenseType: 'none' },
    },
    { name: 'gitHub spelled in lower case', sent: { licensingSource: 'github' }, read: { licensingSource: 'gitHub' } },
    { name: 'a licensing source no spec lists yet', sent: { licensingSource: 'copilot' }, read: { licensingSource: 'unknown' } },
    { name: 'a GitHub licence type no spec lists yet', sent: { gitHubLicenseType: 'team' }, read: { gitHubLicenseType: 'unknown' } },
    { name: 'an unknown account licence', sent: { accountLicenseType: 'premium' }, read: { accountLicenseType: 'none' } },
    { name: 'an unknown Visual Studio subscription', sent: { msdnLicenseType: 'gold' }, read: { msdnLicenseType: 'none' } },
    { name: 'an unknown assignment source', sent: { assignmentSource: 'entraGroup' }, read: { assignmentSource: 'unknown' } },
    { name: 'a missing assignment source', sent: { assignmentSource: null }, read: { assignmentSource: 'none' } },
  ];

  it.each(enumCases)('reads $name without failing the page', async ({ sent, read }) => {
    const { client } = await devops({
      [`GET ${entitlements}`]: ok({ items: [entitlement('u0', 'ada@example.com', 'express'), withAccessLevel('u1', sent)], continuationToken: null }),
    });

    const users = await client.listUserEntitlements(caller, org);

    expect(users).toHaveLength(2);
    expect(users[1]?.accessLevel).toMatchObject(read);
  });

  it('reads one user by id, and answers null for an unknown one', async () => {
    const { client, requests } = await devops({
      [`GET ${entitlements}/u1`]: ok(entitlement('u1', 'ada@example.com', 'advanced')),
      [`GET ${entitlements}/u9`]: { status: 404, body: { message: 'VS403411: not found', typeKey: 'UserEntitlementNotFoundException' } },
    });

    await expect(client.getUserEntitlement(caller, org, 'u1')).resolves.toMatchObject({ id: 'u1', accessLevel: { accountLicenseType: 'advanced' } });
    await expect(client.getUserEntitlement(caller, org, 'u9')).resolves.toBeNull();
    expect(requests.map(summary)[0]).toEqual({ method: 'GET', path: `${entitlements}/u1`, query: version });
  });

  it('adds a user with an account-sourced access level and returns the operation result', async () => {
    const added = entitlement('u3', 'cy@example.com', 'advanced');
    const { client, requests } = await devops({
      [`POST ${entitlements}`]: ok({ isSuccess: true, operationResult: { isSuccess: true, errors: [], userId: 'u3', result: added }, userEntitlement: added }),
    });

    const user = await client.addUserEntitlement(caller, org, 'cy@example.com', { accountLicenseType: 'advanced' });

    expect(user).toMatchObject({ id: 'u3', principalName: 'cy@example.com', accessLevel: { accountLicenseType: 'advanced' } });
    expect(requests.map((r) => ({ ...summary(r), json: r.json, contentType: r.headers['content-type'] }))).toEqual([
      {
        method: 'POST',
        path: entitlements,
        query: version,
        json: {
          accessLevel: { licensingSource: 'account', accountLicenseType: 'advanced' },
          user: { principalName: 'cy@example.com', subjectKind: 'user' },
        },
        contentType: 'application/json',
      },
    ]);
  });

  it("reports a failed add with the service's own reason", async () => {
    const { client } = await devops({
      [`POST ${entitlements}`]: ok({
        isSuccess: false,
        operationResult: {
          isSuccess: false,
          errors: [{ key: 5000, value: 'VS403283: Could not add user cy@example.com.' }],
          userId: '00000000-0000-0000-0000-000000000000',
          result: null,
        },
        userEntitlement: null,
      }),
    });

    const error = await client.addUserEntitlement(caller, org, 'cy@example.com', { accountLicenseType: 'express' }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'invalid_request',
      message: 'Azure DevOps could not add cy@example.com to fabrikam. Azure DevOps said: VS403283: Could not add user cy@example.com.',
    });
  });

  it('names the missing role when adding is forbidden', async () => {
    const { client } = await devops({ [`POST ${entitlements}`]: { status: 403, body: { message: 'VS403389: access denied' } } });

    const error = await client.addUserEntitlement(caller, org, 'cy@example.com', { accountLicenseType: 'express' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs Project Collection Administrator') });
    expect(String((error as Error).message)).toContain('in fabrikam');
  });

  it('changes an access level with a JSON Patch replace of /accessLevel', async () => {
    const changed = entitlement('u1', 'ada@example.com', 'advanced');
    const { client, requests } = await devops({
      [`PATCH ${entitlements}/u1`]: ok({
        isSuccess: true,
        operationResults: [{ isSuccess: true, errors: [], userId: 'u1', result: changed }],
        userEntitlement: changed,
      }),
    });

    const user = await client.changeAccessLevel(caller, org, 'u1', { accountLicenseType: 'advanced' });

    expect(user.accessLevel.accountLicenseType).toBe('advanced');
    expect(requests.map((r) => ({ ...summary(r), json: r.json, contentType: r.headers['content-type'] }))).toEqual([
      {
        method: 'PATCH',
        path: `${entitlements}/u1`,
        query: version,
        json: [{ from: '', op: 'replace', path: '/accessLevel', value: { accountLicenseType: 'advanced', licensingSource: 'account' } }],
        contentType: 'application/json-patch+json',
      },
    ]);
  });

  it('reports a refused change and an unknown user', async () => {
    const { client } = await devops({
      [`PATCH ${entitlements}/u1`]: ok({
        isSuccess: false,
        operationResults: [{ isSuccess: false, errors: [{ key: 1, value: 'VS403300: no free seats' }], userId: 'u1', result: null }],
        userEntitlement: null,
      }),
      [`PATCH ${entitlements}/u9`]: { status: 404, body: { message: 'VS403411: not found' } },
    });

    await expect(client.changeAccessLevel(caller, org, 'u1', { accountLicenseType: 'express' })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('VS403300: no free seats'),
    });
    await expect(client.changeAccessLevel(caller, org, 'u9', { accountLicenseType: 'express' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'User u9 is not in fabrikam.',
    });
  });

  it('tells a non-member apart from a consent problem in the 401 message', async () => {
    const { client } = await devops({ [`GET ${entitlements}`]: { status: 401, body: { message: 'TF400813' } } });

    await expect(client.listUserEntitlements(caller, org)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('needs admin consent for Azure DevOps, or the signed-in account is not a member of the organization'),
    });
  });
});
