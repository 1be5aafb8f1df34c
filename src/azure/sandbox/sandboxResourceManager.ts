import { billingResourceGroup } from '../billingResource.js';
import {
  AzureError,
  type AzureResourceManagerPort,
  type AzureSubscription,
  type BillingLink,
  type BillingLinkSearch,
  type Caller,
  type OrganizationRef,
  type SubscriptionRights,
} from '../ports.js';
import type { SandboxOrganization, SandboxSubscription } from './seedSchema.js';
import {
  actingUser,
  findOrganization,
  findSubscription,
  isAdmin,
  resolvePrincipal,
  roleOn,
  toAzureSubscription,
} from './tenantQueries.js';
import type { SandboxTenantStore } from './tenantStore.js';

const freeTrialQuotaId = 'FreeTrial_2014-09-01';

/**
 * ARM as the demo tenant sees it. It refuses what the real `Microsoft.VisualStudio/account` provider refuses, so a
 * dialog that works here fails the same way against Azure.
 */
export class SandboxResourceManager implements AzureResourceManagerPort {
  constructor(
    private readonly store: SandboxTenantStore,
    private readonly now: () => Date,
  ) {}

  /** Like ARM, includes subscriptions of other tenants the caller is a guest in: that is how "other tenant" shows. */
  async listSubscriptions(caller: Caller): Promise<AzureSubscription[]> {
    const tenant = await this.store.read();
    const user = actingUser(tenant, caller).aadObjectId;
    return tenant.subscriptions
      .filter((subscription) => roleOn(subscription, user) !== 'None' || subscription.visibleTo.includes(user))
      .map(toAzureSubscription);
  }

  async getSubscriptionRights(caller: Caller, subscriptionId: string, principalObjectId?: string): Promise<SubscriptionRights> {
    const tenant = await this.store.read();
    const subscription = findSubscription(tenant, subscriptionId);
    const principal =
      principalObjectId === undefined ? actingUser(tenant, caller).aadObjectId : resolvePrincipal(tenant, principalObjectId);
    return {
      subscriptionId: subscription.subscriptionId,
      principalObjectId: principalObjectId ?? caller.aadObjectId,
      role: roleOn(subscription, principal),
    };
  }

  async getBillingLink(_caller: Caller, organization: OrganizationRef): Promise<BillingLink | null> {
    const org = findOrganization(await this.store.read(), organization);
    return org.billing ? billingLinkOf(org, org.billing) : null;
  }

  /** The demo tenant reads its own state, so no subscription is ever out of reach. */
  async findBillingLink(caller: Caller, organization: OrganizationRef): Promise<BillingLinkSearch> {
    return { link: await this.getBillingLink(caller, organization), uncheckedSubscriptionIds: [] };
  }

  linkBilling(caller: Caller, organization: OrganizationRef, subscriptionId: string): Promise<BillingLink> {
    return this.store.update((tenant) => {
      const user = actingUser(tenant, caller).aadObjectId;
      const org = findOrganization(tenant, organization);
      const subscription = findSubscription(tenant, subscriptionId);
      requireBillingRole(subscription, user);
      requireAdmin(org, user);
      refuseUnpayable(subscription, org);
      // Linking to the subscription already in use is a no-op in ARM (PUT is idempotent): keep the original date.
      const billing =
        org.billing?.subscriptionId === subscription.subscriptionId
          ? org.billing
          : { subscriptionId: subscription.subscriptionId, linkedAt: this.now().toISOString() };
      org.billing = billing;
      return billingLinkOf(org, billing);
    });
  }

  removeBilling(caller: Caller, organization: OrganizationRef): Promise<void> {
    return this.store.update((tenant) => {
      const user = actingUser(tenant, caller).aadObjectId;
      const org = findOrganization(tenant, organization);
      // ARM answers DELETE of a resource that is not there with success.
      if (!org.billing) return;
      requireBillingRole(findSubscription(tenant, org.billing.subscriptionId), user);
      requireAdmin(org, user);
      org.billing = null;
    });
  }
}


function billingLinkOf(org: SandboxOrganization, billing: NonNullable<SandboxOrganization['billing']>): BillingLink {
  return {
    organizationId: org.id,
    organizationName: org.name,
    subscriptionId: billing.subscriptionId,
    resourceGroup: billingResourceGroup(org.id),
    linkedAt: billing.linkedAt,
  };
}

function requireBillingRole(subscription: SandboxSubscription, user: string): void {
  if (roleOn(subscription, user) === 'None') {
    throw new AzureError(
      'forbidden',
      `You need the Owner or Contributor role on the subscription "${subscription.displayName}" to use it for billing.`,
    );
  }
}

function requireAdmin(org: SandboxOrganization, user: string): void {
  if (!isAdmin(org, user)) {
    throw new AzureError('forbidden', `Only a Project Collection Administrator of ${org.name} can change its billing.`);
  }
}

/** The subscription kinds Azure DevOps cannot charge, in the order an admin should fix them. */
function refuseUnpayable(subscription: SandboxSubscription, org: SandboxOrganization): void {
  const name = `"${subscription.displayName}"`;
  if (subscription.tenantId !== org.tenantId) {
    throw new AzureError(
      'invalid_request',
      `The subscription ${name} is in a different Microsoft Entra tenant from ${org.name}; billing needs a subscription in the organization's own tenant.`,
    );
  }
  if (subscription.state !== 'Enabled') {
    throw new AzureError(
      'invalid_request',
      `The subscription ${name} is ${subscription.state.toLowerCase()}, so it cannot pay for Azure DevOps.`,
    );
  }
  if (subscription.quotaId === freeTrialQuotaId) {
    throw new AzureError('invalid_request', `${name} is an Azure Free Trial subscription, which cannot pay for Azure DevOps.`);
  }
  if (subscription.spendingLimit !== 'Off') {
    throw new AzureError(
      'invalid_request',
      `${name} has a spending limit; it can pay for Azure DevOps only once the spending limit is removed indefinitely.`,
    );
  }
}
