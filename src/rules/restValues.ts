/**
 * The Azure DevOps and Azure Resource Manager string values the rules reason about.
 * They mirror the port types in `src/azure/ports.ts` on purpose: the rules layer imports nothing outside itself, and
 * identical string-literal unions keep the two structurally compatible, so the bot can pass a port's value straight in.
 */

/** REST `accessLevel.accountLicenseType`. */
export type AccountLicenseType = 'none' | 'stakeholder' | 'express' | 'advanced' | 'professional' | 'earlyAdopter';

/** REST `accessLevel.licensingSource`. */
export type LicensingSource = 'none' | 'account' | 'msdn' | 'profile' | 'auto' | 'trial';

/** REST `accessLevel.msdnLicenseType`: the user's Visual Studio (formerly MSDN) subscription, `none` when absent. */
export type MsdnLicenseType =
  | 'none'
  | 'eligible'
  | 'professional'
  | 'platforms'
  | 'testProfessional'
  | 'premium'
  | 'ultimate'
  | 'enterprise';

/** REST `accessLevel.assignmentSource`: `groupRule` users bill only after their first sign-in. */
export type AssignmentSource = 'none' | 'unknown' | 'groupRule';

/** The REST access-level fields the rules read; a port's `AccessLevel` satisfies it. */
export interface RestAccessLevel {
  accountLicenseType: AccountLicenseType;
  licensingSource: LicensingSource;
  msdnLicenseType: MsdnLicenseType;
  assignmentSource?: AssignmentSource;
}

/** ARM `subscriptionPolicies.spendingLimit`. */
export type SpendingLimit = 'On' | 'Off' | 'CurrentPeriodOff';

/** The Azure RBAC roles that matter for billing; `None` covers Reader and no assignment at all. */
export type SubscriptionRole = 'Owner' | 'Contributor' | 'None';
