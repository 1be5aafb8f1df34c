import { accessLevel, describeEntitlement } from './accessLevels.js';
import type { AccessLevelId } from './accessLevels.js';
import { billableUserFromEntitlement, estimateChange, estimateMonthlyCost } from './cost.js';
import type { BillableUser, BillingScope, ChangeEstimate, EntitlementLike, SeatChange } from './cost.js';
import { formatUsd, prices } from './prices.js';

/**
 * The cost sweep: people an organization pays for who do not use what they hold. A person is a candidate when they
 * hold a paid level the organization pays for, have not signed in for more than `inactiveDays` (or never since being
 * assigned), and downgrading them to Stakeholder would save money. Everyone else is listed with the reason.
 *
 * Savings come from `estimateChange`, never from summing list prices: the free Basic users are a count, so when a
 * user holding one is downgraded the free seat moves to someone who was paying, and with multi-organization billing a
 * person is paid once across the subscription.
 */

export const defaultInactiveDays = 30;

const dayMs = 24 * 60 * 60 * 1000;
const freeBasicUsers = prices.userPlans.basic.freeUsersPerOrganization;
const groupRulesDocUrl = 'https://learn.microsoft.com/azure/devops/organizations/accounts/assign-access-levels-by-group-membership';
const multiOrganizationBillingDocUrl = 'https://learn.microsoft.com/azure/devops/organizations/billing/billing-faq';

export type SweepExclusionReason =
  | 'no_paid_level'
  | 'visual_studio'
  | 'github_enterprise'
  | 'unknown_licensing_source'
  | 'group_rule'
  | 'active'
  | 'paid_in_other_organization'
  | 'free_basic_grant';

/** When the user last signed in: an ISO timestamp, or `never` since being assigned. */
export type LastAccess = string | 'never';

export interface SweepCandidate {
  principalName: string;
  displayName: string;
  level: AccessLevelId;
  lastAccessedDate: LastAccess;
  /** Whole days since the last sign-in; null when the user never signed in. */
  daysInactive: number | null;
  /**
   * What downgrading this user to Stakeholder saves a month, counted in list order (longest inactive first): the
   * candidates' savings add up to `monthlySaving`.
   */
  monthlySaving: number;
}

export interface SweepExclusion {
  principalName: string;
  displayName: string;
  /** The level the user has, or `none`. */
  level: AccessLevelId | 'none';
  lastAccessedDate: LastAccess;
  daysInactive: number | null;
  reason: SweepExclusionReason;
  why: string;
}

/** Who shares the bill with the swept organization; with multi-organization billing, the other organizations' users. */
export interface SweepBilling {
  multiOrganizationBilling: boolean;
  /** Billing order of the subscription's organizations (see `BillingScope.organizations`). */
  organizations?: readonly string[];
  /** Users of the other organizations on the subscription; only read with multi-organization billing. */
  otherOrganizationsUsers?: readonly BillableUser[];
}

/** An entitlement as the sweep reads it: with the groups whose rule gives the level, when Azure DevOps named them. */
export type SweptEntitlement = EntitlementLike & { ruleGroups?: readonly string[] };

export interface CostSweepInput {
  organization: string;
  /** Every user entitlement of the organization, all pages read. */
  entitlements: readonly SweptEntitlement[];
  now: Date;
  inactiveDays?: number;
  billing: SweepBilling;
}

export type CostSweepResult =
  | {
      ok: true;
      organization: string;
      inactiveDays: number;
      /** Longest inactive first; never-signed-in users lead. */
      candidates: SweepCandidate[];
      excluded: SweepExclusion[];
      /** What downgrading every candidate to Stakeholder saves a month (an estimate at list prices). */
      monthlySaving: number;
      /** The change behind `monthlySaving`, with its per-user breakdown and proration. */
      estimate: ChangeEstimate;
      summary: string;
    }
  | { ok: false; reason: 'invalid_inactive_days'; message: string };

const keyOf = (text: string): string => text.trim().toLowerCase();

interface SignInAge {
  lastAccessedDate: LastAccess;
  daysInactive: number | null;
  inactive: boolean;
}

/** REST sends no date, or 0001-01-01, for users who never signed in; both read as `never`, like `signedIn` in cost.ts. */
function signInAge(entitlement: EntitlementLike, now: Date, inactiveDays: number): SignInAge {
  const lastAccess = entitlement.lastAccessedDate ? Date.parse(entitlement.lastAccessedDate) : Number.NaN;
  if (!(lastAccess > 0)) return { lastAccessedDate: 'never', daysInactive: null, inactive: true };
  const idleMs = Math.max(0, now.getTime() - lastAccess);
  return {
    lastAccessedDate: new Date(lastAccess).toISOString(),
    daysInactive: Math.floor(idleMs / dayMs),
    inactive: idleMs > inactiveDays * dayMs,
  };
}

function validInactiveDays(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 3650;
}

interface Screened {
  entitlement: SweptEntitlement;
  age: SignInAge;
  user: BillableUser | null;
}

/** The reason a user is not a candidate before any saving is computed, or null when they might be one. */
function screen({ entitlement, age, user }: Screened, inactiveDays: number): Omit<SweepExclusion, 'principalName' | 'displayName' | 'lastAccessedDate' | 'daysInactive'> | null {
  const description = describeEntitlement(entitlement.accessLevel);
  if (!user || description.level === 'none' || description.level === 'stakeholder') {
    return {
      level: description.level,
      reason: 'no_paid_level',
      why: description.level === 'stakeholder' ? 'Stakeholder is free: nothing to save.' : 'Holds no access level: nothing to save.',
    };
  }
  const levelName = accessLevel(description.level).uiName;
  if (description.coveredByVisualStudio) {
    const subscription = description.visualStudio?.name ?? 'Visual Studio';
    return {
      level: description.level,
      reason: 'visual_studio',
      why: `${levelName} is paid by the user's ${subscription} subscription, not the organization: downgrading saves nothing.`,
    };
  }
  if (description.coveredByGitHubEnterprise) {
    return {
      level: description.level,
      reason: 'github_enterprise',
      why: 'A GitHub Enterprise licence gives this user Basic at no charge to the organization: downgrading saves nothing.',
    };
  }
  if (!age.inactive) {
    return {
      level: description.level,
      reason: 'active',
      why: `Signed in ${age.daysInactive === 0 ? 'today' : `${age.daysInactive} days ago`}, within the last ${inactiveDays} days.`,
    };
  }
  if (description.unknownLicensingSource) {
    return {
      level: description.level,
      reason: 'unknown_licensing_source',
      why:
        'Azure DevOps reports a licensing source I do not recognise, so I cannot tell who pays for this user. ' +
        'Check them in Organization settings > Users before changing anything.',
    };
  }
  if (description.assignedByGroupRule) {
    const groups = entitlement.ruleGroups ?? [];
    const rule = groups.length > 0 ? `the group rule of ${groups.join(', ')}` : 'a group rule';
    return {
      level: description.level,
      reason: 'group_rule',
      why:
        `${levelName} comes from ${rule}, which would give it back after a downgrade. To stop paying, change ` +
        `the rule or take the user out of ${groups.length > 1 ? 'those groups' : 'its group'} (${groupRulesDocUrl}).`,
    };
  }
  return null;
}

/**
 * Why lowering this user to Stakeholder would not lower the bill, or undefined when it would (activity aside): the
 * approval of a downgrade re-checks this on current facts, since a group rule or a Visual Studio subscription may
 * have appeared since the sweep.
 */
export function downgradeBlocker(entitlement: SweptEntitlement): string | undefined {
  const user = billableUserFromEntitlement('', entitlement);
  const exclusion = screen({ entitlement, user, age: { lastAccessedDate: 'never', daysInactive: null, inactive: true } }, defaultInactiveDays);
  if (!exclusion) return undefined;
  return exclusion.reason === 'no_paid_level' && exclusion.level === 'stakeholder' ? 'Already Stakeholder.' : exclusion.why;
}

/** Never-signed-in users first, then the longest inactive, then sign-in name A–Z, so the list and the walk are stable. */
function byInactivity(a: Screened, b: Screened): number {
  const days = (screened: Screened) => screened.age.daysInactive ?? Number.POSITIVE_INFINITY;
  return days(b) - days(a) || keyOf(a.entitlement.principalName).localeCompare(keyOf(b.entitlement.principalName));
}

const roundToCents = (amount: number): number => Math.round(amount * 100) / 100;

export function sweepInactivePaidUsers(input: CostSweepInput): CostSweepResult {
  const inactiveDays = input.inactiveDays ?? defaultInactiveDays;
  if (!validInactiveDays(inactiveDays)) {
    return {
      ok: false,
      reason: 'invalid_inactive_days',
      message: `Please give the inactivity period as a whole number of days from 1 to 3650 (for example ${defaultInactiveDays}).`,
    };
  }

  const { organization, now, billing } = input;
  const screened: Screened[] = input.entitlements.map((entitlement) => ({
    entitlement,
    age: signInAge(entitlement, now, inactiveDays),
    user: billableUserFromEntitlement(organization, entitlement),
  }));
  const scope = sweepScope(input, screened.flatMap(({ user }) => (user ? [user] : [])));

  const excluded: SweepExclusion[] = [];
  const exclude = ({ entitlement, age }: Screened, exclusion: Omit<SweepExclusion, 'principalName' | 'displayName' | 'lastAccessedDate' | 'daysInactive'>) =>
    excluded.push({
      principalName: entitlement.principalName,
      displayName: entitlement.displayName,
      lastAccessedDate: age.lastAccessedDate,
      daysInactive: age.daysInactive,
      ...exclusion,
    });

  const possible: (Screened & { user: BillableUser })[] = [];
  for (const entry of screened) {
    const exclusion = screen(entry, inactiveDays);
    if (exclusion) exclude(entry, exclusion);
    else if (entry.user) possible.push({ ...entry, user: entry.user });
  }
  possible.sort(byInactivity);

  // Downgrade in list order and keep only users whose downgrade lowers the bill: once the longest inactive are gone,
  // the rest may fit in the free Basic users, or (multi-organization billing) still be paid for elsewhere.
  const savingOfNextDowngrade = downgradeWalk(scope);
  const candidates: SweepCandidate[] = [];
  for (const entry of possible) {
    const { user } = entry;
    const saving = savingOfNextDowngrade(user);
    if (saving > 0) {
      candidates.push({
        principalName: user.principalName,
        displayName: user.displayName,
        level: user.level,
        lastAccessedDate: entry.age.lastAccessedDate,
        daysInactive: entry.age.daysInactive,
        monthlySaving: saving,
      });
      continue;
    }
    const levelName = accessLevel(user.level).uiName;
    const elsewhere = billing.multiOrganizationBilling && !user.servicePrincipal
      ? scope.users.find((other) => keyOf(other.principalName) === keyOf(user.principalName) && keyOf(other.organization) !== keyOf(organization) && other.level === user.level)
      : undefined;
    exclude(
      entry,
      elsewhere
        ? {
            level: user.level,
            reason: 'paid_in_other_organization',
            why:
              `Multi-organization billing charges a person once for ${levelName}, and this user keeps it in ` +
              `${elsewhere.organization}: downgrading here saves nothing (${multiOrganizationBillingDocUrl}).`,
          }
        : {
            level: user.level,
            reason: 'free_basic_grant',
            why:
              `Once the longer-inactive users are downgraded, this user fits in the ${freeBasicUsers} free Basic ` +
              'users, so downgrading them saves nothing.',
          },
    );
  }

  const changes: SeatChange[] = candidates.map((candidate) => ({
    action: 'change',
    organization,
    principalName: candidate.principalName,
    level: 'stakeholder',
  }));
  const estimate = estimateChange(scope, changes, now);
  if (!estimate.ok) throw new Error(`cost sweep proposed users outside its own scope: ${estimate.message}`);
  const monthlySaving = Math.max(0, roundToCents(-estimate.monthlyDelta));
  return {
    ok: true,
    organization,
    inactiveDays,
    candidates,
    excluded,
    monthlySaving,
    estimate,
    summary: summarize(organization, inactiveDays, candidates.length, monthlySaving),
  };
}

/** The bill the organization's users are part of: its own, or the subscription's with multi-organization billing. */
function sweepScope({ billing }: CostSweepInput, organizationUsers: BillableUser[]): BillingScope {
  return {
    multiOrganizationBilling: billing.multiOrganizationBilling,
    ...(billing.organizations ? { organizations: billing.organizations } : {}),
    users: billing.multiOrganizationBilling ? [...(billing.otherOrganizationsUsers ?? []), ...organizationUsers] : organizationUsers,
  };
}

/**
 * What lowering some of the organization's users to Stakeholder saves, priced on the same bill as the sweep: for
 * the people an admin chose after keeping some of the candidates. Names not in the organization are ignored.
 */
export function estimateDowngrade(input: Omit<CostSweepInput, 'inactiveDays'>, principalNames: readonly string[]): ChangeEstimate {
  const users = input.entitlements.flatMap((entitlement) => {
    const user = billableUserFromEntitlement(input.organization, entitlement);
    return user ? [user] : [];
  });
  const wanted = new Set(principalNames.map(keyOf));
  const changes: SeatChange[] = users
    .filter((user) => wanted.has(keyOf(user.principalName)))
    .map((user) => ({ action: 'change', organization: input.organization, principalName: user.principalName, level: 'stakeholder' }));
  const estimate = estimateChange(sweepScope(input, users), changes, input.now);
  if (!estimate.ok) throw new Error(`downgrade estimate named users outside its own scope: ${estimate.message}`);
  return estimate;
}

/**
 * Prices downgrading users one after the other, each given the ones before; a downgrade that saves nothing is not
 * made. With an organization's own free grant this follows from the current bill: Basic + Test Plans has no free
 * users, and each Basic downgrade ends one paid Basic charge (the free seat moves to a paying user) until none is
 * left. Multi-organization billing shares the grant and charges a person once across organizations, so there each
 * step is priced by recomputing the bill.
 */
function downgradeWalk(scope: BillingScope): (user: BillableUser) => number {
  if (!scope.multiOrganizationBilling) {
    let paidBasicUsers = estimateMonthlyCost(scope).lines.filter((line) => line.basis === 'basic').length;
    return (user) => {
      if (user.level === 'basicTestPlans') return prices.userPlans.basicTestPlans.perUserMonthly;
      if (paidBasicUsers === 0) return 0;
      paidBasicUsers -= 1;
      return prices.userPlans.basic.perUserMonthly;
    };
  }
  const downgraded = new Set<BillableUser>();
  const monthlyWith = (set: ReadonlySet<BillableUser>) =>
    estimateMonthlyCost({ ...scope, users: scope.users.map((user) => (set.has(user) ? { ...user, level: 'stakeholder' } : user)) }).monthlyTotal;
  let currentMonthly = monthlyWith(downgraded);
  return (user) => {
    const trial = new Set(downgraded).add(user);
    const trialMonthly = monthlyWith(trial);
    const saving = roundToCents(currentMonthly - trialMonthly);
    if (saving > 0) {
      downgraded.add(user);
      currentMonthly = trialMonthly;
    }
    return saving;
  };
}

function summarize(organization: string, inactiveDays: number, count: number, monthlySaving: number): string {
  if (count === 0) {
    return `Nobody in ${organization} holds a paid access level the organization pays for without having signed in for ${inactiveDays} days.`;
  }
  const people = count === 1 ? '1 person' : `${count} people`;
  return (
    `${people} in ${organization} hold a paid access level but have not signed in for more than ${inactiveDays} days ` +
    `(or never). Moving them to Stakeholder saves about ${formatUsd(monthlySaving)} a month ` +
    `(estimate, list prices as of ${prices.asOf}).`
  );
}
