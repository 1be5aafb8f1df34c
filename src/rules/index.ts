/** The billing rules' public API: pure functions over plain values, no I/O. */
export { formatUsd, prices } from './prices.js';
export type { PriceList } from './prices.js';
export type {
  AccountLicenseType,
  AssignmentSource,
  LicensingSource,
  MsdnLicenseType,
  RestAccessLevel,
  SpendingLimit,
  SubscriptionRole,
} from './restValues.js';
export { billingDocUrl } from './docs.js';
export type { BillingDocPage } from './docs.js';
export {
  accessLevel,
  accessLevelFromAccountLicenseType,
  accessLevels,
  describeEntitlement,
  levelIncludes,
  parseAccessLevel,
  visualStudioCovers,
  visualStudioSubscription,
} from './accessLevels.js';
export type {
  AccessLevelDefinition,
  AccessLevelId,
  AccessLevelParse,
  EntitlementDescription,
  VisualStudioSubscription,
} from './accessLevels.js';
export {
  billableUserFromEntitlement,
  estimateChange,
  estimateMonthlyCost,
  prorate,
  prorationForRestOfMonth,
} from './cost.js';
export type {
  BillableUser,
  BillingScope,
  ChangeEstimate,
  ChangeEstimateResult,
  ChangeLine,
  ChargeBasis,
  CostEstimate,
  CostLine,
  EntitlementLike,
  PriceCitation,
  Proration,
  Seat,
  SeatChange,
} from './cost.js';
export { checkSubscriptionEligibility, subscriptionListAdvice } from './eligibility.js';
export type {
  Blocker,
  BlockerCode,
  EligibilityInput,
  EligibilityResult,
  SubscriptionListAdvice,
  SubscriptionRecord,
} from './eligibility.js';
export { mayApproveSeatRequest, mayManageBilling } from './permissions.js';
export type { BillingRequest, Denial, DenialCode, PermissionDecision, SeatApprovalCheck } from './permissions.js';
export {
  compareServerVersions,
  minimumServerVersionForOrgBilling,
  organizationBillingSupport,
  parseServerVersion,
  serverAccessLevelName,
} from './serverVersions.js';
export type { OrganizationBillingSupport, ServerProduct, ServerVersion, ServerVersionParse } from './serverVersions.js';
