/**
 * What the bot's capabilities need from Azure Resource Manager and Azure DevOps, as plain values.
 * Two implementations: `sandbox/` (an in-process demo tenant) and `rest/` (real HTTP through @azure/identity).
 * Every call names the person the bot acts for (`Caller`): rights are always checked for that person, never for
 * the bot's own identity.
 */

import type { SubscriptionRecord } from '../rules/eligibility.js';
import type {
  AccountLicenseType,
  AssignmentSource,
  LicensingSource,
  MsdnLicenseType,
  SpendingLimit,
  SubscriptionRole,
} from '../rules/restValues.js';

// The REST and ARM string values are domain vocabulary, defined once in the rules module.
export type { AccountLicenseType, AssignmentSource, LicensingSource, MsdnLicenseType, SpendingLimit, SubscriptionRole };

/** The Teams user on whose behalf a call is made. `ssoToken` is present only when Teams SSO produced one. */
export interface Caller {
  aadObjectId: string;
  tenantId: string;
  displayName?: string;
  userPrincipalName?: string;
  ssoToken?: string;
  /**
   * When the turn acting for this person started (ms since the epoch): Azure reads are budgeted from it. Absent
   * outside a turn (background jobs), where there is no budget.
   */
  turnStartedAt?: number;
}

// ---- Azure Resource Manager ----


/** One row of `GET /subscriptions`, flattened: the record the eligibility rules judge. */
export type AzureSubscription = SubscriptionRecord;


export interface SubscriptionRights {
  subscriptionId: string;
  principalObjectId: string;
  role: SubscriptionRole;
}

/** The organization's billing resource (`Microsoft.VisualStudio/account`) as ARM reports it. */
export interface BillingLink {
  organizationId: string;
  organizationName: string;
  subscriptionId: string;
  resourceGroup: string;
  /** ISO timestamp when known (the sandbox records it; ARM does not return it). */
  linkedAt?: string;
}

/** The outcome of searching the caller's subscriptions for an organization's billing resource. */
export interface BillingLinkSearch {
  link: BillingLink | null;
  /**
   * Subscriptions that could not be searched because Azure refused the read there (a role on one resource group only,
   * say). When `link` is null, billing may still be set up in one of these.
   */
  uncheckedSubscriptionIds: string[];
}

export interface AzureResourceManagerPort {
  /** Subscriptions the caller can see, every page. */
  listSubscriptions(caller: Caller): Promise<AzureSubscription[]>;
  /** The strongest billing-relevant role `principalObjectId` (default: the caller) holds on the subscription. */
  getSubscriptionRights(caller: Caller, subscriptionId: string, principalObjectId?: string): Promise<SubscriptionRights>;
  /** The billing link of an organization, or null when billing is not set up. */
  getBillingLink(caller: Caller, organization: OrganizationRef): Promise<BillingLink | null>;
  /** Like `getBillingLink`, and says which subscriptions could not be searched. */
  findBillingLink(caller: Caller, organization: OrganizationRef): Promise<BillingLinkSearch>;
  /** Links (or moves) the organization's billing to `subscriptionId`. */
  linkBilling(caller: Caller, organization: OrganizationRef, subscriptionId: string): Promise<BillingLink>;
  /** Removes billing; the organization falls back to the free tier. */
  removeBilling(caller: Caller, organization: OrganizationRef): Promise<void>;
}

// ---- Azure DevOps ----

export interface DevOpsProfile {
  id: string;
  displayName: string;
  emailAddress: string;
}

/** Enough to address an organization in both ARM (host id) and Azure DevOps (name). */
export interface OrganizationRef {
  id: string;
  name: string;
}

export interface Organization extends OrganizationRef {
  url: string;
  tenantId: string;
}

/** REST `accessLevel.gitHubLicenseType` (memberEntitlementManagement 7.2); `unknown` for a value added later. */
export type GitHubLicenseType = 'none' | 'enterprise' | 'unknown';

export interface AccessLevel {
  accountLicenseType: AccountLicenseType;
  licensingSource: LicensingSource;
  msdnLicenseType: MsdnLicenseType;
  assignmentSource: AssignmentSource;
  status: string;
  /** Present when Azure DevOps reports it (GitHub Enterprise users, `licensingSource: gitHub`). */
  gitHubLicenseType?: GitHubLicenseType;
}

export interface UserEntitlement {
  id: string;
  principalName: string;
  displayName: string;
  accessLevel: AccessLevel;
  /** ISO timestamp; absent (or the epoch) when the user never signed in. */
  lastAccessedDate?: string;
  /** A service principal or managed identity rather than a person (Graph subject kind `servicePrincipal`). */
  servicePrincipal?: boolean;
  /**
   * Display names of the groups whose group rule gives this user their access level (REST `groupAssignments`, listed
   * only with `select=Grouprules`); absent when not reported.
   */
  ruleGroups?: string[];
}

/** The access level to set: only account-sourced levels can be assigned through the API. */
export interface AssignableAccessLevel {
  accountLicenseType: 'stakeholder' | 'express' | 'advanced';
}

/**
 * Why a listing is read. `manage` (the default) is for admins: with the bot's own identity it lists only what the
 * caller administers. `request` is for people asking for seats: any organization the bot serves may receive a request
 * and is priced for it (only the requested people and the cost are shown), since approvers decide.
 */
export type ReadPurpose = 'manage' | 'request';

export interface AzureDevOpsPort {
  getProfile(caller: Caller): Promise<DevOpsProfile>;
  listOrganizations(caller: Caller, purpose?: ReadPurpose): Promise<Organization[]>;
  /** Whether `principalObjectId` (default: the caller) is a Project Collection Administrator of the organization. */
  isProjectCollectionAdmin(caller: Caller, organization: OrganizationRef, principalObjectId?: string): Promise<boolean>;
  /** Entra object ids of the organization's Project Collection Administrators (users, nested groups expanded). */
  listProjectCollectionAdmins(caller: Caller, organization: OrganizationRef): Promise<string[]>;
  listUserEntitlements(caller: Caller, organization: OrganizationRef, purpose?: ReadPurpose): Promise<UserEntitlement[]>;
  getUserEntitlement(caller: Caller, organization: OrganizationRef, userId: string): Promise<UserEntitlement | null>;
  addUserEntitlement(
    caller: Caller,
    organization: OrganizationRef,
    principalName: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement>;
  changeAccessLevel(
    caller: Caller,
    organization: OrganizationRef,
    userId: string,
    level: AssignableAccessLevel,
  ): Promise<UserEntitlement>;
}

/** Both ports, as the composition root hands them to services. */
export interface AzureBackend {
  kind: 'sandbox' | 'azure';
  arm: AzureResourceManagerPort;
  devops: AzureDevOpsPort;
}

/**
 * The few failures an admin can act on. Ports throw these (and only these) so the bot can explain them.
 * `detail` is for the log; `message` is safe to show.
 */
export type AzureErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'invalid_request'
  | 'sign_in_required';

export class AzureError extends Error {
  constructor(
    readonly code: AzureErrorCode,
    message: string,
    readonly detail?: { status?: number; url?: string; body?: string; cause?: unknown },
  ) {
    super(message);
    this.name = 'AzureError';
  }
}

/**
 * Acting as the user failed because of the user's sign-in, not of Azure: Entra wants consent for the bot to call
 * Azure as them, or their single sign-on token is no longer valid. Signing in again (or an admin's consent) fixes it.
 */
export class SignInRequiredError extends AzureError {
  constructor(
    readonly reason: 'consent' | 'expired',
    message: string,
    cause?: unknown,
  ) {
    super('sign_in_required', message, { cause });
    this.name = 'SignInRequiredError';
  }
}
