import { randomUUID } from 'node:crypto';
import {
  AzureError,
  type AssignableAccessLevel,
  type AzureDevOpsPort,
  type Caller,
  type DevOpsProfile,
  type Organization,
  type OrganizationRef,
  type UserEntitlement,
} from '../ports.js';
import type { SandboxOrganization, SandboxSeed, SandboxUser } from './seedSchema.js';
import {
  actingUser,
  findEntitlement,
  findOrganization,
  isAdmin,
  isMember,
  resolvePrincipal,
  toUserEntitlement,
} from './tenantQueries.js';
import type { SandboxTenantStore } from './tenantStore.js';

/** Loose on purpose: Azure DevOps decides what a principal name is; this only catches obvious typos. */
const principalNamePattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Azure DevOps user management over the demo tenant, with the same permission rules as the service. */
export class SandboxDevOps implements AzureDevOpsPort {
  constructor(private readonly store: SandboxTenantStore) {}

  async getProfile(caller: Caller): Promise<DevOpsProfile> {
    const user = actingUser(await this.store.read(), caller);
    return { id: user.aadObjectId, displayName: user.displayName, emailAddress: user.principalName };
  }

  async listOrganizations(caller: Caller): Promise<Organization[]> {
    const tenant = await this.store.read();
    const user = actingUser(tenant, caller).aadObjectId;
    return tenant.organizations
      .filter((org) => isMember(org, user))
      .map((org) => ({ id: org.id, name: org.name, url: `https://dev.azure.com/${org.name}`, tenantId: org.tenantId }));
  }

  async listProjectCollectionAdmins(caller: Caller, organization: OrganizationRef): Promise<string[]> {
    const tenant = await this.store.read();
    return [...memberView(tenant, caller, organization).projectCollectionAdmins];
  }

  async isProjectCollectionAdmin(caller: Caller, organization: OrganizationRef, principalObjectId?: string): Promise<boolean> {
    const tenant = await this.store.read();
    const principal =
      principalObjectId === undefined ? actingUser(tenant, caller).aadObjectId : resolvePrincipal(tenant, principalObjectId);
    return isAdmin(findOrganization(tenant, organization), principal);
  }

  async listUserEntitlements(caller: Caller, organization: OrganizationRef): Promise<UserEntitlement[]> {
    const tenant = await this.store.read();
    const org = memberView(tenant, caller, organization);
    return org.entitlements.map((entitlement) => toUserEntitlement(tenant, entitlement));
  }

  async getUserEntitlement(caller: Caller, organization: OrganizationRef, userId: string): Promise<UserEntitlement | null> {
    const tenant = await this.store.read();
    const org = memberView(tenant, caller, organization);
    const entitlement = findEntitlement(org, userId);
    return entitlement ? toUserEntitlement(tenant, entitlement) : null;
  }

  /** Someone the tenant does not know yet is invited, as Azure DevOps does for a new e-mail address. */
  addUserEntitlement(
    caller: Caller,
    organization: OrganizationRef,
    principalName: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement> {
    return this.store.update((tenant) => {
      const org = adminView(tenant, caller, organization);
      if (!principalNamePattern.test(principalName)) {
        throw new AzureError('invalid_request', `"${principalName}" is not a user principal name (an e-mail address).`);
      }
      const user = findUserByPrincipalName(tenant, principalName) ?? invite(tenant, org, principalName);
      if (org.entitlements.some((e) => e.userAadObjectId === user.aadObjectId)) {
        throw new AzureError('conflict', `${user.displayName} already has access to ${org.name}; change their access level instead.`);
      }
      const entitlement = {
        userAadObjectId: user.aadObjectId,
        accountLicenseType: level.accountLicenseType,
        licensingSource: 'account',
        msdnLicenseType: 'none',
        assignmentSource: 'unknown',
        // Azure DevOps shows an added user as pending until the first sign-in; a direct assignment bills anyway.
        status: 'pending',
      } as const;
      org.entitlements.push(entitlement);
      return toUserEntitlement(tenant, entitlement);
    });
  }

  changeAccessLevel(
    caller: Caller,
    organization: OrganizationRef,
    userId: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement> {
    return this.store.update((tenant) => {
      const org = adminView(tenant, caller, organization);
      const entitlement = findEntitlement(org, userId);
      if (!entitlement) throw new AzureError('not_found', `That user has no access to ${org.name}.`);
      entitlement.accountLicenseType = level.accountLicenseType;
      // An assignment through the API is an account licence set directly: it replaces a Visual Studio or
      // group-rule source, as in the service.
      entitlement.licensingSource = 'account';
      entitlement.msdnLicenseType = 'none';
      entitlement.assignmentSource = 'unknown';
      return toUserEntitlement(tenant, entitlement);
    });
  }
}

/** Azure DevOps shows an organization's users only to its members. */
function memberView(tenant: SandboxSeed, caller: Caller, ref: OrganizationRef): SandboxOrganization {
  const org = findOrganization(tenant, ref);
  if (!isMember(org, actingUser(tenant, caller).aadObjectId)) {
    throw new AzureError('forbidden', `You are not a member of ${org.name}.`);
  }
  return org;
}

function adminView(tenant: SandboxSeed, caller: Caller, ref: OrganizationRef): SandboxOrganization {
  const org = findOrganization(tenant, ref);
  if (!isAdmin(org, actingUser(tenant, caller).aadObjectId)) {
    throw new AzureError('forbidden', `Only a Project Collection Administrator of ${org.name} can change access levels.`);
  }
  return org;
}

function findUserByPrincipalName(tenant: SandboxSeed, principalName: string): SandboxUser | undefined {
  const wanted = principalName.toLowerCase();
  return tenant.users.find((user) => user.principalName.toLowerCase() === wanted);
}

function invite(tenant: SandboxSeed, org: SandboxOrganization, principalName: string): SandboxUser {
  const user: SandboxUser = { aadObjectId: randomUUID(), displayName: principalName, principalName, tenantId: org.tenantId, kind: 'user' };
  tenant.users.push(user);
  return user;
}
