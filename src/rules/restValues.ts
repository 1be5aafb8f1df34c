/**
 * The Azure DevOps and Azure Resource Manager string values the rules reason about. They are defined here, in the
 * domain, and `src/azure/ports.ts` re-exports them, so a port's values pass straight into the rules.
 */

/** REST `accessLevel.accountLicenseType`. */
export type AccountLicenseType = 'none' | 'stakeholder' | 'express' | 'advanced' | 'professional' | 'earlyAdopter';

/** REST `accessLevel.licensingSource`. `gitHub` arrives with the 7.2 spec (GitHub Enterprise users); `unknown` stands for any value a newer API adds. */
export type LicensingSource = 'none' | 'account' | 'msdn' | 'profile' | 'auto' | 'trial' | 'gitHub' | 'unknown';

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
