import pLimit from 'p-limit';
import { AzureError, type AzureBackend, type Caller, type OrganizationRef, type UserEntitlement } from '../azure/ports.js';
import { billableUserFromEntitlement, type BillableUser, type ChangeEstimate } from '../rules/cost.js';
import { estimateDowngrade, sweepInactivePaidUsers } from '../rules/costSweep.js';
import type { CostSweepResult, SweepBilling } from '../rules/costSweep.js';

export interface CostSweepDeps {
  backend: AzureBackend;
  now: () => Date;
}

export interface CostSweepRequest {
  organization: OrganizationRef;
  /** Days without a sign-in after which a paid user counts as inactive; the rule's default when absent. */
  inactiveDays?: number;
  /**
   * Who shares the bill. The caller resolves it (from the billing link and the subscription's multi-organization
   * billing setting, see `billingOf`); the sweep does not guess, since a wrong guess moves the free Basic users.
   */
  billing: SweepBilling;
}

/** The bill an organization is part of, and whether it could be read. */
export interface ResolvedBilling {
  billing: SweepBilling;
  /** Set when the bill could not be read in full, so the saving may be off: say so on the card. */
  caveat?: string;
}

/** A sweep and what downgrading its candidates except the kept ones saves, from one read of the users. */
export interface SweepReview {
  result: CostSweepResult;
  /** Candidates not kept, in the sweep's order. */
  chosen: string[];
  /** What lowering `chosen` to Stakeholder saves; absent when nobody is chosen. */
  chosenEstimate?: ChangeEstimate;
  caveat?: string;
}

const maxParallelAzureCalls = 6;
const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Reads every user entitlement of an organization (the port follows continuation tokens) and applies the cost sweep
 * rule. Azure errors reach the caller unchanged: they carry a message safe to show.
 */
export class CostSweepService {
  constructor(private readonly deps: CostSweepDeps) {}

  async sweep(caller: Caller, request: CostSweepRequest): Promise<CostSweepResult> {
    const entitlements = await this.deps.backend.devops.listUserEntitlements(caller, request.organization);
    return this.apply(request, entitlements);
  }

  /** The sweep on the organization's real bill, and the saving once the people in `keep` are left alone. */
  async review(caller: Caller, request: Omit<CostSweepRequest, 'billing'> & { keep: readonly string[] }): Promise<SweepReview> {
    const [entitlements, resolved] = await Promise.all([
      this.deps.backend.devops.listUserEntitlements(caller, request.organization),
      this.billingOf(caller, request.organization),
    ]);
    const result = this.apply({ ...request, billing: resolved.billing }, entitlements);
    if (!result.ok) return { result, chosen: [], ...caveat(resolved) };
    const kept = new Set(request.keep.map((name) => name.trim().toLowerCase()));
    const chosen = result.candidates.map((candidate) => candidate.principalName).filter((name) => !kept.has(name.toLowerCase()));
    if (chosen.length === 0) return { result, chosen, ...caveat(resolved) };
    const chosenEstimate = estimateDowngrade(
      { organization: request.organization.name, entitlements, now: this.deps.now(), billing: resolved.billing },
      chosen,
    );
    return { result, chosen, chosenEstimate, ...caveat(resolved) };
  }

  /**
   * Who shares the organization's bill: nobody, unless the subscription it is billed to uses multi-organization
   * billing; then the users of the caller's other organizations billed to the same subscription.
   */
  async billingOf(caller: Caller, organization: OrganizationRef): Promise<ResolvedBilling> {
    const { arm, devops } = this.deps.backend;
    const alone: SweepBilling = { multiOrganizationBilling: false };
    let subscriptionId: string;
    let multiOrganizationBilling: boolean | undefined;
    try {
      const { link } = await arm.findBillingLink(caller, organization);
      if (!link) return { billing: alone };
      subscriptionId = link.subscriptionId;
      multiOrganizationBilling = (await arm.listSubscriptions(caller)).find((s) => s.subscriptionId === subscriptionId)?.multiOrganizationBilling;
    } catch (error) {
      if (!(error instanceof AzureError) || !['forbidden', 'not_found', 'unauthorized'].includes(error.code)) throw error;
      return { billing: alone, caveat: 'I could not read which subscription pays for this organization, so the saving assumes it has its own free Basic users.' };
    }
    if (multiOrganizationBilling === undefined) {
      return {
        billing: alone,
        caveat: 'Whether the subscription uses multi-organization billing is not reported, so the saving assumes this organization has its own free Basic users.',
      };
    }
    if (!multiOrganizationBilling) return { billing: alone };

    const limit = pLimit(maxParallelAzureCalls);
    const listed = await devops.listOrganizations(caller);
    const others = listed.filter((other) => !sameName(other.id, organization.id));
    let unreadable = 0;
    const sharing = await Promise.all(
      others.map((other) =>
        limit(async (): Promise<{ name: string; users: BillableUser[] } | undefined> => {
          try {
            const { link } = await arm.findBillingLink(caller, other);
            if (!link || !sameName(link.subscriptionId, subscriptionId)) return undefined;
            const entitlements: UserEntitlement[] = await devops.listUserEntitlements(caller, other);
            return {
              name: other.name,
              users: entitlements.flatMap((entitlement) => billableUserFromEntitlement(other.name, entitlement) ?? []),
            };
          } catch (error) {
            if (!(error instanceof AzureError) || !['forbidden', 'not_found'].includes(error.code)) throw error;
            unreadable += 1;
            return undefined;
          }
        }),
      ),
    );
    const shared = sharing.filter((entry): entry is { name: string; users: BillableUser[] } => entry !== undefined);
    return {
      billing: {
        multiOrganizationBilling: true,
        // The order the organizations are listed in, as the status card's estimate uses it: the free grant goes first.
        organizations: listed
          .filter((entry) => sameName(entry.id, organization.id) || shared.some((other) => sameName(other.name, entry.name)))
          .map((entry) => entry.name),
        otherOrganizationsUsers: shared.flatMap((entry) => entry.users),
      },
      ...(unreadable > 0
        ? { caveat: `${unreadable} organization(s) you cannot read may share this subscription's bill; the saving counts only the ones you can see.` }
        : {}),
    };
  }

  private apply(request: CostSweepRequest, entitlements: UserEntitlement[]): CostSweepResult {
    return sweepInactivePaidUsers({
      organization: request.organization.name,
      entitlements,
      now: this.deps.now(),
      ...(request.inactiveDays === undefined ? {} : { inactiveDays: request.inactiveDays }),
      billing: request.billing,
    });
  }
}

function caveat(resolved: ResolvedBilling): { caveat?: string } {
  return resolved.caveat ? { caveat: resolved.caveat } : {};
}
