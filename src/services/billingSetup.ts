import {
  AzureError,
  type AzureBackend,
  type AzureSubscription,
  type BillingLink,
  type Caller,
  type Organization,
  type SubscriptionRole,
  type UserEntitlement,
} from '../azure/ports.js';
import pLimit from 'p-limit';
import { deepFreeze } from '../deepFreeze.js';
import {
  billableUserFromEntitlement,
  estimateLinkingEffect,
  estimateMonthlyCost,
  type BillableUser,
  type BillingScope,
  type CostEstimate,
  type LinkingEffect,
} from '../rules/cost.js';
import { checkSubscriptionEligibility, subscriptionListAdvice, type Blocker } from '../rules/eligibility.js';
import { mayManageBilling, type PermissionDecision } from '../rules/permissions.js';
import type { Logger } from '../logger.js';
import { actedAs, type AuditLog, type BillingAuditRecord } from './audit.js';
import { ChangeLedger, inMemoryRecords, type ChangeInProgress, type RecordStore } from './changeLedger.js';

export interface SubscriptionOption {
  subscription: AzureSubscription;
  role: SubscriptionRole;
  blockers: Blocker[];
}

export interface BillingChoices {
  organization: Organization;
  current: BillingLink | null;
  /** The current subscription's details, when the caller can see it. */
  currentSubscription?: AzureSubscription;
  isProjectCollectionAdmin: boolean;
  eligible: SubscriptionOption[];
  ineligible: SubscriptionOption[];
  /** Set when the list is long enough that the Azure portal would truncate it. */
  advice?: string;
}

export interface OrganizationBilling {
  organization: Organization;
  link: BillingLink | null;
  subscription?: AzureSubscription;
  /**
   * What the organization's users cost today; absent when the caller may not list its users. With
   * multi-organization billing it covers every organization on the subscription that the caller can read
   * (`sharedWith`), because the free grant and each person's charge are shared.
   */
  cost?: CostEstimate;
  /** Subscriptions Azure would not let the caller search; billing may be in one of them when `link` is null. */
  uncheckedSubscriptionIds: string[];
  /** Whether the linked subscription uses multi-organization billing; `undefined` when it cannot be read. */
  multiOrganizationBilling?: boolean;
  /** With multi-organization billing: the organizations whose users the shared estimate covers, this one included. */
  sharedWith?: string[];
}

/** What the remove confirm card shows before the user decides, so a missing right is never a refusal after. */
export interface RemovalCheck {
  link: BillingLink | null;
  subscription?: AzureSubscription;
  decision: PermissionDecision;
}

export interface ChangeRequest {
  organization: Organization;
  /** Where billing was when the user confirmed (null: not set up). */
  confirmedSubscriptionId: string | null;
  correlationId?: string;
}

export interface LinkRequest extends ChangeRequest {
  subscriptionId: string;
}

export type LinkOutcome =
  | { kind: 'linked'; link: BillingLink }
  | { kind: 'changed'; link: BillingLink; previous: BillingLink }
  /** Billing already pointed at that subscription (someone else linked it meanwhile, or a repeated click). */
  | { kind: 'unchanged'; link: BillingLink };

export type RemoveOutcome = { kind: 'removed'; previous: BillingLink } | { kind: 'alreadyRemoved' };

/** A refusal the user can act on; the dialog shows `blockers` with their fixes. */
export class BillingNotAllowedError extends Error {
  constructor(
    message: string,
    readonly blockers: Blocker[],
  ) {
    super(message);
    this.name = 'BillingNotAllowedError';
  }
}

/** What `status` reads per organization before pricing it. */
interface BillingRow {
  organization: Organization;
  link: BillingLink | null;
  subscription?: AzureSubscription;
  /** Undefined when the caller may not list them, or when they were not needed. */
  users?: readonly BillableUser[];
  uncheckedSubscriptionIds: string[];
}

/** Per request: enough to stay quick with dozens of subscriptions, few enough not to provoke Azure throttling. */
const maxParallelAzureCalls = 6;

function assertUnchangedSince(request: ChangeRequest, current: BillingLink | null): void {
  const now = current?.subscriptionId ?? null;
  if (now !== request.confirmedSubscriptionId) {
    throw new BillingNotAllowedError(
      `Billing for ${request.organization.name} changed after you confirmed: it is now ${now ? `billed to subscription ${now}` : 'not set up'}. ` +
        'Nothing was changed by me; check "billing status" and start again if you still want the change.',
      [],
    );
  }
}

/**
 * Linking, changing and removing billing for the person in the chat. Every decision is made again here at the
 * moment of the change, from the backend, never from what an earlier card showed: cards go stale.
 */
export class BillingSetupService {
  constructor(
    private readonly deps: {
      backend: AzureBackend;
      audit: AuditLog;
      logger: Logger;
      now: () => Date;
      /** Billing changes in progress (one per organization); in memory when absent. */
      changeRecords?: RecordStore;
    },
  ) {
    this.changes = new ChangeLedger({
      records: deps.changeRecords ?? inMemoryRecords(),
      now: deps.now,
      refuse: (message) => new BillingNotAllowedError(message, []),
    });
  }

  private readonly changes: ChangeLedger;
  /**
   * The billable users of each entitlement list the backend handed out. Its read cache hands the same list to every
   * read within its lifetime, so a Refresh clicked again prices from the same users without describing each again.
   */
  private readonly billableByList = new WeakMap<readonly UserEntitlement[], { organization: string; users: readonly BillableUser[] }>();
  /** Estimates per users list (the same list comes back while the read cache holds it), with the scope they priced. */
  private readonly estimates = new WeakMap<readonly BillableUser[], { scope: string; estimate: CostEstimate }>();

  isAdmin(caller: Caller, organization: Organization): Promise<boolean> {
    return this.deps.backend.devops.isProjectCollectionAdmin(caller, organization);
  }

  organizations(caller: Caller): Promise<Organization[]> {
    return this.deps.backend.devops.listOrganizations(caller);
  }

  async status(caller: Caller): Promise<OrganizationBilling[]> {
    const { organizations, subscriptions } = await this.listings(caller);
    return this.billingOf(await this.readBilling(caller, organizations, subscriptions));
  }

  /**
   * `status` for one organization (a card's Refresh), reading only what its row needs: its own users, and with
   * multi-organization billing those of the organizations sharing its subscription. Undefined when the caller does
   * not manage it (any more).
   */
  async statusOf(caller: Caller, organizationId: string): Promise<OrganizationBilling | undefined> {
    const { organizations, subscriptions } = await this.listings(caller);
    const organization = organizations.find((candidate) => candidate.id === organizationId);
    if (!organization) return undefined;
    const [own] = await this.readBilling(caller, [organization], subscriptions);
    if (!own?.link || own.subscription?.multiOrganizationBilling !== true) return own && this.billingOf([own])[0];
    // In the listing's order, as `status` has them: the shared estimate charges each person in the first
    // organization that has them, and gives the free grant in that order.
    const rows = await this.readBilling(caller, organizations.filter((candidate) => candidate !== organization), subscriptions, own.link.subscriptionId);
    rows.splice(organizations.indexOf(organization), 0, own);
    return this.billingOf(rows).find((row) => row.organization === organization);
  }

  private async listings(caller: Caller): Promise<{ organizations: Organization[]; subscriptions: AzureSubscription[] }> {
    const [organizations, subscriptions] = await Promise.all([this.organizations(caller), this.deps.backend.arm.listSubscriptions(caller)]);
    return { organizations, subscriptions };
  }

  /**
   * Each organization's billing link and users. With `usersOnlyOn`, users are read only for organizations billed
   * to that subscription (the others' rows have none); otherwise for every organization, alongside its link.
   */
  private async readBilling(
    caller: Caller,
    organizations: readonly Organization[],
    subscriptions: readonly AzureSubscription[],
    usersOnlyOn?: string,
  ): Promise<BillingRow[]> {
    // A queue only when there are more organizations than calls allowed at once (a Refresh reads one).
    const limit: <T>(read: () => Promise<T>) => Promise<T> =
      organizations.length > maxParallelAzureCalls ? pLimit(maxParallelAzureCalls) : (read) => read();
    return Promise.all(
      organizations.map((organization) => limit(async (): Promise<BillingRow> => {
        const [{ link, uncheckedSubscriptionIds }, allUsers] = await Promise.all([
          this.deps.backend.arm.findBillingLink(caller, organization),
          usersOnlyOn === undefined ? this.billableUsers(caller, organization) : undefined,
        ]);
        const users = usersOnlyOn === undefined || link?.subscriptionId !== usersOnlyOn ? allUsers : await this.billableUsers(caller, organization);
        const subscription = link ? subscriptions.find((s) => s.subscriptionId === link.subscriptionId) : undefined;
        return { organization, link, subscription, users, uncheckedSubscriptionIds };
      })),
    );
  }

  private billingOf(rows: readonly BillingRow[]): OrganizationBilling[] {
    // The free grant and each person's single charge belong to the subscription, so with multi-organization billing
    // one estimate covers every organization on it that the caller can read; each card shows its share of it.
    const sharedScopes = new Map<string, { organizations: string[]; users: readonly BillableUser[] }>();
    const sharedScope = (subscriptionId: string) => {
      let scope = sharedScopes.get(subscriptionId);
      if (!scope) {
        const sharing = rows.filter((row) => row.link?.subscriptionId === subscriptionId && row.users);
        const [only] = sharing;
        scope = {
          organizations: sharing.map((row) => row.organization.name),
          users: sharing.length === 1 && only?.users ? only.users : sharing.flatMap((row) => row.users ?? []),
        };
        sharedScopes.set(subscriptionId, scope);
      }
      return scope;
    };
    return rows.map(({ organization, link, subscription, users, uncheckedSubscriptionIds }): OrganizationBilling => {
      const base = { organization, link, subscription, uncheckedSubscriptionIds, multiOrganizationBilling: subscription?.multiOrganizationBilling };
      if (!users) return base;
      if (!link || subscription?.multiOrganizationBilling !== true) {
        return { ...base, cost: this.estimate({ multiOrganizationBilling: false, users }) };
      }
      const shared = sharedScope(link.subscriptionId);
      return {
        ...base,
        cost: this.estimate({ multiOrganizationBilling: true, organizations: shared.organizations, users: shared.users }),
        sharedWith: [...shared.organizations],
      };
    });
  }

  private estimate(scope: BillingScope): CostEstimate {
    const key = `${scope.multiOrganizationBilling}\n${(scope.organizations ?? []).join('\n')}`;
    const known = this.estimates.get(scope.users);
    if (known?.scope === key) return known.estimate;
    const estimate = deepFreeze(estimateMonthlyCost(scope));
    this.estimates.set(scope.users, { scope: key, estimate });
    return estimate;
  }

  /** Seeing the cost is a bonus: a user who may not list an organization's users still gets its billing link. */
  private async billableUsers(caller: Caller, organization: Organization): Promise<readonly BillableUser[] | undefined> {
    try {
      const entitlements = await this.deps.backend.devops.listUserEntitlements(caller, organization);
      const known = this.billableByList.get(entitlements);
      if (known?.organization === organization.name) return known.users;
      const users = Object.freeze(
        entitlements.map((entitlement) => billableUserFromEntitlement(organization.name, entitlement)).filter((user): user is BillableUser => user !== null),
      );
      this.billableByList.set(entitlements, { organization: organization.name, users });
      return users;
    } catch (error) {
      if (error instanceof AzureError && (error.code === 'forbidden' || error.code === 'not_found')) return undefined;
      throw error;
    }
  }

  /**
   * What linking the organization to `subscriptionId` does to user charges, for the confirm card: with
   * multi-organization billing the organization joins the subscription's shared free grant.
   */
  async linkingEffect(caller: Caller, organization: Organization, subscriptionId: string): Promise<LinkingEffect> {
    const [organizations, subscriptions] = await Promise.all([
      this.organizations(caller),
      this.deps.backend.arm.listSubscriptions(caller),
    ]);
    const target = subscriptions.find((s) => s.subscriptionId === subscriptionId);
    const others = organizations.filter((o) => o.id !== organization.id);
    const limit = pLimit(maxParallelAzureCalls);
    const billedThere = await Promise.all(
      others.map((other) => limit(async () => {
        const link = await this.deps.backend.arm.getBillingLink(caller, other);
        if (link?.subscriptionId !== subscriptionId) return null;
        return { name: other.name, users: await this.billableUsers(caller, other) };
      })),
    );
    const sharing = billedThere.filter((row): row is { name: string; users: BillableUser[] | undefined } => row !== null);
    const own = (await this.billableUsers(caller, organization)) ?? [];
    return estimateLinkingEffect(organization.name, own, {
      multiOrganizationBilling: target?.multiOrganizationBilling,
      organizations: sharing.map((row) => row.name),
      users: sharing.flatMap((row) => row.users ?? []),
      incomplete: sharing.some((row) => row.users === undefined),
    });
  }

  async choices(caller: Caller, organization: Organization): Promise<BillingChoices> {
    const { arm, devops } = this.deps.backend;
    const [current, subscriptions, isProjectCollectionAdmin] = await Promise.all([
      arm.getBillingLink(caller, organization),
      arm.listSubscriptions(caller),
      devops.isProjectCollectionAdmin(caller, organization),
    ]);
    const limit = pLimit(maxParallelAzureCalls);
    const options = await Promise.all(
      subscriptions.map((subscription) => limit(async (): Promise<SubscriptionOption> => {
        const { role } = await arm.getSubscriptionRights(caller, subscription.subscriptionId);
        const { blockers } = checkSubscriptionEligibility({
          subscription,
          organizationTenantId: organization.tenantId,
          role,
          isProjectCollectionAdmin,
        });
        return { subscription, role, blockers };
      })),
    );
    const others = options.filter((option) => option.subscription.subscriptionId !== current?.subscriptionId);
    const listAdvice = subscriptionListAdvice(subscriptions.length);
    return {
      organization,
      current,
      currentSubscription: subscriptions.find((s) => s.subscriptionId === current?.subscriptionId),
      isProjectCollectionAdmin,
      eligible: others.filter((option) => option.blockers.length === 0),
      ineligible: others.filter((option) => option.blockers.length > 0),
      advice: listAdvice.exceedsPicker ? listAdvice.advice : undefined,
    };
  }

  /**
   * Links (or moves) billing after re-checking the organization, the subscription and the caller's rights, and that
   * billing is still where it was when the user confirmed: someone else may have changed it in between.
   */
  link(caller: Caller, request: LinkRequest): Promise<LinkOutcome> {
    return this.changes.exclusive(caller, request.organization, request.correlationId, (change) => this.linkAlone(caller, request, change));
  }

  private async linkAlone(caller: Caller, request: LinkRequest, change: ChangeInProgress): Promise<LinkOutcome> {
    const { organization, subscriptionId } = request;
    const choices = await this.choices(caller, organization);
    if (choices.current?.subscriptionId === subscriptionId) return { kind: 'unchanged', link: choices.current };
    assertUnchangedSince(request, choices.current);
    const option = [...choices.eligible, ...choices.ineligible].find((o) => o.subscription.subscriptionId === subscriptionId);
    if (!option) {
      throw new BillingNotAllowedError('That subscription is not one of yours any more, or it no longer exists.', []);
    }
    if (option.blockers.length > 0) {
      throw new BillingNotAllowedError('That subscription cannot pay for Azure DevOps right now.', option.blockers);
    }
    // Changing needs the same rights as linking, on the new subscription only; the eligibility blockers above
    // already hold both, so a role on the subscription that pays today is never asked for.
    const { isProjectCollectionAdmin } = choices;
    const decision = choices.current
      ? mayManageBilling({ action: 'change', isProjectCollectionAdmin, roleOnNewSubscription: option.role })
      : mayManageBilling({ action: 'link', isProjectCollectionAdmin, roleOnSubscription: option.role });
    if (!decision.allowed) throw new BillingNotAllowedError(decision.message, []);
    const action = choices.current ? 'billing.change' : 'billing.link';
    await change.sending({ action, fromSubscriptionId: choices.current?.subscriptionId, toSubscriptionId: subscriptionId });
    const link = await this.deps.backend.arm.linkBilling(caller, organization, subscriptionId);
    await this.audit(caller, action, organization, choices.current, link, request.correlationId);
    return choices.current ? { kind: 'changed', link, previous: choices.current } : { kind: 'linked', link };
  }

  /**
   * The billing link of one organization, its subscription when the caller can see it, and whether the caller may
   * remove it through the bot, so the confirm card can say so before the user decides.
   */
  async removalCheck(caller: Caller, organization: Organization): Promise<RemovalCheck> {
    const { arm, devops } = this.deps.backend;
    const [link, subscriptions, isProjectCollectionAdmin] = await Promise.all([
      arm.getBillingLink(caller, organization),
      arm.listSubscriptions(caller),
      devops.isProjectCollectionAdmin(caller, organization),
    ]);
    const role = link ? (await arm.getSubscriptionRights(caller, link.subscriptionId)).role : 'None';
    return {
      link,
      subscription: subscriptions.find((s) => s.subscriptionId === link?.subscriptionId),
      decision: mayManageBilling({ action: 'remove', isProjectCollectionAdmin, roleOnCurrentSubscription: role }),
    };
  }

  remove(caller: Caller, request: ChangeRequest): Promise<RemoveOutcome> {
    return this.changes.exclusive(caller, request.organization, request.correlationId, (change) => this.removeAlone(caller, request, change));
  }

  private async removeAlone(caller: Caller, request: ChangeRequest, change: ChangeInProgress): Promise<RemoveOutcome> {
    const { organization } = request;
    const { arm, devops } = this.deps.backend;
    const [current, isProjectCollectionAdmin] = await Promise.all([
      arm.getBillingLink(caller, organization),
      devops.isProjectCollectionAdmin(caller, organization),
    ]);
    if (!current) return { kind: 'alreadyRemoved' };
    assertUnchangedSince(request, current);
    const { role } = await arm.getSubscriptionRights(caller, current.subscriptionId);
    const decision = mayManageBilling({ action: 'remove', isProjectCollectionAdmin, roleOnCurrentSubscription: role });
    if (!decision.allowed) throw new BillingNotAllowedError(decision.message, []);
    await change.sending({ action: 'billing.remove', fromSubscriptionId: current.subscriptionId });
    await arm.removeBilling(caller, organization);
    await this.audit(caller, 'billing.remove', organization, current, null, request.correlationId);
    return { kind: 'removed', previous: current };
  }

  /**
   * Runs after the change succeeded. If the audit file cannot be written, the change still happened, so the user is
   * told the truth and the complete record goes to the log at error level, where it is not lost.
   */
  private async audit(
    caller: Caller,
    action: BillingAuditRecord['action'],
    organization: Organization,
    previous: BillingLink | null,
    next: BillingLink | null,
    correlationId: string | undefined,
  ): Promise<void> {
    const record: BillingAuditRecord = {
      at: this.deps.now().toISOString(),
      action,
      actor: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
      organization: { id: organization.id, name: organization.name },
      oldSubscriptionId: previous?.subscriptionId,
      newSubscriptionId: next?.subscriptionId,
      backend: this.deps.backend.kind,
      actedAs: actedAs(caller),
      correlationId,
    };
    try {
      await this.deps.audit.append(record);
    } catch (error) {
      this.deps.logger.error({ err: error, auditRecord: record }, 'could not append to the audit log; the record is kept here');
    }
  }
}
