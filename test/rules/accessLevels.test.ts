import { describe, expect, it } from '@jest/globals';
import {
  accessLevel,
  accessLevelFromAccountLicenseType,
  accessLevels,
  describeEntitlement,
  levelIncludes,
  parseAccessLevel,
  visualStudioCovers,
} from '../../src/rules/accessLevels.js';
import type { AccessLevelId } from '../../src/rules/accessLevels.js';
import type { AccountLicenseType, MsdnLicenseType, RestAccessLevel } from '../../src/rules/restValues.js';

describe('parseAccessLevel', () => {
  it.each<[string, AccessLevelId]>([
    ['stakeholder', 'stakeholder'],
    ['Stakeholders', 'stakeholder'],
    ['basic', 'basic'],
    ['Basic access', 'basic'],
    ['express', 'basic'],
    ['basic+test plans', 'basicTestPlans'],
    ['basic + test plans', 'basicTestPlans'],
    ['Basic & Test Plans', 'basicTestPlans'],
    ['Basic and Test Plans', 'basicTestPlans'],
    ['basic plus test plans', 'basicTestPlans'],
    ['  BASIC + TEST PLANS  ', 'basicTestPlans'],
    ['test manager', 'basicTestPlans'],
    ['Test Manager license', 'basicTestPlans'],
    ['BTP', 'basicTestPlans'],
    ['advanced', 'basicTestPlans'],
    ['test plans', 'basicTestPlans'],
    ['Azure Test Plans', 'basicTestPlans'],
  ])('reads %j as %s', (text, expected) => {
    const parsed = parseAccessLevel(text);
    expect(parsed.ok && parsed.level.id).toBe(expected);
  });

  it.each(['premium', '', '   ', 'basic+', 'test', 'professional', 'admin'])(
    'rejects %j with the known levels and a message',
    (text) => {
      const parsed = parseAccessLevel(text);
      expect(parsed).toEqual({
        ok: false,
        reason: 'unknown_level',
        input: text,
        known: ['Stakeholder', 'Basic', 'Basic + Test Plans'],
        message: expect.stringContaining('is not an Azure DevOps access level'),
      });
    },
  );

  it('names the levels and the former name in the message', () => {
    const parsed = parseAccessLevel('gold');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toBe(
        '"gold" is not an Azure DevOps access level. Use one of: Stakeholder, Basic, Basic + Test Plans ' +
          '(Basic + Test Plans was called Test Manager, and Advanced on TFS).',
      );
    }
  });
});

describe('the access level table', () => {
  it.each<[AccessLevelId, string, string, string, string]>([
    ['stakeholder', 'Stakeholder', 'stakeholder', 'Stakeholder', 'Stakeholder'],
    ['basic', 'Basic', 'express', 'Basic', 'Basic'],
    ['basicTestPlans', 'Basic + Test Plans', 'advanced', 'Advanced', 'Basic + Test Plans'],
  ])('%s: UI %s, REST %s, TFS %s, Azure DevOps Server %s', (id, uiName, rest, tfs, ads) => {
    const level = accessLevel(id);
    expect(level).toMatchObject({ uiName, accountLicenseType: rest, licensingSource: 'account' });
    expect(level.serverName).toEqual({ tfs, azureDevOpsServer: ads });
  });

  it('remembers Test Manager as the former name of Basic + Test Plans', () => {
    expect(accessLevel('basicTestPlans').formerNames).toContain('Test Manager');
    expect(accessLevel('basicTestPlans').formerExtensionId).toBe('ms.vss-testmanager-web');
  });

  it('lists the levels cheapest first and only Basic + Test Plans includes Test Plans', () => {
    expect(accessLevels.map((level) => [level.id, level.includesTestPlans])).toEqual([
      ['stakeholder', false],
      ['basic', false],
      ['basicTestPlans', true],
    ]);
  });

  it.each<[AccountLicenseType, AccessLevelId | null]>([
    ['stakeholder', 'stakeholder'],
    ['express', 'basic'],
    ['advanced', 'basicTestPlans'],
    ['professional', 'basic'],
    ['earlyAdopter', 'basic'],
    ['none', null],
  ])('reads accountLicenseType %s as %s', (value, expected) => {
    expect(accessLevelFromAccountLicenseType(value)?.id ?? null).toBe(expected);
  });

  it.each<[AccessLevelId, AccessLevelId, boolean]>([
    ['basicTestPlans', 'basic', true],
    ['basic', 'basicTestPlans', false],
    ['basic', 'stakeholder', true],
    ['stakeholder', 'basic', false],
  ])('%s includes %s: %s', (held, needed, expected) => {
    expect(levelIncludes(held, needed)).toBe(expected);
  });
});

describe('visualStudioCovers', () => {
  it.each<[MsdnLicenseType, AccessLevelId, boolean]>([
    ['professional', 'basic', true],
    ['professional', 'basicTestPlans', false],
    ['enterprise', 'basicTestPlans', true],
    ['testProfessional', 'basicTestPlans', true],
    ['platforms', 'basicTestPlans', true],
    ['ultimate', 'basicTestPlans', true],
    ['eligible', 'basic', false],
    ['none', 'basic', false],
  ])('%s covers %s: %s', (subscription, level, expected) => {
    expect(visualStudioCovers(subscription, level)).toBe(expected);
  });
});

describe('describeEntitlement', () => {
  const rest = (overrides: Partial<RestAccessLevel>): RestAccessLevel => ({
    accountLicenseType: 'express',
    licensingSource: 'account',
    msdnLicenseType: 'none',
    assignmentSource: 'unknown',
    ...overrides,
  });

  it.each<[string, RestAccessLevel, { level: string; label: string; includesTestPlans: boolean; coveredByVisualStudio: boolean }]>([
    [
      'a VS Enterprise subscriber',
      rest({ accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'enterprise' }),
      { level: 'basicTestPlans', label: 'Visual Studio Enterprise subscriber', includesTestPlans: true, coveredByVisualStudio: true },
    ],
    [
      'a VS Professional subscriber',
      rest({ accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'professional' }),
      { level: 'basic', label: 'Visual Studio Professional subscriber', includesTestPlans: false, coveredByVisualStudio: true },
    ],
    [
      'a VS Professional subscriber assigned Basic + Test Plans',
      rest({ accountLicenseType: 'advanced', msdnLicenseType: 'professional' }),
      { level: 'basicTestPlans', label: 'Basic + Test Plans', includesTestPlans: true, coveredByVisualStudio: false },
    ],
    [
      'a VS Professional subscriber whose REST source is msdn but who is assigned Basic + Test Plans',
      rest({ accountLicenseType: 'advanced', licensingSource: 'msdn', msdnLicenseType: 'professional' }),
      { level: 'basicTestPlans', label: 'Basic + Test Plans', includesTestPlans: true, coveredByVisualStudio: false },
    ],
    [
      'Basic held by a Test Professional subscriber',
      rest({ msdnLicenseType: 'testProfessional' }),
      { level: 'basic', label: 'Basic', includesTestPlans: false, coveredByVisualStudio: true },
    ],
    [
      'a paid Basic user',
      rest({}),
      { level: 'basic', label: 'Basic', includesTestPlans: false, coveredByVisualStudio: false },
    ],
    [
      'a Stakeholder',
      rest({ accountLicenseType: 'stakeholder' }),
      { level: 'stakeholder', label: 'Stakeholder', includesTestPlans: false, coveredByVisualStudio: false },
    ],
    [
      'a user without access',
      rest({ accountLicenseType: 'none', licensingSource: 'none' }),
      { level: 'none', label: 'No access level', includesTestPlans: false, coveredByVisualStudio: false },
    ],
    [
      'a retired Visual Studio Professional access level',
      rest({ accountLicenseType: 'professional' }),
      { level: 'basic', label: 'Visual Studio Professional (retired access level)', includesTestPlans: false, coveredByVisualStudio: false },
    ],
  ])('describes %s', (_name, value, expected) => {
    expect(describeEntitlement(value)).toMatchObject(expected);
  });

  it.each<[string, RestAccessLevel, Record<string, unknown>]>([
    [
      'a GitHub Enterprise user with no assigned level',
      rest({ accountLicenseType: 'none', licensingSource: 'gitHub' }),
      { level: 'basic', label: 'GitHub Enterprise user', coveredByGitHubEnterprise: true, includesTestPlans: false },
    ],
    [
      'a GitHub Enterprise user who holds Basic',
      rest({ licensingSource: 'gitHub' }),
      { level: 'basic', coveredByGitHubEnterprise: true },
    ],
    [
      'a GitHub Enterprise user assigned Basic + Test Plans (paid in full: the licence covers Basic only)',
      rest({ accountLicenseType: 'advanced', licensingSource: 'gitHub' }),
      { level: 'basicTestPlans', coveredByGitHubEnterprise: false, label: 'Basic + Test Plans' },
    ],
    [
      'a user whose licensing source the bot does not know',
      rest({ licensingSource: 'unknown' }),
      { level: 'basic', coveredByGitHubEnterprise: false, unknownLicensingSource: true },
    ],
  ])('describes %s', (_name, value, expected) => {
    expect(describeEntitlement(value)).toMatchObject(expected);
  });

  it('says a GitHub Enterprise user costs nothing and what happens when the licence lapses', () => {
    const { explanation } = describeEntitlement(rest({ accountLicenseType: 'none', licensingSource: 'gitHub' }));
    expect(explanation).toMatch(/pays nothing/);
    expect(explanation).toMatch(/falls back to a group rule or the default access level/);
  });

  it('says an unknown licensing source is counted as paid', () => {
    expect(describeEntitlement(rest({ licensingSource: 'unknown' })).explanation).toMatch(/count the user as paid to be safe/);
  });

  it('explains that Visual Studio Professional does not pay for Test Plans', () => {
    const description = describeEntitlement(rest({ accountLicenseType: 'advanced', msdnLicenseType: 'professional' }));
    expect(description.explanation).toBe(
      'Basic + Test Plans: Visual Studio Professional covers Basic only, so the organization pays the full Basic + Test Plans price.',
    );
  });

  it('explains a Visual Studio Enterprise subscriber', () => {
    const description = describeEntitlement(
      rest({ accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'enterprise' }),
    );
    expect(description.explanation).toBe(
      'Visual Studio Enterprise subscriber: the subscription includes Basic + Test Plans (Test Plans included), ' +
        'so the organization pays nothing for this user.',
    );
  });

  it('flags group-rule assignments', () => {
    expect(describeEntitlement(rest({ assignmentSource: 'groupRule' })).assignedByGroupRule).toBe(true);
    expect(describeEntitlement(rest({ assignmentSource: 'none' })).assignedByGroupRule).toBe(false);
  });
});
