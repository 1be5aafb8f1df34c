import { billingDocUrl } from './docs.js';
import type { BillingDocPage } from './docs.js';
import { prices } from './prices.js';
import type { SpendingLimit, SubscriptionRole } from './restValues.js';

/** One Azure subscription as ARM lists it; a port's `AzureSubscription` satisfies it. */
export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  /** ARM's state: Enabled, Warned, PastDue, Disabled, Deleted. */
  state: string;
  quotaId: string;
  spendingLimit: SpendingLimit;
}

export interface EligibilityInput {
  subscription: SubscriptionRecord;
  /** The Microsoft Entra tenant the organization is connected to. */
  organizationTenantId: string;
  /** The person's role on the subscription. */
  role: SubscriptionRole;
  isProjectCollectionAdmin: boolean;
}

/** In the order they are reported: what is wrong with the subscription first, then what the person lacks. */
export type BlockerCode =
  | 'free_trial'
  | 'spending_limit'
  | 'subscription_disabled'
  | 'other_tenant'
  | 'missing_role'
  | 'not_pca';

export interface Blocker {
  code: BlockerCode;
  reason: string;
  fix: string;
  docUrl: string;
}

export interface EligibilityResult {
  eligible: boolean;
  subscriptionId: string;
  /** Every blocker found, not just the first, so one answer can list all the fixes. */
  blockers: Blocker[];
}

const freeTrialQuotaId = 'freetrial_2014-09-01';
const visualStudioSubscriberQuotaId = 'msdn_2014-09-01';

/** The fix for each blocker does not depend on the case, so it is written once. */
const remedies: Record<BlockerCode, { fix: string; page: BillingDocPage }> = {
  free_trial: {
    fix: 'Upgrade the subscription to Pay-As-You-Go in the Azure portal, or choose another subscription.',
    page: 'set-up-billing-for-your-organization-vs',
  },
  spending_limit: {
    fix:
      'In the Azure portal, remove the spending limit and choose to remove it indefinitely, ' +
      'not just for the current period.',
    page: 'billing-faq',
  },
  subscription_disabled: {
    fix:
      'Reactivate the subscription in the Azure portal (for example settle a past-due balance or update the ' +
      'payment method), or choose an active subscription.',
    page: 'billing-faq',
  },
  other_tenant: {
    fix:
      "Choose a subscription in the organization's tenant, or move the subscription into that tenant " +
      '(Azure portal > Subscriptions > Change directory).',
    page: 'set-up-billing-for-your-organization-vs',
  },
  missing_role: {
    fix:
      'Ask an Owner of the subscription to give you the Owner or Contributor role (Access control (IAM)), ' +
      'or ask someone who has it to set up billing.',
    page: 'add-backup-billing-managers',
  },
  not_pca: {
    fix:
      'Ask the organization owner or a Project Collection Administrator to add you to the Project Collection ' +
      'Administrators group, or to set up billing themselves.',
    page: 'set-up-billing-for-your-organization-vs',
  },
};

function blocker(code: BlockerCode, reason: string): Blocker {
  const { fix, page } = remedies[code];
  return { code, reason, fix, docUrl: billingDocUrl(page) };
}

const sameId = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether this person can pay for the organization with this subscription, and if not, everything in the way. */
export function checkSubscriptionEligibility(input: EligibilityInput): EligibilityResult {
  const { subscription } = input;
  const name = `"${subscription.displayName}"`;
  const blockers: Blocker[] = [];

  if (sameId(subscription.quotaId, freeTrialQuotaId)) {
    const reason = `${name} is an Azure Free Trial subscription, and Azure DevOps cannot bill to a free trial.`;
    blockers.push(blocker('free_trial', reason));
  }

  if (subscription.spendingLimit !== 'Off') {
    const limit =
      subscription.spendingLimit === 'CurrentPeriodOff'
        ? `${name} has its spending limit lifted for the current billing period only; it returns next period ` +
          'and would then disable the subscription and everything billed to it.'
        : `${name} has a spending limit, so it cannot take Azure DevOps charges.`;
    const credit = sameId(subscription.quotaId, visualStudioSubscriberQuotaId)
      ? ' The monthly Azure credit of a Visual Studio subscription cannot pay for Azure DevOps.'
      : '';
    blockers.push(blocker('spending_limit', limit + credit));
  }

  if (subscription.state !== 'Enabled') {
    blockers.push(
      blocker(
        'subscription_disabled',
        `${name} is ${subscription.state}, not Enabled; only an active subscription can pay.`,
      ),
    );
  }

  if (!sameId(subscription.tenantId, input.organizationTenantId)) {
    blockers.push(
      blocker(
        'other_tenant',
        `${name} belongs to Microsoft Entra tenant ${subscription.tenantId}, ` +
          `but the organization is connected to tenant ${input.organizationTenantId}.`,
      ),
    );
  }

  if (input.role !== 'Owner' && input.role !== 'Contributor') {
    const reason = `You are neither Owner nor Contributor on ${name}; one of those roles is needed to bill to it.`;
    blockers.push(blocker('missing_role', reason));
  }

  if (!input.isProjectCollectionAdmin) {
    blockers.push(
      blocker(
        'not_pca',
        'You are not a Project Collection Administrator of the organization, which billing setup requires.',
      ),
    );
  }

  return { eligible: blockers.length === 0, subscriptionId: subscription.subscriptionId, blockers };
}

export type SubscriptionListAdvice =
  | { exceedsPicker: false; limit: number }
  | { exceedsPicker: true; limit: number; notShown: number; advice: string; docUrl: string };

/** Whether the billing page's picker can show all `count` subscriptions someone sees, and what to do if not. */
export function subscriptionListAdvice(count: number): SubscriptionListAdvice {
  const limit = prices.limits.subscriptionPickerMax;
  if (count <= limit) return { exceedsPicker: false, limit };
  return {
    exceedsPicker: true,
    limit,
    notShown: count - limit,
    advice:
      `You can see ${count} subscriptions, but the billing page's picker lists at most ${limit}, ` +
      'so the one you want may not appear there. ' +
      'Filter by name or type the subscription ID here instead: the bot looks it up directly. ' +
      'In the portal itself, an account that sees only the target subscription avoids the limit.',
    docUrl: billingDocUrl('change-azure-subscription'),
  };
}
