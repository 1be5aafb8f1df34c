import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { AzureError, type AzureBackend, type Caller, type OrganizationRef } from '../../src/azure/ports.js';
import { createRestBackend } from '../../src/azure/rest/backend.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { CostSweepService } from '../../src/services/costSweep.js';
import { prices } from '../../src/rules/prices.js';
import { playground } from '../support/botClient.js';
import { organizations } from '../dialogs/seedIds.js';
import { startFakeAzure, type FakeAzure } from '../support/fakeAzure/server.js';
import { byRoute } from '../support/fakeAzure/scriptedServer.js';
import { caller, scriptedBackend } from '../azure/rest/scriptedBackend.js';

const alex: Caller = { aadObjectId: playground.alex.aadObjectId, tenantId: playground.tenantId, displayName: 'Alex Wilber' };
const now = new Date('2026-11-30T12:00:00.000Z');
const sandbox = (): AzureBackend => createSandboxBackend({ storage: new MemoryStorage(), seed: loadSandboxSeed() });

async function contosoWeb(backend: AzureBackend): Promise<OrganizationRef> {
  const organization = (await backend.devops.listOrganizations(alex)).find((o) => o.name === organizations.linkedToPayAsYouGo);
  if (!organization) throw new Error(`seed changed: ${organizations.linkedToPayAsYouGo} missing`);
  return organization;
}

describe('CostSweepService on the sandbox tenant', () => {
  it('finds the one Basic user of contoso-web who has not signed in since June, and leaves the free and active users out', async () => {
    const backend = sandbox();
    const service = new CostSweepService({ backend, now: () => now });

    const result = await service.sweep(alex, { organization: await contosoWeb(backend), billing: { multiOrganizationBilling: false } });

    if (!result.ok) throw new Error(result.message);
    expect(result.candidates).toEqual([
      {
        principalName: 'gradya@example.com',
        displayName: 'Grady Archie',
        level: 'basic',
        lastAccessedDate: '2026-06-02T11:20:00.000Z',
        daysInactive: 181,
        monthlySaving: prices.userPlans.basic.perUserMonthly,
      },
    ]);
    const reasons = Object.fromEntries(result.excluded.map((excluded) => [excluded.displayName, excluded.reason]));
    expect(reasons).toMatchObject({
      'Lynne Robbins': 'active',
      'Isaiah Langer': 'visual_studio',
      'Adele Vance': 'visual_studio',
      'Lee Gu': 'no_paid_level',
    });
    expect(result.monthlySaving).toBe(prices.userPlans.basic.perUserMonthly);
  });

  it('with a 10-day period, proposes only as many Basic users as are paid for and says the rest fit in the free grant', async () => {
    const backend = sandbox();
    const service = new CostSweepService({ backend, now: () => now });

    const result = await service.sweep(alex, { organization: await contosoWeb(backend), inactiveDays: 10, billing: { multiOrganizationBilling: false } });

    if (!result.ok) throw new Error(result.message);
    // 7 Basic users, 2 paid: 4 have been away for more than 10 days, so only the 2 longest away save money.
    expect(result.candidates.map((candidate) => candidate.displayName)).toEqual(['Grady Archie', 'Johanna Lorenz']);
    expect(result.excluded.filter((excluded) => excluded.reason === 'free_basic_grant').map((excluded) => excluded.displayName)).toEqual([
      'Diego Siciliani',
      'Patti Fernandez',
    ]);
    expect(result.monthlySaving).toBe(2 * prices.userPlans.basic.perUserMonthly);
  });

  it('passes an Azure refusal to the caller unchanged', async () => {
    const backend = sandbox();
    const organization = await contosoWeb(backend);
    backend.devops.listUserEntitlements = async () => {
      throw new AzureError('forbidden', 'You cannot list the users of this organization.');
    };
    const service = new CostSweepService({ backend, now: () => now });

    await expect(service.sweep(alex, { organization, billing: { multiOrganizationBilling: false } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('CostSweepService names the group behind a group rule', () => {
  let fake: FakeAzure | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const scripted = scriptedBackend();

  const backends: Array<[string, () => Promise<AzureBackend>]> = [
    ['the sandbox', async () => sandbox()],
    [
      'REST against the fake Azure DevOps',
      async () => {
        fake = await startFakeAzure(loadSandboxSeed());
        return createRestBackend(fake.backendOptions());
      },
    ],
  ];

  it.each(backends)('says which group gives Raul his Basic back (%s)', async (_, open) => {
    const backend = await open();
    const research = (await backend.devops.listOrganizations(alex)).find((organization) => organization.name === 'contoso-research');
    if (!research) throw new Error('seed changed: contoso-research missing');

    const result = await new CostSweepService({ backend, now: () => now }).sweep(alex, { organization: research, billing: { multiOrganizationBilling: false } });

    if (!result.ok) throw new Error(result.message);
    expect(result.excluded.find((exclusion) => exclusion.principalName === 'raulr@example.com')).toMatchObject({
      reason: 'group_rule',
      why: expect.stringContaining('Basic comes from the group rule of Contoso Research Contractors, which would give it back'),
    });
  });

  it('asks for the group rules and names only the groups whose rule gives the level the user holds', async () => {
    // memberEntitlementManagement 7.1: groupAssignments lists every group entitlement of the user, each with its rule.
    const group = (name: string, accountLicenseType: string) => ({
      group: { subjectKind: 'group', displayName: name, principalName: `[fabrikam]\\${name}`, origin: 'aad', originId: `g-${name}`, descriptor: `aadgp.${name}` },
      licenseRule: { licensingSource: 'account', accountLicenseType, assignmentSource: 'groupRule' },
    });
    const raul = {
      id: 'u-raul',
      user: { subjectKind: 'user', principalName: 'raul@fabrikam.com', displayName: 'Raul Razo', originId: 'oid-raul', descriptor: 'aad.raul' },
      accessLevel: { licensingSource: 'account', accountLicenseType: 'express', msdnLicenseType: 'none', licenseDisplayName: 'Basic', status: 'active', statusMessage: '', assignmentSource: 'groupRule' },
      lastAccessedDate: '2025-01-02T03:04:05Z',
      groupAssignments: [group('Fabrikam Contractors', 'express'), group('Fabrikam Readers', 'stakeholder')],
    };
    const server = await scripted.start(byRoute({ 'GET /fabrikam/_apis/userentitlements': { status: 200, body: { items: [raul], continuationToken: null, totalCount: 1 } } }));
    const backend = scripted.backendFor(server.baseUrl, { maxAttempts: 1, actsAsCaller: () => true });

    const result = await new CostSweepService({ backend, now: () => new Date('2025-06-01T00:00:00Z') }).sweep(caller, {
      organization: { id: 'org-host-id', name: 'fabrikam' },
      billing: { multiOrganizationBilling: false },
    });

    if (!result.ok) throw new Error(result.message);
    expect(server.requests.map((request) => request.query.select)).toEqual(['Grouprules']);
    const why = result.excluded.find((exclusion) => exclusion.principalName === 'raul@fabrikam.com')?.why;
    expect(why).toContain('the group rule of Fabrikam Contractors,');
    expect(why).not.toContain('Fabrikam Readers');
  });
});
