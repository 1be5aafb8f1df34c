import { describe, expect, it } from '@jest/globals';
import type { BillableUser, EntitlementLike } from '../../src/rules/cost.js';
import { estimateChange } from '../../src/rules/cost.js';
import { downgradeBlocker, estimateDowngrade, sweepInactivePaidUsers } from '../../src/rules/costSweep.js';
import type { CostSweepInput, CostSweepResult, SweepExclusionReason } from '../../src/rules/costSweep.js';
import { prices } from '../../src/rules/prices.js';
import type { AccountLicenseType, LicensingSource, MsdnLicenseType } from '../../src/rules/restValues.js';

const basicPrice = prices.userPlans.basic.perUserMonthly;
const testPlansPrice = prices.userPlans.basicTestPlans.perUserMonthly;

const now = new Date('2026-11-30T12:00:00.000Z');
const dayMs = 24 * 60 * 60 * 1000;
const daysAgo = (days: number): string => new Date(now.getTime() - days * dayMs).toISOString();

type Inactivity = 'never' | number;
type Level = 'basic' | 'basicTestPlans' | 'stakeholder';
type Source = 'account' | 'msdn enterprise' | 'msdn professional' | 'gitHub' | 'unknown';
type Assignment = 'direct' | 'groupRule';

const accountLicenseTypes: Record<Level, AccountLicenseType> = {
  basic: 'express',
  basicTestPlans: 'advanced',
  stakeholder: 'stakeholder',
};

function licensing(source: Source): { licensingSource: LicensingSource; msdnLicenseType: MsdnLicenseType } {
  switch (source) {
    case 'account':
      return { licensingSource: 'account', msdnLicenseType: 'none' };
    case 'msdn enterprise':
      return { licensingSource: 'msdn', msdnLicenseType: 'enterprise' };
    case 'msdn professional':
      return { licensingSource: 'msdn', msdnLicenseType: 'professional' };
    case 'gitHub':
      return { licensingSource: 'gitHub', msdnLicenseType: 'none' };
    case 'unknown':
      return { licensingSource: 'unknown', msdnLicenseType: 'none' };
  }
}

function entitlement(
  name: string,
  inactivity: Inactivity,
  level: Level = 'basic',
  source: Source = 'account',
  assignment: Assignment = 'direct',
): EntitlementLike {
  return {
    principalName: `${name}@contoso.com`,
    displayName: name,
    accessLevel: {
      accountLicenseType: accountLicenseTypes[level],
      ...licensing(source),
      assignmentSource: assignment === 'groupRule' ? 'groupRule' : 'unknown',
    },
    ...(inactivity === 'never' ? {} : { lastAccessedDate: daysAgo(inactivity) }),
  };
}

/** `count` Basic users named prefix01, prefix02, … all inactive (or active) for the same number of days. */
function basicEntitlements(count: number, prefix: string, inactivity: Inactivity): EntitlementLike[] {
  return Array.from({ length: count }, (_, index) => entitlement(`${prefix}${String(index + 1).padStart(2, '0')}`, inactivity));
}

function sweep(entitlements: EntitlementLike[], overrides: Partial<CostSweepInput> = {}) {
  const result: CostSweepResult = sweepInactivePaidUsers({
    organization: 'fabrikam',
    entitlements,
    now,
    billing: { multiOrganizationBilling: false },
    ...overrides,
  });
  if (!result.ok) throw new Error(result.message);
  return result;
}

const outcomeOf = (result: ReturnType<typeof sweep>, name: string): 'candidate' | SweepExclusionReason => {
  if (result.candidates.some((candidate) => candidate.displayName === name)) return 'candidate';
  const exclusion = result.excluded.find((excluded) => excluded.displayName === name);
  if (!exclusion) throw new Error(`${name} is neither a candidate nor excluded`);
  return exclusion.reason;
};

describe('sweepInactivePaidUsers: inactivity × level × licensing source × assignment source', () => {
  // Six active, directly assigned Basic users fill the free grant, so the user under test is charged when paid.
  const fullGrant = basicEntitlements(6, 'active', 3);

  it.each<[Inactivity, Level, Source, Assignment, 'candidate' | SweepExclusionReason, number]>([
    ['never', 'basic', 'account', 'direct', 'candidate', basicPrice],
    [10, 'basic', 'account', 'direct', 'active', 0],
    [31, 'basic', 'account', 'direct', 'candidate', basicPrice],
    [400, 'basic', 'account', 'direct', 'candidate', basicPrice],
    ['never', 'basicTestPlans', 'account', 'direct', 'candidate', testPlansPrice],
    [10, 'basicTestPlans', 'account', 'direct', 'active', 0],
    [31, 'basicTestPlans', 'account', 'direct', 'candidate', testPlansPrice],
    [400, 'basicTestPlans', 'account', 'direct', 'candidate', testPlansPrice],
    [30, 'basic', 'account', 'direct', 'active', 0],
    [400, 'stakeholder', 'account', 'direct', 'no_paid_level', 0],
    ['never', 'stakeholder', 'account', 'groupRule', 'no_paid_level', 0],
    [400, 'basic', 'msdn enterprise', 'direct', 'visual_studio', 0],
    [400, 'basicTestPlans', 'msdn enterprise', 'direct', 'visual_studio', 0],
    [31, 'stakeholder', 'msdn enterprise', 'direct', 'visual_studio', 0],
    [400, 'basic', 'msdn professional', 'direct', 'visual_studio', 0],
    // Professional covers Basic only, so Basic + Test Plans on top of it is charged in full.
    [400, 'basicTestPlans', 'msdn professional', 'direct', 'candidate', testPlansPrice],
    [31, 'basicTestPlans', 'msdn professional', 'groupRule', 'group_rule', 0],
    ['never', 'basic', 'gitHub', 'direct', 'github_enterprise', 0],
    [400, 'stakeholder', 'gitHub', 'direct', 'github_enterprise', 0],
    // GitHub Enterprise includes Basic only: Basic + Test Plans assigned on top is paid by the organization.
    [400, 'basicTestPlans', 'gitHub', 'direct', 'candidate', testPlansPrice],
    [400, 'basic', 'unknown', 'direct', 'unknown_licensing_source', 0],
    ['never', 'basicTestPlans', 'unknown', 'groupRule', 'unknown_licensing_source', 0],
    [10, 'basicTestPlans', 'unknown', 'direct', 'active', 0],
    ['never', 'basic', 'account', 'groupRule', 'group_rule', 0],
    [400, 'basic', 'account', 'groupRule', 'group_rule', 0],
    ['never', 'basicTestPlans', 'account', 'groupRule', 'group_rule', 0],
    [10, 'basicTestPlans', 'account', 'groupRule', 'active', 0],
    [10, 'basic', 'msdn enterprise', 'direct', 'visual_studio', 0],
  ])('%s days, %s, %s, %s → %s saving $%d', (inactivity, level, source, assignment, outcome, saving) => {
    const result = sweep([...fullGrant, entitlement('subject', inactivity, level, source, assignment)]);

    expect(outcomeOf(result, 'subject')).toBe(outcome);
    expect(result.monthlySaving).toBe(saving);
    expect(result.candidates.map((candidate) => candidate.monthlySaving)).toEqual(outcome === 'candidate' ? [saving] : []);
    expect(result.candidates.length + result.excluded.length).toBe(fullGrant.length + 1);
    const exclusion = result.excluded.find((excluded) => excluded.displayName === 'subject');
    if (exclusion) expect(exclusion.why).toMatch(/\.\)?$/);
  });

  it('reports when each candidate last signed in and for how long they have not', () => {
    const result = sweep([...fullGrant, entitlement('gone', 400), entitlement('ghost', 'never'), entitlement('away', 31)]);

    expect(result.candidates.map(({ displayName, lastAccessedDate, daysInactive }) => [displayName, lastAccessedDate, daysInactive])).toEqual([
      ['ghost', 'never', null],
      ['gone', daysAgo(400), 400],
      ['away', daysAgo(31), 31],
    ]);
  });

  it('reads the REST placeholder date 0001-01-01 as never signed in', () => {
    const placeholder = { ...entitlement('placeholder', 'never'), lastAccessedDate: '0001-01-01T00:00:00Z' };
    const result = sweep([...fullGrant, placeholder]);

    expect(result.candidates).toEqual([
      expect.objectContaining({ displayName: 'placeholder', lastAccessedDate: 'never', daysInactive: null, monthlySaving: basicPrice }),
    ]);
  });

  it('counts a retired Basic-level value as Basic and a user with no access level as nothing to save', () => {
    const retired: EntitlementLike = {
      ...entitlement('retired', 400),
      accessLevel: { accountLicenseType: 'professional', licensingSource: 'account', msdnLicenseType: 'none' },
    };
    const none: EntitlementLike = {
      ...entitlement('none', 400),
      accessLevel: { accountLicenseType: 'none', licensingSource: 'none', msdnLicenseType: 'none' },
    };
    const result = sweep([...fullGrant, retired, none]);

    expect([outcomeOf(result, 'retired'), outcomeOf(result, 'none')]).toEqual(['candidate', 'no_paid_level']);
    expect(result.excluded.find((excluded) => excluded.displayName === 'none')?.level).toBe('none');
  });

  it('uses the inactivity period it is given', () => {
    const users = [...fullGrant, entitlement('recent', 10)];

    expect(outcomeOf(sweep(users), 'recent')).toBe('active');
    expect(outcomeOf(sweep(users, { inactiveDays: 7 }), 'recent')).toBe('candidate');
    expect(sweep(users, { inactiveDays: 7 }).inactiveDays).toBe(7);
  });

  it.each([0, -5, 1.5, Number.NaN, 4000])('refuses %s as an inactivity period, politely', (inactiveDays) => {
    const result = sweepInactivePaidUsers({ organization: 'fabrikam', entitlements: fullGrant, now, inactiveDays, billing: { multiOrganizationBilling: false } });

    expect(result).toEqual({ ok: false, reason: 'invalid_inactive_days', message: expect.stringContaining('whole number of days') });
  });
});

describe('sweepInactivePaidUsers: the free Basic users', () => {
  it('finds nothing to save when 4 inactive Basic users all fit in the 5 free Basic users', () => {
    const result = sweep(basicEntitlements(4, 'idle', 100));

    expect(result.candidates).toEqual([]);
    expect(result.excluded.map((excluded) => excluded.reason)).toEqual(Array(4).fill('free_basic_grant'));
    expect(result.monthlySaving).toBe(0);
  });

  it('with 9 inactive Basic users, proposes the 4 longest inactive and leaves the 5 that fit in the free grant', () => {
    const entitlements = Array.from({ length: 9 }, (_, index) => entitlement(`idle${index + 1}`, 40 + index * 10));
    const result = sweep(entitlements);

    expect(result.candidates.map((candidate) => candidate.displayName)).toEqual(['idle9', 'idle8', 'idle7', 'idle6']);
    expect(result.excluded.map((excluded) => [excluded.displayName, excluded.reason])).toEqual(
      ['idle5', 'idle4', 'idle3', 'idle2', 'idle1'].map((name) => [name, 'free_basic_grant']),
    );
    expect(result.monthlySaving).toBe(4 * basicPrice);
  });

  it('counts the free seat moving to an active user who was paying', () => {
    // 8 Basic users, 3 of them paid. Downgrading any 3 inactive users frees all 3 charges, though the active ones keep Basic.
    const result = sweep([...basicEntitlements(5, 'idle', 90), ...basicEntitlements(3, 'busy', 1)]);

    expect(result.candidates).toHaveLength(3);
    expect(result.candidates.every((candidate) => candidate.monthlySaving === basicPrice)).toBe(true);
    expect(result.excluded.filter((excluded) => excluded.reason === 'free_basic_grant')).toHaveLength(2);
    expect(result.monthlySaving).toBe(3 * basicPrice);
    const movedSeats = result.estimate.lines.filter((line) => !line.proposed);
    expect(movedSeats.length).toBeGreaterThan(0);
    expect(movedSeats.every((line) => line.levelAfter === 'basic' && line.monthlyDelta === -basicPrice)).toBe(true);
  });

  it('saves exactly what estimateChange says for the candidates, which is less than their list prices', () => {
    const entitlements = [...basicEntitlements(4, 'idle', 60), entitlement('tester', 200, 'basicTestPlans'), ...basicEntitlements(2, 'busy', 2)];
    const result = sweep(entitlements);

    // 6 Basic users: 1 paid. Only one Basic downgrade saves money; Basic + Test Plans has no free grant.
    expect(result.monthlySaving).toBe(basicPrice + testPlansPrice);
    expect(result.candidates.map((candidate) => [candidate.displayName, candidate.monthlySaving])).toEqual([
      ['tester', testPlansPrice],
      ['idle01', basicPrice],
    ]);
    expect(result.monthlySaving).toBe(-result.estimate.monthlyDelta);
    expect(result.summary).toContain(`$${basicPrice + testPlansPrice}`);
  });
});

describe('sweepInactivePaidUsers: multi-organization billing', () => {
  const contosoUser = (name: string, level: BillableUser['level'] = 'basic'): BillableUser => ({
    principalName: `${name}@contoso.com`,
    displayName: name,
    organization: 'contoso',
    level,
    visualStudio: 'none',
    assignedByGroupRule: false,
    signedIn: true,
  });
  const contosoFullGrant = Array.from({ length: 5 }, (_, index) => contosoUser(`contoso${index + 1}`));

  it('charges users who would be free alone: the other organizations use up the shared free grant', () => {
    const idle = basicEntitlements(4, 'idle', 100);
    const alone = sweep(idle, { billing: { multiOrganizationBilling: false, otherOrganizationsUsers: contosoFullGrant } });
    const shared = sweep(idle, {
      billing: { multiOrganizationBilling: true, organizations: ['contoso', 'fabrikam'], otherOrganizationsUsers: contosoFullGrant },
    });

    expect([alone.candidates.length, alone.monthlySaving]).toEqual([0, 0]);
    expect([shared.candidates.length, shared.monthlySaving]).toEqual([4, 4 * basicPrice]);
  });

  it.each<[string, EntitlementLike[]]>([
    ['9 inactive Basic users', Array.from({ length: 9 }, (_, index) => entitlement(`idle${index + 1}`, 40 + index * 10))],
    ['the free seat moving to paying users', [...basicEntitlements(5, 'idle', 90), ...basicEntitlements(3, 'busy', 1)]],
    ['Basic and Basic + Test Plans mixed', [...basicEntitlements(7, 'idle', 60), entitlement('tester', 200, 'basicTestPlans'), ...basicEntitlements(2, 'busy', 2)]],
  ])('with no other organization on the subscription, sweeps %s exactly like single-organization billing', (_, entitlements) => {
    const alone = sweep(entitlements);
    const shared = sweep(entitlements, { billing: { multiOrganizationBilling: true } });

    expect(shared.candidates).toEqual(alone.candidates);
    expect(shared.excluded.map((excluded) => [excluded.displayName, excluded.reason])).toEqual(
      alone.excluded.map((excluded) => [excluded.displayName, excluded.reason]),
    );
    expect(shared.monthlySaving).toBe(alone.monthlySaving);
  });

  it('saves nothing on a person who keeps the same level in another organization on the subscription', () => {
    const result = sweep([entitlement('shared', 300, 'basicTestPlans'), entitlement('lonely', 300, 'basicTestPlans')], {
      billing: {
        multiOrganizationBilling: true,
        organizations: ['contoso', 'fabrikam'],
        otherOrganizationsUsers: [contosoUser('shared', 'basicTestPlans')],
      },
    });

    expect(outcomeOf(result, 'lonely')).toBe('candidate');
    expect(outcomeOf(result, 'shared')).toBe('paid_in_other_organization');
    expect(result.excluded.find((excluded) => excluded.displayName === 'shared')?.why).toContain('contoso');
    expect(result.monthlySaving).toBe(testPlansPrice);
  });
});

describe('sweepInactivePaidUsers: a large organization', () => {
  it('sweeps 1,000 users and its total matches estimateChange for the candidates', () => {
    const entitlements = Array.from({ length: 1000 }, (_, index) => {
      const name = `user${String(index).padStart(4, '0')}`;
      if (index < 300) return entitlement(name, 400);
      if (index < 600) return entitlement(name, 2);
      if (index < 800) return entitlement(name, 'never', 'basicTestPlans');
      return entitlement(name, 400, 'stakeholder');
    });
    const result = sweep(entitlements);

    // 600 Basic users, 595 paid: downgrading the 300 inactive leaves 300 Basic users, 295 paid.
    expect(result.candidates).toHaveLength(500);
    expect(result.excluded).toHaveLength(500);
    expect(result.monthlySaving).toBe(300 * basicPrice + 200 * testPlansPrice);
    expect(result.candidates.reduce((sum, candidate) => sum + candidate.monthlySaving, 0)).toBe(result.monthlySaving);

    const scopeUsers = result.estimate.before.lines.length;
    expect(scopeUsers).toBe(1000);
    const recomputed = estimateChange(
      {
        multiOrganizationBilling: false,
        users: result.estimate.before.lines.map((line) => ({
          principalName: line.principalName,
          displayName: line.displayName,
          organization: line.organization,
          level: line.level,
          visualStudio: 'none',
          assignedByGroupRule: false,
          signedIn: true,
        })),
      },
      result.candidates.map((candidate) => ({ action: 'change', organization: 'fabrikam', principalName: candidate.principalName, level: 'stakeholder' })),
      now,
    );
    expect(recomputed.ok && -recomputed.monthlyDelta).toBe(result.monthlySaving);
  });
});

describe('downgradeBlocker: why lowering one user to Stakeholder would not lower the bill', () => {
  it.each<[string, EntitlementLike, RegExp | undefined]>([
    ['a directly assigned Basic user', entitlement('ann', 3), undefined],
    ['a directly assigned Basic + Test Plans user, active or not', entitlement('raj', 0, 'basicTestPlans'), undefined],
    ['a Stakeholder', entitlement('lee', 90, 'stakeholder'), /^Already Stakeholder\.$/],
    ['a Visual Studio subscriber', entitlement('isa', 90, 'basic', 'msdn enterprise'), /Visual Studio Enterprise/],
    ['a GitHub Enterprise user', entitlement('mona', 90, 'basic', 'gitHub'), /GitHub Enterprise/],
    ['a group-rule user', entitlement('raul', 90, 'basic', 'account', 'groupRule'), /group rule/],
    ['an unknown licensing source', entitlement('zed', 90, 'basic', 'unknown'), /do not recognise/],
  ])('%s', (_, subject, expected) => {
    const why = downgradeBlocker(subject);
    if (expected) expect(why).toMatch(expected);
    else expect(why).toBeUndefined();
  });
});

describe('estimateDowngrade: the saving of the candidates an admin did not keep', () => {
  // 7 Basic users: 5 free, 2 paid. Keeping the longest inactive one leaves one paid seat to end.
  const entitlements = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name, index) => entitlement(name, 100 - index));
  const input = { organization: 'contoso', entitlements, now, billing: { multiOrganizationBilling: false } };

  it.each<[string[], number]>([
    [['a@contoso.com', 'b@contoso.com'], -2 * basicPrice],
    [['b@contoso.com'], -basicPrice],
    [['b@contoso.com', 'c@contoso.com', 'd@contoso.com'], -2 * basicPrice],
    [['nobody@contoso.com'], 0],
  ])('lowering %j changes the bill by %d a month', (names, monthlyDelta) => {
    expect(estimateDowngrade(input, names).monthlyDelta).toBe(monthlyDelta);
  });
});
