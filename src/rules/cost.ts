import { accessLevel, describeEntitlement, visualStudioCovers, visualStudioSubscription } from './accessLevels.js';
import type { AccessLevelId } from './accessLevels.js';
import { formatUsd, prices } from './prices.js';
import type { MsdnLicenseType, RestAccessLevel } from './restValues.js';

/**
 * Monthly user charges under assignment-based, daily-metered billing (the model since 2019), estimated from public
 * list prices. Only user access levels are priced here; pipelines and Artifacts are not.
 *
 * Which users hold the free Basic seats: the free grant is a count, not a person, so any choice gives the same total.
 * To keep breakdowns stable we hand the seats out in this order: organizations in billing order (with
 * multi-organization billing the grant goes to the first organization and the rest carries over, as the billing FAQ
 * describes), then users already in the scope before users a proposal adds, then sign-in name A–Z.
 */

export interface BillableUser {
  /** Sign-in name; identifies one person across organizations (compared case-insensitively). */
  principalName: string;
  displayName: string;
  organization: string;
  level: AccessLevelId;
  /** The user's Visual Studio subscription, `none` when they have none (or it has not been detected at sign-in). */
  visualStudio: MsdnLicenseType;
  /** Came from a group rule rather than a direct assignment. */
  assignedByGroupRule: boolean;
  signedIn: boolean;
  /** Basic through a GitHub Enterprise Cloud licence, detected at sign-in: free to the organization. */
  coveredByGitHubEnterprise?: boolean;
  /** A service principal or managed identity: multi-organization billing charges it in every organization. */
  servicePrincipal?: boolean;
  /** The API named a licensing source the rules do not know; the user is priced as paid, and the line says so. */
  unknownLicensingSource?: boolean;
}

/**
 * The users one bill covers: one organization, or every organization on the subscription. Without
 * multi-organization billing each organization has its own free grant and charges its own users; with it, the grant
 * and each user's charge count once for the subscription. List a user once per organization.
 */
export interface BillingScope {
  multiOrganizationBilling: boolean;
  /**
   * Billing order of the organizations paid by the subscription. Organizations that only appear on users follow in
   * order of first appearance. With multi-organization billing the order decides where the free grant and each
   * user's single charge are reported, never the total.
   */
  organizations?: readonly string[];
  users: readonly BillableUser[];
}

/** Why a user costs what they cost. */
export type ChargeBasis =
  | 'stakeholder_free'
  | 'visual_studio'
  | 'github_enterprise'
  | 'free_basic_grant'
  | 'basic'
  | 'basic_test_plans'
  | 'bills_on_first_sign_in'
  | 'paid_in_other_organization';

export interface CostLine {
  principalName: string;
  displayName: string;
  organization: string;
  level: AccessLevelId;
  monthly: number;
  basis: ChargeBasis;
  why: string;
}

export interface PriceCitation {
  estimate: true;
  currency: string;
  priceSource: string;
  priceAsOf: string;
}

export interface CostEstimate extends PriceCitation {
  multiOrganizationBilling: boolean;
  monthlyTotal: number;
  byOrganization: { organization: string; monthly: number }[];
  /** Free Basic users per organization, or per subscription with multi-organization billing. */
  freeBasicUsersPerGrant: number;
  freeBasicUsersUsed: number;
  /** Group-rule users who have not signed in yet, and how much the monthly total grows once they all do. */
  firstSignIn: { users: number; addedMonthly: number };
  /** One line per user and organization, in the order free seats are handed out. */
  lines: CostLine[];
}

const freeBasicUsersPerGrant = prices.userPlans.basic.freeUsersPerOrganization;

function citation(): PriceCitation {
  return { estimate: true, currency: prices.currency, priceSource: prices.source, priceAsOf: prices.asOf };
}

function listPrice(level: AccessLevelId): number {
  switch (level) {
    case 'stakeholder':
      return prices.userPlans.stakeholder.perUserMonthly;
    case 'basic':
      return prices.userPlans.basic.perUserMonthly;
    case 'basicTestPlans':
      return prices.userPlans.basicTestPlans.perUserMonthly;
  }
}

function roundToCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

const keyOf = (text: string): string => text.trim().toLowerCase();

function organizationOrder(scope: BillingScope): string[] {
  const order: string[] = [];
  for (const name of [...(scope.organizations ?? []), ...scope.users.map((user) => user.organization)]) {
    if (!order.some((known) => keyOf(known) === keyOf(name))) order.push(name);
  }
  return order;
}

/** One user in one organization. */
export interface Seat {
  organization: string;
  principalName: string;
}

const seatKey = (seat: Seat): string => `${keyOf(seat.organization)}|${keyOf(seat.principalName)}`;

/** The order of `String#localeCompare` without arguments, without building a collator per comparison. */
const collator = new Intl.Collator();

function priceLines(scope: BillingScope, newcomers: ReadonlySet<string>): CostLine[] {
  const order = organizationOrder(scope).map(keyOf);
  // Each user's sort keys are worked out once, not in every comparison.
  const sorted = scope.users
    .map((user) => ({
      user,
      rank: order.indexOf(keyOf(user.organization)),
      newcomer: Number(newcomers.has(seatKey(user))),
      name: keyOf(user.principalName),
    }))
    .sort((a, b) => a.rank - b.rank || a.newcomer - b.newcomer || collator.compare(a.name, b.name) || collator.compare(a.user.level, b.user.level))
    .map(({ user }) => user);

  const freeSeatsUsed = new Map<string, number>();
  const chargedIn = new Map<string, string>();
  return sorted.map((user) => {
    const line = (monthly: number, basis: ChargeBasis, why: string): CostLine => ({
      principalName: user.principalName,
      displayName: user.displayName,
      organization: user.organization,
      level: user.level,
      monthly,
      basis,
      why,
    });

    if (user.level === 'stakeholder') return line(0, 'stakeholder_free', 'Stakeholder is free');
    const subscription = visualStudioSubscription(user.visualStudio);
    if (subscription && visualStudioCovers(user.visualStudio, user.level)) {
      return line(0, 'visual_studio', `${subscription.name} subscription covers it`);
    }
    if (user.coveredByGitHubEnterprise && user.level === 'basic') {
      return line(0, 'github_enterprise', 'GitHub Enterprise licence covers Basic');
    }
    if (user.assignedByGroupRule && !user.signedIn) {
      return line(0, 'bills_on_first_sign_in', 'bills on first sign-in (added by a group rule, not signed in yet)');
    }

    if (scope.multiOrganizationBilling && !user.servicePrincipal) {
      // A person is charged once per level: the same person with another level elsewhere is charged again, and
      // service principals are charged in every organization (both documented limitations of multi-organization
      // billing, https://learn.microsoft.com/azure/devops/organizations/billing/billing-faq).
      const chargeKey = `${keyOf(user.principalName)}|${user.level}`;
      const earlierOrganization = chargedIn.get(chargeKey);
      if (earlierOrganization !== undefined) {
        return line(
          0,
          'paid_in_other_organization',
          `already paid in ${earlierOrganization} (multi-organization billing charges a user once)`,
        );
      }
      chargedIn.set(chargeKey, user.organization);
    }

    const levelName = accessLevel(user.level).uiName;
    const price = listPrice(user.level);
    const priced = (monthly: number, basis: ChargeBasis, why: string): CostLine =>
      line(monthly, basis, user.unknownLicensingSource ? `${why}; licensing source not recognised, counted as paid to be safe` : why);
    if (user.level === 'basic') {
      const grantKey = scope.multiOrganizationBilling ? '' : keyOf(user.organization);
      const used = freeSeatsUsed.get(grantKey) ?? 0;
      if (used < freeBasicUsersPerGrant) {
        freeSeatsUsed.set(grantKey, used + 1);
        const where = scope.multiOrganizationBilling ? ' on this subscription (multi-organization billing)' : '';
        return line(0, 'free_basic_grant', `one of the ${freeBasicUsersPerGrant} free Basic users${where}`);
      }
      const afterGrant = `once the ${freeBasicUsersPerGrant} free Basic users are taken`;
      const everyOrganization = user.servicePrincipal && scope.multiOrganizationBilling ? ' (service principals are charged in every organization)' : '';
      return priced(price, 'basic', `${levelName}: ${formatUsd(price)} a month ${afterGrant}${everyOrganization}`);
    }
    if (subscription) {
      const covered = accessLevel(subscription.covers).uiName;
      const why = `${subscription.name} covers ${covered} only, so ${levelName} is charged in full`;
      return priced(price, 'basic_test_plans', `${why} (${formatUsd(price)} a month)`);
    }
    return priced(price, 'basic_test_plans', `${levelName}: ${formatUsd(price)} a month, with no free users`);
  });
}

const sumMonthly = (lines: readonly CostLine[]): number =>
  roundToCents(lines.reduce((sum, line) => sum + line.monthly, 0));

function buildEstimate(scope: BillingScope, newcomers: ReadonlySet<string>): CostEstimate {
  const lines = priceLines(scope, newcomers);
  const monthlyTotal = sumMonthly(lines);
  const everyoneSignedIn = scope.users.map((user) => ({ ...user, signedIn: true }));
  const monthlyOnceSignedIn = sumMonthly(priceLines({ ...scope, users: everyoneSignedIn }, newcomers));
  return {
    ...citation(),
    multiOrganizationBilling: scope.multiOrganizationBilling,
    monthlyTotal,
    byOrganization: organizationOrder(scope).map((organization) => ({
      organization,
      monthly: sumMonthly(lines.filter((line) => keyOf(line.organization) === keyOf(organization))),
    })),
    freeBasicUsersPerGrant,
    freeBasicUsersUsed: lines.filter((line) => line.basis === 'free_basic_grant').length,
    firstSignIn: {
      users: lines.filter((line) => line.basis === 'bills_on_first_sign_in').length,
      addedMonthly: roundToCents(monthlyOnceSignedIn - monthlyTotal),
    },
    lines,
  };
}

/** The monthly user charges of a billing scope as it stands. */
export function estimateMonthlyCost(scope: BillingScope): CostEstimate {
  return buildEstimate(scope, new Set());
}

// ---- proration ----

export interface Proration {
  /** The UTC day the change takes effect (`now`), YYYY-MM-DD. */
  from: string;
  /** The last UTC day of that month, YYYY-MM-DD. */
  monthEnd: string;
  /** Days still to be metered this month, today included. */
  remainingDays: number;
  daysInMonth: number;
}

const isoDay = (year: number, monthIndex: number, day: number): string =>
  new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/** Daily metering in UTC days: a change made today is metered from today to the month's last day. */
export function prorationForRestOfMonth(now: Date): Proration {
  const year = now.getUTCFullYear();
  const monthIndex = now.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const today = now.getUTCDate();
  return {
    from: isoDay(year, monthIndex, today),
    monthEnd: isoDay(year, monthIndex, daysInMonth),
    remainingDays: daysInMonth - today + 1,
    daysInMonth,
  };
}

/** The part of a monthly amount metered from `now` to the end of its month, in cents. */
export function prorate(monthly: number, now: Date): number {
  const { remainingDays, daysInMonth } = prorationForRestOfMonth(now);
  return roundToCents((monthly * remainingDays) / daysInMonth);
}

// ---- proposed changes ----

/** A proposed change for one user in one organization. Direct assignments bill at once, signed in or not. */
export type SeatChange =
  | {
      action: 'assign';
      organization: string;
      principalName: string;
      displayName?: string;
      level: AccessLevelId;
      /** Known Visual Studio subscription; otherwise it is only detected when the user signs in. */
      visualStudio?: MsdnLicenseType;
    }
  | { action: 'change'; organization: string; principalName: string; level: AccessLevelId }
  | { action: 'remove'; organization: string; principalName: string };

export interface ChangeLine {
  principalName: string;
  displayName: string;
  organization: string;
  levelBefore: AccessLevelId | null;
  levelAfter: AccessLevelId | null;
  monthlyBefore: number;
  monthlyAfter: number;
  monthlyDelta: number;
  /** False when the user is not in the proposal but their charge moves with it (a free Basic seat changes hands). */
  proposed: boolean;
  why: string;
}

export interface ChangeEstimate extends PriceCitation {
  before: CostEstimate;
  after: CostEstimate;
  monthlyDelta: number;
  /** What the change adds to (or saves on) this month's bill, metered daily to the month's end. */
  proratedDelta: number;
  proration: Proration;
  lines: ChangeLine[];
  summary: string;
}

export type ChangeEstimateResult =
  | ({ ok: true } & ChangeEstimate)
  | {
      ok: false;
      reason: 'unknown_user';
      unknownUsers: Seat[];
      message: string;
    };

const sameSeat = (seat: Seat, other: Seat): boolean => seatKey(seat) === seatKey(other);

function signedUsd(amount: number): string {
  if (amount === 0) return formatUsd(0);
  return `${amount > 0 ? '+' : '-'}${formatUsd(Math.abs(amount))}`;
}

/**
 * The monthly cost before and after a proposal, the difference, and what it means for the current month.
 * `assign` adds a user (or sets the level of one already there); `change` and `remove` need an existing user.
 */
export function estimateChange(scope: BillingScope, changes: readonly SeatChange[], now: Date): ChangeEstimateResult {
  let users: BillableUser[] = [...scope.users];
  const newcomers = new Set<string>();
  const unknownUsers: Seat[] = [];

  for (const change of changes) {
    const existing = users.find((user) => sameSeat(user, change));
    if (change.action === 'remove') {
      if (!existing) unknownUsers.push({ organization: change.organization, principalName: change.principalName });
      else users = users.filter((user) => user !== existing);
      continue;
    }
    if (!existing && change.action === 'change') {
      unknownUsers.push({ organization: change.organization, principalName: change.principalName });
      continue;
    }
    const knownVisualStudio = change.action === 'assign' ? change.visualStudio : undefined;
    // A direct assignment replaces whatever a group rule gave, so the user bills from now on.
    const updated: BillableUser = existing
      ? {
          ...existing,
          level: change.level,
          assignedByGroupRule: false,
          visualStudio: knownVisualStudio ?? existing.visualStudio,
        }
      : {
          principalName: change.principalName,
          displayName: (change.action === 'assign' ? change.displayName : undefined) ?? change.principalName,
          organization: change.organization,
          level: change.level,
          visualStudio: knownVisualStudio ?? 'none',
          assignedByGroupRule: false,
          signedIn: false,
        };
    if (existing) {
      users = users.map((user) => (user === existing ? updated : user));
    } else {
      users = [...users, updated];
      newcomers.add(seatKey(updated));
    }
  }

  if (unknownUsers.length > 0) {
    const names = unknownUsers.map((user) => `${user.principalName} in ${user.organization}`).join(', ');
    return {
      ok: false,
      reason: 'unknown_user',
      unknownUsers,
      message: `Cannot change or remove users who are not in the organization: ${names}.`,
    };
  }

  const before = estimateMonthlyCost(scope);
  const after = buildEstimate({ ...scope, users }, newcomers);
  const monthlyDelta = roundToCents(after.monthlyTotal - before.monthlyTotal);
  const proration = prorationForRestOfMonth(now);
  const proratedDelta = prorate(monthlyDelta, now);
  const lines = compareLines(before.lines, after.lines, changes);
  const month = now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    ok: true,
    ...citation(),
    before,
    after,
    monthlyDelta,
    proratedDelta,
    proration,
    lines,
    summary:
      `Estimate: ${signedUsd(monthlyDelta)} a month ` +
      `(${formatUsd(before.monthlyTotal)} → ${formatUsd(after.monthlyTotal)}), ` +
      `${signedUsd(proratedDelta)} for the rest of ${month} ` +
      `(${proration.remainingDays} of ${proration.daysInMonth} days). ` +
      `List prices as of ${prices.asOf}.`,
  };
}

function compareLines(
  before: readonly CostLine[],
  after: readonly CostLine[],
  changes: readonly SeatChange[],
): ChangeLine[] {
  const seats: CostLine[] = [...after, ...before.filter((old) => !after.some((line) => sameSeat(line, old)))];
  return seats.flatMap((seat) => {
    const old = before.find((line) => sameSeat(line, seat));
    const current = after.find((line) => sameSeat(line, seat));
    const proposed = changes.some((change) => sameSeat(change, seat));
    const monthlyBefore = old?.monthly ?? 0;
    const monthlyAfter = current?.monthly ?? 0;
    if (!proposed && monthlyBefore === monthlyAfter) return [];
    return [
      {
        principalName: seat.principalName,
        displayName: seat.displayName,
        organization: seat.organization,
        levelBefore: old?.level ?? null,
        levelAfter: current?.level ?? null,
        monthlyBefore,
        monthlyAfter,
        monthlyDelta: roundToCents(monthlyAfter - monthlyBefore),
        proposed,
        why: current ? current.why : 'removed, no longer charged',
      },
    ];
  });
}

// ---- from REST values ----

/** The fields of a REST user entitlement the estimate needs; a port's `UserEntitlement` satisfies it. */
export interface EntitlementLike {
  principalName: string;
  displayName: string;
  accessLevel: RestAccessLevel;
  /** Absent, or a date before 1970 (REST sends 0001-01-01), when the user never signed in. */
  lastAccessedDate?: string;
  /** Set for service principals and managed identities (Graph subject kind `servicePrincipal`). */
  servicePrincipal?: boolean;
}

/**
 * A billable user from a REST entitlement, or null when the user holds no access level. With
 * `licensingSource: msdn` and an edition the REST does not name, the estimate treats the user as paid: we cannot tell
 * what the subscription covers.
 */
export function billableUserFromEntitlement(organization: string, entitlement: EntitlementLike): BillableUser | null {
  const description = describeEntitlement(entitlement.accessLevel);
  if (description.level === 'none') return null;
  const lastAccess = entitlement.lastAccessedDate ? Date.parse(entitlement.lastAccessedDate) : Number.NaN;
  return {
    principalName: entitlement.principalName,
    displayName: entitlement.displayName,
    organization,
    level: description.level,
    visualStudio: entitlement.accessLevel.msdnLicenseType,
    assignedByGroupRule: description.assignedByGroupRule,
    signedIn: lastAccess > 0,
    ...(description.coveredByGitHubEnterprise ? { coveredByGitHubEnterprise: true } : {}),
    ...(entitlement.servicePrincipal ? { servicePrincipal: true } : {}),
    ...(description.unknownLicensingSource ? { unknownLicensingSource: true } : {}),
  };
}

// ---- linking to a subscription ----

/** The subscription an organization is about to be billed to, and what is already billed to it. */
export interface LinkTarget {
  /** `undefined` when it cannot be read: no documented API reports the setting. */
  multiOrganizationBilling: boolean | undefined;
  /** Organizations already billed to the subscription, in billing order, and their users. */
  organizations: readonly string[];
  users: readonly BillableUser[];
  /** Some organizations billed to the subscription could not be read, so their users are missing. */
  incomplete?: boolean;
}

export type LinkingEffect =
  | { known: false; summary: string }
  | (PriceCitation & {
      known: true;
      multiOrganizationBilling: boolean;
      monthlyDelta: number;
      /** Users of the linked organization whose monthly charge changes, with the reason. */
      lines: ChangeLine[];
      summary: string;
    });

/**
 * What linking `organization` to the target subscription does to the monthly user charges. Without
 * multi-organization billing the organization keeps its own free grant, so linking alone changes nothing. With it,
 * the organization joins the subscription's single free grant and its people are paid once across the
 * subscription: users who were free can start billing at once, and people already paid elsewhere stop costing.
 */
export function estimateLinkingEffect(organization: string, organizationUsers: readonly BillableUser[], target: LinkTarget): LinkingEffect {
  const linkedUsers = organizationUsers.map((user) => ({ ...user, organization }));
  if (target.multiOrganizationBilling === undefined) {
    return {
      known: false,
      summary:
        'I cannot tell whether this subscription uses multi-organization billing (no documented API reports it). ' +
        `If it does, ${organization} shares the subscription's ${freeBasicUsersPerGrant} free Basic users with the ` +
        'other organizations on it, so users who are free today may start costing money at once. Check ' +
        'Organization settings > Billing > Configure user billing on an organization already billed to it.',
    };
  }
  if (!target.multiOrganizationBilling) {
    return {
      ...citation(),
      known: true,
      multiOrganizationBilling: false,
      monthlyDelta: 0,
      lines: [],
      summary:
        `Linking alone changes no user charges: ${organization} keeps its own ${freeBasicUsersPerGrant} free Basic ` +
        'users. Charges start when you assign paid access levels, parallel jobs or storage.',
    };
  }
  const alone = estimateMonthlyCost({ multiOrganizationBilling: false, organizations: [organization], users: linkedUsers });
  const shared = { multiOrganizationBilling: true, organizations: [...target.organizations, organization] };
  const targetBefore = estimateMonthlyCost({ ...shared, users: target.users });
  const after = estimateMonthlyCost({ ...shared, users: [...target.users, ...linkedUsers] });
  const monthlyDelta = roundToCents(after.monthlyTotal - targetBefore.monthlyTotal - alone.monthlyTotal);
  const lines = compareLines(alone.lines, after.lines.filter((line) => keyOf(line.organization) === keyOf(organization)), []);
  const incomplete = target.incomplete ? ' Some organizations on this subscription are not visible to you, so the real change may be larger.' : '';
  const change =
    monthlyDelta === 0
      ? 'user charges stay the same'
      : `user charges change by ${signedUsd(monthlyDelta)} a month (estimate, list prices as of ${prices.asOf})`;
  return {
    ...citation(),
    known: true,
    multiOrganizationBilling: true,
    monthlyDelta,
    lines,
    summary:
      `This subscription uses multi-organization billing: ${organization} joins its single grant of ` +
      `${freeBasicUsersPerGrant} free Basic users and each person is paid once across its organizations ` +
      `(except Basic in one and Basic + Test Plans in another, and service principals). Linking means ${change}.` +
      incomplete,
  };
}
