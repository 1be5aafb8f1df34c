import type { AzureBackend, Caller, OrganizationRef } from '../azure/ports.js';
import { sweepInactivePaidUsers } from '../rules/costSweep.js';
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
   * billing setting); the sweep does not guess, since a wrong guess moves the free Basic users.
   */
  billing: SweepBilling;
}

/**
 * Reads every user entitlement of an organization (the port follows continuation tokens) and applies the cost sweep
 * rule. Azure errors reach the caller unchanged: they carry a message safe to show.
 */
export class CostSweepService {
  constructor(private readonly deps: CostSweepDeps) {}

  async sweep(caller: Caller, request: CostSweepRequest): Promise<CostSweepResult> {
    const entitlements = await this.deps.backend.devops.listUserEntitlements(caller, request.organization);
    return sweepInactivePaidUsers({
      organization: request.organization.name,
      entitlements,
      now: this.deps.now(),
      ...(request.inactiveDays === undefined ? {} : { inactiveDays: request.inactiveDays }),
      billing: request.billing,
    });
  }
}
