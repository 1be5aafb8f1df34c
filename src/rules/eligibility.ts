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
  /**
   * Whether the subscription bills its organizations together (one free grant, each person paid once). Set in
   * Organization settings > Billing > Configure user billing; no documented API reports it, so the REST backend
   * leaves it undefined (unknown) and only the sandbox knows it.
   */
  multiOrganizationBilling?: boolean;
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

/**
 * Offers that run on a monthly credit with a spending limit. The billing FAQ names the subscriptions that can pay
 * (Pay-As-You-Go, Enterprise Agreement, CSP, Open, and Visual Studio subscriber subscriptions once the spending limit
 * is removed) and excludes only the Free Trial and government or national clouds; partner network (MPN) and
 * Sponsorship subscriptions are not named either way. So, as for a Visual Studio subscription, the spending limit
 * decides: with it on they cannot take the charges, and the credit never pays for Azure DevOps.
 * https://learn.microsoft.com/azure/devops/organizations/billing/billing-faq
 */
const creditOffers: Record<string, string> = {
  'msdn_2014-09-01': 'a Visual Studio subscription',
  'mpn_2014-09-01': 'a partner network (MPN) subscription',
  'sponsored_2016-01-01': 'an Azure Sponsorship',
  'azurepass_2014-09-01': 'an Azure Pass',
  'azureforstudents_2018-01-01': 'Azure for Students',
};

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
    const offer = creditOffers[subscription.quotaId.trim().toLowerCase()];
    const credit = offer ? ` The monthly Azure credit of ${offer} cannot pay for Azure DevOps.` : '';
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

/**
 * Whether someone sees more subscriptions than the billing page's picker was documented to list, and what to do.
 * The limit comes from older versions of the change-subscription page (as of August 2020); current pages no longer
 * state it, so the advice reports it as a past limit, not as fact.
 */
export function subscriptionListAdvice(count: number): SubscriptionListAdvice {
  const limit = prices.limits.subscriptionPickerMax;
  if (count <= limit) return { exceedsPicker: false, limit };
  return {
    exceedsPicker: true,
    limit,
    notShown: count - limit,
    advice:
      `You can see ${count} subscriptions. Microsoft's page said (as of ${prices.limits.subscriptionPickerMaxAsOf}) ` +
      `that the billing page's picker listed at most ${limit}; current pages no longer mention a limit, but if the ` +
      'one you want does not appear there, type its subscription ID here instead: the bot looks it up directly.',
    docUrl: billingDocUrl('change-azure-subscription'),
  };
}
