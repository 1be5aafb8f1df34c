import {
  AzureError,
  type AzureSubscription,
  type Caller,
  type OrganizationRef,
  type SubscriptionRole,
  type UserEntitlement,
} from '../ports.js';
import type { SandboxEntitlement, SandboxOrganization, SandboxSeed, SandboxSubscription, SandboxUser } from './seedSchema.js';

/**
 * The person the sandbox acts as. Anyone it does not know (a real Teams tenant, a Playground user not in the seed)
 * acts as the default user, so the demo works whoever opens it.
 */
export function actingUser(tenant: SandboxSeed, caller: Caller): SandboxUser {
  return (
    findUser(tenant, resolvePrincipal(tenant, caller.aadObjectId)) ??
    requireSeedUser(tenant, tenant.defaultUser)
  );
}

/** Maps an alias to its seed user; any other id stays as is (an unknown principal then simply holds nothing). */
export function resolvePrincipal(tenant: SandboxSeed, objectId: string): string {
  return findUser(tenant, objectId) ? objectId : (tenant.identityAliases[objectId] ?? objectId);
}

export function findOrganization(tenant: SandboxSeed, ref: OrganizationRef): SandboxOrganization {
  // Azure DevOps organization names are case-insensitive; the name is the fallback for a ref typed by a person.
  const organization =
    tenant.organizations.find((org) => org.id === ref.id) ??
    tenant.organizations.find((org) => org.name.toLowerCase() === ref.name.toLowerCase());
  if (!organization) throw new AzureError('not_found', `No organization named ${ref.name} was found.`);
  return organization;
}

export function findSubscription(tenant: SandboxSeed, subscriptionId: string): SandboxSubscription {
  const subscription = tenant.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (!subscription) throw new AzureError('not_found', `Subscription ${subscriptionId} was not found.`);
  return subscription;
}

export function roleOn(subscription: SandboxSubscription, objectId: string): SubscriptionRole {
  return subscription.roles[objectId] ?? 'None';
}

export function isAdmin(organization: SandboxOrganization, objectId: string): boolean {
  return organization.projectCollectionAdmins.includes(objectId);
}

export function isMember(organization: SandboxOrganization, objectId: string): boolean {
  return isAdmin(organization, objectId) || organization.entitlements.some((e) => e.userAadObjectId === objectId);
}

export function toAzureSubscription(subscription: SandboxSubscription): AzureSubscription {
  return {
    subscriptionId: subscription.subscriptionId,
    displayName: subscription.displayName,
    tenantId: subscription.tenantId,
    state: subscription.state,
    quotaId: subscription.quotaId,
    spendingLimit: subscription.spendingLimit,
  };
}

/** The sandbox uses the user's object id as the entitlement id (Azure DevOps has its own member id). */
export function toUserEntitlement(tenant: SandboxSeed, entitlement: SandboxEntitlement): UserEntitlement {
  const user = requireSeedUser(tenant, entitlement.userAadObjectId);
  return {
    id: user.aadObjectId,
    principalName: user.principalName,
    displayName: user.displayName,
    accessLevel: {
      accountLicenseType: entitlement.accountLicenseType,
      licensingSource: entitlement.licensingSource,
      msdnLicenseType: entitlement.msdnLicenseType,
      assignmentSource: entitlement.assignmentSource,
      status: entitlement.status,
    },
    ...(entitlement.lastAccessedDate === undefined ? {} : { lastAccessedDate: entitlement.lastAccessedDate }),
  };
}

function findUser(tenant: SandboxSeed, objectId: string): SandboxUser | undefined {
  return tenant.users.find((user) => user.aadObjectId === objectId);
}

/** Seed references are checked on load, so a miss here is a bug in the sandbox, not a user error. */
function requireSeedUser(tenant: SandboxSeed, objectId: string): SandboxUser {
  const user = findUser(tenant, objectId);
  if (!user) throw new Error(`Sandbox tenant refers to unknown user ${objectId}`);
  return user;
}
