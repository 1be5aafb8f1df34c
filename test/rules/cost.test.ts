import { describe, expect, it } from '@jest/globals';
import type { AccessLevelId } from '../../src/rules/accessLevels.js';
import {
  billableUserFromEntitlement,
  estimateChange,
  estimateLinkingEffect,
  estimateMonthlyCost,
  prorate,
  prorationForRestOfMonth,
} from '../../src/rules/cost.js';
import type { BillableUser, BillingScope, ChargeBasis, EntitlementLike, SeatChange } from '../../src/rules/cost.js';
import type { UserEntitlement } from '../../src/azure/ports.js';
import { prices } from '../../src/rules/prices.js';

const basicPrice = prices.userPlans.basic.perUserMonthly;
const testPlansPrice = prices.userPlans.basicTestPlans.perUserMonthly;

function user(name: string, level: AccessLevelId, overrides: Partial<BillableUser> = {}): BillableUser {
  return {
    principalName: `${name}@contoso.com`,
    displayName: name,
    organization: 'fabrikam',
    level,
    visualStudio: 'none',
    assignedByGroupRule: false,
    signedIn: true,
    ...overrides,
  };
}

/** `count` Basic users named prefix01, prefix02, … so their order is obvious. */
function basicUsers(count: number, prefix = 'basic', organization = 'fabrikam'): BillableUser[] {
  return Array.from({ length: count }, (_, index) =>
    user(`${prefix}${String(index + 1).padStart(2, '0')}`, 'basic', { organization }),
  );
}

const single = (users: BillableUser[]): BillingScope => ({ multiOrganizationBilling: false, users });
const multi = (users: BillableUser[], organizations?: string[]): BillingScope => ({
  multiOrganizationBilling: true,
  users,
  ...(organizations ? { organizations } : {}),
});

describe('the price data these estimates read', () => {
  it('is dated list pricing: Basic $6 after 5 free users, Basic + Test Plans $52', () => {
    expect([basicPrice, prices.userPlans.basic.freeUsersPerOrganization, testPlansPrice]).toEqual([6, 5, 52]);
  });
});

describe('estimateMonthlyCost', () => {
  it.each<[string, BillingScope, number]>([
    ['no users', single([]), 0],
    ['5 Basic users (all free)', single(basicUsers(5)), 0],
    ['6 Basic users (the 6th costs $6)', single(basicUsers(6)), 6],
    ['10 Basic users', single(basicUsers(10)), 30],
    ['Stakeholders next to 5 Basic users', single([...basicUsers(5), user('s1', 'stakeholder'), user('s2', 'stakeholder')]), 0],
    ['one Basic + Test Plans user', single([user('tester', 'basicTestPlans')]), 52],
    ['5 Basic + 1 Basic + Test Plans (no free Test Plans)', single([...basicUsers(5), user('tester', 'basicTestPlans')]), 52],
    [
      'a VS Enterprise subscriber on Basic + Test Plans',
      single([user('vse', 'basicTestPlans', { visualStudio: 'enterprise' })]),
      0,
    ],
    [
      'a VS Professional subscriber on Basic does not use a free seat',
      single([...basicUsers(5), user('vsp', 'basic', { visualStudio: 'professional' })]),
      0,
    ],
    [
      'a VS Professional subscriber on Basic + Test Plans pays in full',
      single([user('vsp', 'basicTestPlans', { visualStudio: 'professional' })]),
      52,
    ],
    ['a VS Test Professional subscriber on Basic + Test Plans', single([user('vstp', 'basicTestPlans', { visualStudio: 'testProfessional' })]), 0],
    ['an MSDN Platforms subscriber on Basic + Test Plans', single([user('plat', 'basicTestPlans', { visualStudio: 'platforms' })]), 0],
    [
      'a 6th Basic user from a group rule who never signed in',
      single([...basicUsers(5), user('pending', 'basic', { assignedByGroupRule: true, signedIn: false })]),
      0,
    ],
    [
      'a 6th Basic user from a group rule who signed in',
      single([...basicUsers(5), user('active', 'basic', { assignedByGroupRule: true, signedIn: true })]),
      6,
    ],
    [
      'a 6th Basic user assigned directly who never signed in',
      single([...basicUsers(5), user('direct', 'basic', { signedIn: false })]),
      6,
    ],
    [
      'two organizations without multi-organization billing: 4 + 4 Basic, 5 free each',
      single([...basicUsers(4, 'a', 'alpha'), ...basicUsers(4, 'b', 'beta')]),
      0,
    ],
    [
      'two organizations with multi-organization billing: 4 + 4 Basic, 5 free per subscription',
      multi([...basicUsers(4, 'a', 'alpha'), ...basicUsers(4, 'b', 'beta')]),
      18,
    ],
    [
      'one Basic + Test Plans user in two organizations without multi-organization billing',
      single([user('x', 'basicTestPlans', { organization: 'alpha' }), user('x', 'basicTestPlans', { organization: 'beta' })]),
      104,
    ],
    [
      'one Basic + Test Plans user in two organizations with multi-organization billing is paid once',
      multi([user('x', 'basicTestPlans', { organization: 'alpha' }), user('X', 'basicTestPlans', { organization: 'beta' })]),
      52,
    ],
    [
      'Basic in one organization and Basic + Test Plans in another is charged for both',
      multi([...basicUsers(5, 'a', 'alpha'), user('x', 'basic', { organization: 'alpha' }), user('x', 'basicTestPlans', { organization: 'beta' })]),
      58,
    ],
  ])('%s: $%d a month', (_name, scope, expected) => {
    expect(estimateMonthlyCost(scope).monthlyTotal).toBe(expected);
  });

  it.each<[string, BillableUser, ChargeBasis, number, string]>([
    ['Stakeholder', user('s', 'stakeholder'), 'stakeholder_free', 0, 'Stakeholder is free'],
    [
      'VS Enterprise',
      user('e', 'basicTestPlans', { visualStudio: 'enterprise' }),
      'visual_studio',
      0,
      'Visual Studio Enterprise subscription covers it',
    ],
    [
      'group rule, not signed in',
      user('g', 'basicTestPlans', { assignedByGroupRule: true, signedIn: false }),
      'bills_on_first_sign_in',
      0,
      'bills on first sign-in (added by a group rule, not signed in yet)',
    ],
    ['Basic + Test Plans', user('t', 'basicTestPlans'), 'basic_test_plans', 52, 'Basic + Test Plans: $52 a month, with no free users'],
    [
      'VS Professional on Basic + Test Plans',
      user('p', 'basicTestPlans', { visualStudio: 'professional' }),
      'basic_test_plans',
      52,
      'Visual Studio Professional covers Basic only, so Basic + Test Plans is charged in full ($52 a month)',
    ],
    ['the first Basic user', user('b', 'basic'), 'free_basic_grant', 0, 'one of the 5 free Basic users'],
  ])('explains %s', (_name, subject, basis, monthly, why) => {
    expect(estimateMonthlyCost(single([subject])).lines).toEqual([expect.objectContaining({ basis, monthly, why })]);
  });

  it('labels the first five Basic users (A–Z) free and charges the 6th', () => {
    const estimate = estimateMonthlyCost(single([...basicUsers(6)].reverse()));
    expect(estimate.lines.map((line) => [line.displayName, line.monthly, line.basis])).toEqual([
      ['basic01', 0, 'free_basic_grant'],
      ['basic02', 0, 'free_basic_grant'],
      ['basic03', 0, 'free_basic_grant'],
      ['basic04', 0, 'free_basic_grant'],
      ['basic05', 0, 'free_basic_grant'],
      ['basic06', 6, 'basic'],
    ]);
    expect(estimate.lines[5]?.why).toBe('Basic: $6 a month once the 5 free Basic users are taken');
    expect(estimate.freeBasicUsersUsed).toBe(5);
  });

  it('cites the price source and date and says it is an estimate', () => {
    expect(estimateMonthlyCost(single(basicUsers(1)))).toMatchObject({
      estimate: true,
      currency: 'USD',
      priceSource: prices.source,
      priceAsOf: prices.asOf,
      freeBasicUsersPerGrant: 5,
    });
  });

  it('reports what group-rule users will cost once they sign in', () => {
    const pending = { assignedByGroupRule: true, signedIn: false };
    const estimate = estimateMonthlyCost(
      single([...basicUsers(4), user('p1', 'basic', pending), user('p2', 'basic', pending), user('p3', 'basicTestPlans', pending)]),
    );
    expect(estimate.monthlyTotal).toBe(0);
    expect(estimate.firstSignIn).toEqual({ users: 3, addedMonthly: basicPrice + testPlansPrice });
  });

  it.each<[string[], { organization: string; monthly: number }[]]>([
    [['alpha', 'beta'], [{ organization: 'alpha', monthly: 0 }, { organization: 'beta', monthly: 12 }]],
    [['beta', 'alpha'], [{ organization: 'beta', monthly: 0 }, { organization: 'alpha', monthly: 12 }]],
  ])('multi-organization billing gives the free grant to the first organization of %j', (order, expected) => {
    const estimate = estimateMonthlyCost(multi([...basicUsers(3, 'a', 'alpha'), ...basicUsers(4, 'b', 'beta')], order));
    expect(estimate.byOrganization).toEqual(expected);
    expect(estimate.monthlyTotal).toBe(12);
  });

  it('charges a person once across organizations and says where', () => {
    const estimate = estimateMonthlyCost(
      multi([user('x', 'basicTestPlans', { organization: 'beta' }), user('x', 'basicTestPlans', { organization: 'alpha' })], ['alpha', 'beta']),
    );
    expect(estimate.lines.map((line) => [line.organization, line.monthly, line.basis, line.why])).toEqual([
      ['alpha', 52, 'basic_test_plans', 'Basic + Test Plans: $52 a month, with no free users'],
      ['beta', 0, 'paid_in_other_organization', 'already paid in alpha (multi-organization billing charges a user once)'],
    ]);
  });
});

describe('prorationForRestOfMonth and prorate', () => {
  it.each<[string, number, number, string, number]>([
    ['2026-11-01T00:00:00Z', 30, 30, '2026-11-30', 6],
    ['2026-11-19T10:00:00Z', 12, 30, '2026-11-30', 2.4],
    ['2026-11-30T23:59:59Z', 1, 30, '2026-11-30', 0.2],
    ['2026-12-31T12:00:00Z', 1, 31, '2026-12-31', 0.19],
    ['2026-02-28T08:00:00Z', 1, 28, '2026-02-28', 0.21],
    ['2024-02-28T08:00:00Z', 2, 29, '2024-02-29', 0.41],
    ['2024-02-29T08:00:00Z', 1, 29, '2024-02-29', 0.21],
    ['2026-11-30T23:30:00-05:00', 31, 31, '2026-12-31', 6],
  ])('on %s: %d of %d days left until %s, $6 prorates to $%s', (now, remainingDays, daysInMonth, monthEnd, amount) => {
    expect(prorationForRestOfMonth(new Date(now))).toMatchObject({ remainingDays, daysInMonth, monthEnd });
    expect(prorate(6, new Date(now))).toBe(amount);
  });

  it('prorates savings as negative amounts', () => {
    expect(prorate(-6, new Date('2026-11-19T00:00:00Z'))).toBe(-2.4);
    expect(prorate(52, new Date('2026-11-16T00:00:00Z'))).toBe(26);
  });
});

describe('estimateChange', () => {
  const now = new Date('2026-11-19T09:00:00Z');
  const vsProfessional = user('vsp', 'basic', { visualStudio: 'professional' });
  const pending = user('pending', 'basic', { assignedByGroupRule: true, signedIn: false });

  it.each<[string, BillingScope, SeatChange[], number]>([
    ['assign a 6th Basic user', single(basicUsers(5)), [{ action: 'assign', organization: 'fabrikam', principalName: 'new@contoso.com', level: 'basic' }], 6],
    ['assign a 5th Basic user', single(basicUsers(4)), [{ action: 'assign', organization: 'fabrikam', principalName: 'new@contoso.com', level: 'basic' }], 0],
    [
      'assign 3 Basic users to 4',
      single(basicUsers(4)),
      ['n1', 'n2', 'n3'].map((name) => ({ action: 'assign', organization: 'fabrikam', principalName: `${name}@contoso.com`, level: 'basic' }) as const),
      12,
    ],
    ['assign Basic + Test Plans', single(basicUsers(2)), [{ action: 'assign', organization: 'fabrikam', principalName: 't@contoso.com', level: 'basicTestPlans' }], 52],
    [
      'a VS Professional subscriber asks for Test Plans',
      single([...basicUsers(5), vsProfessional]),
      [{ action: 'change', organization: 'fabrikam', principalName: 'vsp@contoso.com', level: 'basicTestPlans' }],
      52,
    ],
    [
      'assign Basic + Test Plans to a known VS Enterprise subscriber',
      single(basicUsers(5)),
      [{ action: 'assign', organization: 'fabrikam', principalName: 'e@contoso.com', level: 'basicTestPlans', visualStudio: 'enterprise' }],
      0,
    ],
    ['remove a free Basic user when 6 are assigned', single(basicUsers(6)), [{ action: 'remove', organization: 'fabrikam', principalName: 'basic01@contoso.com' }], -6],
    ['remove the paid Basic user when 6 are assigned', single(basicUsers(6)), [{ action: 'remove', organization: 'fabrikam', principalName: 'basic06@contoso.com' }], -6],
    ['remove a Basic user when 5 are assigned', single(basicUsers(5)), [{ action: 'remove', organization: 'fabrikam', principalName: 'basic03@contoso.com' }], 0],
    [
      'move a free Basic user to Stakeholder when 7 are assigned',
      single(basicUsers(7)),
      [{ action: 'change', organization: 'fabrikam', principalName: 'basic02@contoso.com', level: 'stakeholder' }],
      -6,
    ],
    [
      'upgrade a free Basic user to Basic + Test Plans when 6 are assigned',
      single(basicUsers(6)),
      [{ action: 'change', organization: 'fabrikam', principalName: 'basic01@contoso.com', level: 'basicTestPlans' }],
      46,
    ],
    [
      'assign Basic directly to a group-rule user who never signed in (6th)',
      single([...basicUsers(5), pending]),
      [{ action: 'assign', organization: 'fabrikam', principalName: 'pending@contoso.com', level: 'basic' }],
      6,
    ],
    [
      'multi-organization: add a Basic user who already has Basic in another organization',
      multi([...basicUsers(6, 'a', 'alpha')]),
      [{ action: 'assign', organization: 'beta', principalName: 'a06@contoso.com', level: 'basic' }],
      0,
    ],
    [
      'multi-organization: add Basic + Test Plans for someone with Basic elsewhere',
      multi([...basicUsers(6, 'a', 'alpha')]),
      [{ action: 'assign', organization: 'beta', principalName: 'a06@contoso.com', level: 'basicTestPlans' }],
      52,
    ],
    [
      'multi-organization: a 6th Basic user across two organizations',
      multi([...basicUsers(3, 'a', 'alpha'), ...basicUsers(2, 'b', 'beta')]),
      [{ action: 'assign', organization: 'beta', principalName: 'new@contoso.com', level: 'basic' }],
      6,
    ],
    ['remove a Stakeholder', single([user('s', 'stakeholder')]), [{ action: 'remove', organization: 'fabrikam', principalName: 's@contoso.com' }], 0],
  ])('%s: %d a month', (_name, scope, changes, expected) => {
    const result = estimateChange(scope, changes, now);
    expect(result.ok && result.monthlyDelta).toBe(expected);
  });

  it('gives a freed free seat to the next user when a free Basic user is removed', () => {
    const result = estimateChange(single(basicUsers(6)), [{ action: 'remove', organization: 'fabrikam', principalName: 'basic01@contoso.com' }], now);
    if (!result.ok) throw new Error(result.message);
    expect(result.lines).toEqual([
      expect.objectContaining({
        displayName: 'basic06',
        proposed: false,
        monthlyBefore: 6,
        monthlyAfter: 0,
        monthlyDelta: -6,
        why: 'one of the 5 free Basic users',
      }),
      expect.objectContaining({
        displayName: 'basic01',
        proposed: true,
        levelBefore: 'basic',
        levelAfter: null,
        monthlyDelta: 0,
        why: 'removed, no longer charged',
      }),
    ]);
    expect(result.proratedDelta).toBe(-2.4);
  });

  it('keeps existing users on the free seats and charges the newcomer, whatever their name', () => {
    const result = estimateChange(single(basicUsers(5)), [{ action: 'assign', organization: 'fabrikam', principalName: 'aaron@contoso.com', displayName: 'Aaron', level: 'basic' }], now);
    if (!result.ok) throw new Error(result.message);
    expect(result.lines).toEqual([
      expect.objectContaining({ displayName: 'Aaron', proposed: true, levelBefore: null, levelAfter: 'basic', monthlyAfter: 6 }),
    ]);
  });

  it('prorates the rest of the month and summarizes with the price date', () => {
    const result = estimateChange(single(basicUsers(5)), [{ action: 'assign', organization: 'fabrikam', principalName: 'n@contoso.com', level: 'basic' }], now);
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({
      estimate: true,
      priceAsOf: prices.asOf,
      monthlyDelta: 6,
      proratedDelta: 2.4,
      proration: { from: '2026-11-19', monthEnd: '2026-11-30', remainingDays: 12, daysInMonth: 30 },
    });
    expect(result.summary).toBe(
      `Estimate: +$6 a month ($0 → $6), +$2.40 for the rest of November 2026 (12 of 30 days). List prices as of ${prices.asOf}.`,
    );
  });

  it('prorates a change made on the last day of February', () => {
    const result = estimateChange(single([]), [{ action: 'assign', organization: 'fabrikam', principalName: 't@contoso.com', level: 'basicTestPlans' }], new Date('2026-02-28T18:00:00Z'));
    expect(result.ok && [result.proratedDelta, result.proration.remainingDays, result.proration.daysInMonth]).toEqual([1.86, 1, 28]);
  });

  it.each<[string, SeatChange]>([
    ['change', { action: 'change', organization: 'fabrikam', principalName: 'ghost@contoso.com', level: 'basic' }],
    ['remove', { action: 'remove', organization: 'fabrikam', principalName: 'ghost@contoso.com' }],
    ['remove in another organization', { action: 'remove', organization: 'other', principalName: 'basic01@contoso.com' }],
  ])('refuses to %s a user who is not there', (_name, change) => {
    expect(estimateChange(single(basicUsers(2)), [change], now)).toEqual({
      ok: false,
      reason: 'unknown_user',
      unknownUsers: [{ organization: change.organization, principalName: change.principalName }],
      message: `Cannot change or remove users who are not in the organization: ${change.principalName} in ${change.organization}.`,
    });
  });
});

describe('billableUserFromEntitlement', () => {
  const entitlement = (overrides: Partial<EntitlementLike['accessLevel']>, lastAccessedDate?: string): EntitlementLike => ({
    principalName: 'ann@contoso.com',
    displayName: 'Ann',
    accessLevel: { accountLicenseType: 'express', licensingSource: 'account', msdnLicenseType: 'none', assignmentSource: 'unknown', ...overrides },
    ...(lastAccessedDate === undefined ? {} : { lastAccessedDate }),
  });

  it('accepts a port entitlement as it is', () => {
    const fromPort: UserEntitlement = {
      id: 'e1',
      principalName: 'Bob@Contoso.com',
      displayName: 'Bob',
      accessLevel: {
        accountLicenseType: 'advanced',
        licensingSource: 'account',
        msdnLicenseType: 'professional',
        assignmentSource: 'none',
        status: 'active',
      },
      lastAccessedDate: '2026-11-02T10:00:00Z',
    };
    const mapped = billableUserFromEntitlement('fabrikam', fromPort);
    expect(mapped).toEqual({
      principalName: 'Bob@Contoso.com',
      displayName: 'Bob',
      organization: 'fabrikam',
      level: 'basicTestPlans',
      visualStudio: 'professional',
      assignedByGroupRule: false,
      signedIn: true,
    });
    expect(mapped && estimateMonthlyCost(single([mapped])).monthlyTotal).toBe(52);
  });

  it.each<[string, EntitlementLike, Partial<BillableUser> | null]>([
    ['a signed-in Basic user', entitlement({}, '2026-10-01T08:00:00Z'), { level: 'basic', signedIn: true, assignedByGroupRule: false }],
    ['a user who never signed in (REST sends year 1)', entitlement({}, '0001-01-01T00:00:00Z'), { signedIn: false }],
    ['a user without a last access date', entitlement({}), { signedIn: false }],
    ['a group-rule user', entitlement({ assignmentSource: 'groupRule' }, '2026-10-01T08:00:00Z'), { assignedByGroupRule: true }],
    [
      'a VS Enterprise subscriber',
      entitlement({ accountLicenseType: 'none', licensingSource: 'msdn', msdnLicenseType: 'enterprise' }),
      { level: 'basicTestPlans', visualStudio: 'enterprise' },
    ],
    ['a user without access', entitlement({ accountLicenseType: 'none', licensingSource: 'none' }), null],
  ])('maps %s', (_name, value, expected) => {
    const mapped = billableUserFromEntitlement('fabrikam', value);
    if (expected === null) expect(mapped).toBeNull();
    else expect(mapped).toMatchObject({ organization: 'fabrikam', principalName: 'ann@contoso.com', ...expected });
  });
});

describe('GitHub Enterprise users, service principals and unknown licensing sources', () => {
  it('charges nothing for a GitHub Enterprise user and keeps the free grant for others', () => {
    const estimate = estimateMonthlyCost(single([...basicUsers(5), user('gh', 'basic', { coveredByGitHubEnterprise: true })]));
    expect(estimate.monthlyTotal).toBe(0);
    expect(estimate.lines.find((line) => line.displayName === 'gh')).toMatchObject({ monthly: 0, basis: 'github_enterprise' });
  });

  it('maps a REST GitHub Enterprise entitlement to a free line', () => {
    const mapped = billableUserFromEntitlement('fabrikam', {
      principalName: 'octo@contoso.com',
      displayName: 'Octo',
      accessLevel: { accountLicenseType: 'none', licensingSource: 'gitHub', msdnLicenseType: 'none', assignmentSource: 'unknown' },
    });
    expect(mapped).toMatchObject({ level: 'basic', coveredByGitHubEnterprise: true });
    expect(mapped && estimateMonthlyCost(single([...basicUsers(5), mapped])).monthlyTotal).toBe(0);
  });

  it('prices a user with an unknown licensing source as paid and says so', () => {
    const mapped = billableUserFromEntitlement('fabrikam', {
      principalName: 'new@contoso.com',
      displayName: 'New',
      accessLevel: { accountLicenseType: 'advanced', licensingSource: 'unknown', msdnLicenseType: 'none', assignmentSource: 'unknown' },
    });
    const [line] = estimateMonthlyCost(single(mapped ? [mapped] : [])).lines;
    expect(line).toMatchObject({ monthly: testPlansPrice });
    expect(line?.why).toContain('licensing source not recognised, counted as paid to be safe');
  });

  it('charges a service principal in every organization even with multi-organization billing', () => {
    const robot = (organization: string) => user('robot', 'basic', { organization, servicePrincipal: true });
    const people = [...basicUsers(5, 'a', 'alpha')];
    const estimate = estimateMonthlyCost(multi([...people, robot('alpha'), robot('beta')], ['alpha', 'beta']));
    expect(estimate.monthlyTotal).toBe(2 * basicPrice);
    expect(estimate.lines.filter((line) => line.displayName === 'robot').map((line) => line.why)).toEqual([
      expect.stringContaining('service principals are charged in every organization'),
      expect.stringContaining('service principals are charged in every organization'),
    ]);
  });
});

describe('estimateLinkingEffect', () => {
  const mobile = [user('alex', 'basic'), user('lidia', 'basic'), user('henrietta', 'basic')];

  it('changes nothing when the subscription bills each organization on its own', () => {
    const effect = estimateLinkingEffect('mobile', mobile, { multiOrganizationBilling: false, organizations: ['web'], users: basicUsers(7, 'w', 'web') });
    expect(effect).toMatchObject({ known: true, monthlyDelta: 0, lines: [] });
    expect(effect.summary).toContain('keeps its own 5 free Basic users');
  });

  it('makes users who were free start billing when the subscription shares one free grant', () => {
    const web = [...basicUsers(6, 'w', 'web'), user('alex', 'basic', { organization: 'web' })];
    const effect = estimateLinkingEffect('mobile', mobile, { multiOrganizationBilling: true, organizations: ['web'], users: web });
    if (!effect.known) throw new Error('expected a known effect');
    expect(effect.monthlyDelta).toBe(2 * basicPrice);
    expect(effect.lines.map((line) => [line.displayName, line.monthlyBefore, line.monthlyAfter])).toEqual([
      ['henrietta', 0, basicPrice],
      ['lidia', 0, basicPrice],
    ]);
    expect(effect.summary).toMatch(/multi-organization billing.*\+\$12 a month/);
  });

  it('says it cannot tell when the setting is unknown, and what to check', () => {
    const effect = estimateLinkingEffect('mobile', mobile, { multiOrganizationBilling: undefined, organizations: [], users: [] });
    expect(effect).toMatchObject({ known: false });
    expect(effect.summary).toContain('Configure user billing');
  });
});
