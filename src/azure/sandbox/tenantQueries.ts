import { createHash } from 'node:crypto';
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
    multiOrganizationBilling: subscription.multiOrganizationBilling,
  };
}

/**
 * Azure DevOps keeps its own member id, not the Entra object id; the sandbox derives a stable one from the object id
 * so that code mixing the two up fails here too, not only against the real service.
 */
export function entitlementId(aadObjectId: string): string {
  const hex = createHash('sha256').update(`devops-member:${aadObjectId.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The entitlement with member id `userId` (as `toUserEntitlement` reports it), if the organization has one. */
export function findEntitlement(organization: SandboxOrganization, userId: string): SandboxEntitlement | undefined {
  const wanted = userId.toLowerCase();
  return organization.entitlements.find((e) => entitlementId(e.userAadObjectId) === wanted);
}

export function toUserEntitlement(tenant: SandboxSeed, entitlement: SandboxEntitlement): UserEntitlement {
  const user = requireSeedUser(tenant, entitlement.userAadObjectId);
  return {
    id: entitlementId(user.aadObjectId),
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
    ...(user.kind === 'servicePrincipal' ? { servicePrincipal: true } : {}),
    ...(entitlement.groupRule === undefined ? {} : { ruleGroups: [entitlement.groupRule] }),
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
