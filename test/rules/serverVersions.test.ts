import { describe, expect, it } from '@jest/globals';
import type { AccessLevelId } from '../../src/rules/accessLevels.js';
import {
  compareServerVersions,
  minimumServerVersionForOrgBilling,
  organizationBillingSupport,
  parseServerVersion,
  serverAccessLevelName,
} from '../../src/rules/serverVersions.js';
import type { ServerVersion } from '../../src/rules/serverVersions.js';

function version(text: string): ServerVersion {
  const parsed = parseServerVersion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.version;
}

describe('parseServerVersion', () => {
  it.each<[string, Omit<ServerVersion, 'label'>, string]>([
    ['TFS 2015 Update 2', { product: 'tfs', year: 2015, update: 2, patch: 0 }, 'TFS 2015 Update 2'],
    ['TFS 2015.2', { product: 'tfs', year: 2015, update: 2, patch: 0 }, 'TFS 2015 Update 2'],
    ['2015.2', { product: 'tfs', year: 2015, update: 2, patch: 0 }, 'TFS 2015 Update 2'],
    ['tfs 2015 u3', { product: 'tfs', year: 2015, update: 3, patch: 0 }, 'TFS 2015 Update 3'],
    ['TFS 2015', { product: 'tfs', year: 2015, update: 0, patch: 0 }, 'TFS 2015'],
    ['TFS 2015 RTM', { product: 'tfs', year: 2015, update: 0, patch: 0 }, 'TFS 2015'],
    ['Team Foundation Server 2017', { product: 'tfs', year: 2017, update: 0, patch: 0 }, 'TFS 2017'],
    ['TFS 2017 Update 3.1', { product: 'tfs', year: 2017, update: 3, patch: 1 }, 'TFS 2017 Update 3.1'],
    ['TFS 2018', { product: 'tfs', year: 2018, update: 0, patch: 0 }, 'TFS 2018'],
    ['TFS2018 Update 2', { product: 'tfs', year: 2018, update: 2, patch: 0 }, 'TFS 2018 Update 2'],
    ['TFS 2013', { product: 'tfs', year: 2013, update: 0, patch: 0 }, 'TFS 2013'],
    ['Azure DevOps Server 2019', { product: 'azureDevOpsServer', year: 2019, update: 0, patch: 0 }, 'Azure DevOps Server 2019'],
    ['TFS 2019', { product: 'azureDevOpsServer', year: 2019, update: 0, patch: 0 }, 'Azure DevOps Server 2019'],
    ['ADS 2020', { product: 'azureDevOpsServer', year: 2020, update: 0, patch: 0 }, 'Azure DevOps Server 2020'],
    ['Azure DevOps Server 2020.1.1', { product: 'azureDevOpsServer', year: 2020, update: 1, patch: 1 }, 'Azure DevOps Server 2020 Update 1.1'],
    ['Azure DevOps Server 2022', { product: 'azureDevOpsServer', year: 2022, update: 0, patch: 0 }, 'Azure DevOps Server 2022'],
    ['2022.1', { product: 'azureDevOpsServer', year: 2022, update: 1, patch: 0 }, 'Azure DevOps Server 2022 Update 1'],
    ['Azure DevOps Server 2022 Update 0.1', { product: 'azureDevOpsServer', year: 2022, update: 0, patch: 1 }, 'Azure DevOps Server 2022 Update 0.1'],
    ['Azure DevOps Server', { product: 'azureDevOpsServer', year: null, update: 0, patch: 0 }, 'Azure DevOps Server'],
    ['azure devops server (current)', { product: 'azureDevOpsServer', year: null, update: 0, patch: 0 }, 'Azure DevOps Server'],
  ])('reads %j', (text, expected, label) => {
    expect(parseServerVersion(text)).toEqual({ ok: true, version: { ...expected, label } });
  });

  it.each(['TFS 2016', 'TFS 2015 Update 7', 'Azure DevOps Server 2021', 'VSTS', '', 'TFS 2015 Update two', '2015.2.3.4'])(
    'does not recognize %j',
    (text) => {
      expect(parseServerVersion(text)).toEqual({
        ok: false,
        reason: 'unrecognized',
        input: text,
        message: expect.stringContaining('is not a TFS or Azure DevOps Server version I recognize'),
      });
    },
  );
});

describe('compareServerVersions', () => {
  it.each<[string, string, number]>([
    ['TFS 2015 Update 2', 'TFS 2015.2', 0],
    ['TFS 2015', 'TFS 2015 Update 2', -1],
    ['TFS 2017 Update 3.1', 'TFS 2017 Update 3', 1],
    ['Azure DevOps Server 2019', 'TFS 2018 Update 3', 1],
    ['Azure DevOps Server', 'Azure DevOps Server 2022 Update 2', 1],
    ['Azure DevOps Server', 'Azure DevOps Server', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareServerVersions(version(a), version(b)))).toBe(sign);
  });

  it('reads the minimum version from the price data file', () => {
    expect(minimumServerVersionForOrgBilling).toMatchObject({ product: 'tfs', year: 2015, update: 2 });
  });
});

describe('organizationBillingSupport', () => {
  it.each<[string, boolean, string | null]>([
    ['TFS 2013', false, null],
    ['TFS 2015', false, null],
    ['TFS 2015 Update 1', false, null],
    ['TFS 2015 Update 2', true, 'Advanced'],
    ['TFS 2015.4', true, 'Advanced'],
    ['TFS 2017', true, 'Advanced'],
    ['TFS 2018 Update 3', true, 'Advanced'],
    ['Azure DevOps Server 2019', true, 'Basic + Test Plans'],
    ['ADS 2020', true, 'Basic + Test Plans'],
    ['Azure DevOps Server', true, 'Basic + Test Plans'],
    ['Azure DevOps Server 2022.2', true, 'Basic + Test Plans'],
  ])('%s: supported %s, Basic + Test Plans is set as %j', (text, supported, testPlansName) => {
    const support = organizationBillingSupport(version(text));
    expect(support.supported).toBe(supported);
    expect(support.serverAccessLevels?.basicTestPlans ?? null).toBe(testPlansName);
    expect(support.docUrl).toBe('https://learn.microsoft.com/azure/devops/organizations/billing/buy-access-tfs-test-hub');
  });

  it('explains why TFS 2015 without an update is not enough', () => {
    expect(organizationBillingSupport(version('TFS 2015')).reason).toBe(
      'TFS 2015 is older than TFS 2015 Update 2, the first version that can use users paid through an Azure DevOps ' +
        'organization. Upgrade the server, or buy client access licenses (CALs).',
    );
  });

  it('lists every server level and reminds that the server is set by hand and the free users do not apply', () => {
    const support = organizationBillingSupport(version('TFS 2018'));
    expect(support.serverAccessLevels).toEqual({ stakeholder: 'Stakeholder', basic: 'Basic', basicTestPlans: 'Advanced' });
    expect(support.reminders).toEqual(
      expect.arrayContaining([
        expect.stringContaining('set their access level by hand'),
        "The organization's 5 free Basic users do not cover anyone on the server.",
        expect.stringContaining('remove them from the server or buy CALs'),
      ]),
    );
  });
});

describe('serverAccessLevelName', () => {
  it.each<[AccessLevelId, string, string | null]>([
    ['basic', 'TFS 2017', 'Basic'],
    ['basicTestPlans', 'TFS 2017', 'Advanced'],
    ['basicTestPlans', 'Azure DevOps Server 2019', 'Basic + Test Plans'],
    ['stakeholder', 'Azure DevOps Server 2022', 'Stakeholder'],
    ['basicTestPlans', 'TFS 2013', null],
  ])('%s on %s is %j', (level, text, expected) => {
    expect(serverAccessLevelName(level, version(text))).toBe(expected);
  });
});
