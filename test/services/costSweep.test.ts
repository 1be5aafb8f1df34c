import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { AzureError, type AzureBackend, type Caller, type OrganizationRef } from '../../src/azure/ports.js';
import { createSandboxBackend, loadSandboxSeed } from '../../src/azure/sandbox/sandboxBackend.js';
import { CostSweepService } from '../../src/services/costSweep.js';
import { prices } from '../../src/rules/prices.js';
import { playground } from '../support/botClient.js';
import { organizations } from '../dialogs/seedIds.js';

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
