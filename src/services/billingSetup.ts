import {
  AzureError,
  type AzureBackend,
  type AzureSubscription,
  type BillingLink,
  type Caller,
  type Organization,
  type SubscriptionRole,
} from '../azure/ports.js';
import pLimit from 'p-limit';
import { billableUserFromEntitlement, estimateMonthlyCost, type BillableUser, type CostEstimate } from '../rules/cost.js';
import { checkSubscriptionEligibility, subscriptionListAdvice, type Blocker } from '../rules/eligibility.js';
import { mayManageBilling } from '../rules/permissions.js';
import type { Logger } from '../logger.js';
import type { AuditLog, AuditRecord } from './audit.js';
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
  /** What the organization's users cost today; absent when the caller may not list its users. */
  cost?: CostEstimate;
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

  organizations(caller: Caller): Promise<Organization[]> {
    return this.deps.backend.devops.listOrganizations(caller);
  }

  async status(caller: Caller): Promise<OrganizationBilling[]> {
    const [organizations, subscriptions] = await Promise.all([
      this.organizations(caller),
      this.deps.backend.arm.listSubscriptions(caller),
    ]);
    const limit = pLimit(maxParallelAzureCalls);
    return Promise.all(
      organizations.map((organization) => limit(async () => {
        const [link, cost] = await Promise.all([
          this.deps.backend.arm.getBillingLink(caller, organization),
          this.currentCost(caller, organization),
        ]);
        const subscription = link ? subscriptions.find((s) => s.subscriptionId === link.subscriptionId) : undefined;
        return { organization, link, subscription, cost };
      })),
    );
  }

  /** Seeing the cost is a bonus on the status card: a user who may not list users still gets the billing link. */
  private async currentCost(caller: Caller, organization: Organization): Promise<CostEstimate | undefined> {
    try {
      const entitlements = await this.deps.backend.devops.listUserEntitlements(caller, organization);
      const users = entitlements
        .map((entitlement) => billableUserFromEntitlement(organization.name, entitlement))
        .filter((user): user is BillableUser => user !== null);
      return estimateMonthlyCost({ multiOrganizationBilling: false, users });
    } catch (error) {
      if (error instanceof AzureError && (error.code === 'forbidden' || error.code === 'not_found')) return undefined;
      throw error;
    }
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
    if (choices.current) {
      const { role: currentRole } = await this.deps.backend.arm.getSubscriptionRights(caller, choices.current.subscriptionId);
      const decision = mayManageBilling({
        action: 'change',
        isProjectCollectionAdmin: choices.isProjectCollectionAdmin,
        roleOnCurrentSubscription: currentRole,
        roleOnNewSubscription: option.role,
      });
      if (!decision.allowed) throw new BillingNotAllowedError(decision.message, []);
    }
    const action = choices.current ? 'billing.change' : 'billing.link';
    await change.sending({ action, fromSubscriptionId: choices.current?.subscriptionId, toSubscriptionId: subscriptionId });
    const link = await this.deps.backend.arm.linkBilling(caller, organization, subscriptionId);
    await this.audit(caller, action, organization, choices.current, link, request.correlationId);
    return choices.current ? { kind: 'changed', link, previous: choices.current } : { kind: 'linked', link };
  }

  /** The billing link of one organization, with its subscription when the caller can see it. */
  async billingOf(caller: Caller, organization: Organization): Promise<{ link: BillingLink | null; subscription?: AzureSubscription }> {
    const [link, subscriptions] = await Promise.all([
      this.deps.backend.arm.getBillingLink(caller, organization),
      this.deps.backend.arm.listSubscriptions(caller),
    ]);
    return { link, subscription: subscriptions.find((s) => s.subscriptionId === link?.subscriptionId) };
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
    action: AuditRecord['action'],
    organization: Organization,
    previous: BillingLink | null,
    next: BillingLink | null,
    correlationId: string | undefined,
  ): Promise<void> {
    const record: AuditRecord = {
      at: this.deps.now().toISOString(),
      action,
      actor: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
      organization: { id: organization.id, name: organization.name },
      oldSubscriptionId: previous?.subscriptionId,
      newSubscriptionId: next?.subscriptionId,
      backend: this.deps.backend.kind,
      correlationId,
    };
    try {
      await this.deps.audit.append(record);
    } catch (error) {
      this.deps.logger.error({ err: error, auditRecord: record }, 'could not append to the audit log; the record is kept here');
    }
  }
}
