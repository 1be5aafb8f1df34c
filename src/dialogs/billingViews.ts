import type { TurnContext } from 'botbuilder';
import type { AzureSubscription, SubscriptionRole } from '../azure/ports.js';
import type { CardRenderer } from '../cards/renderer.js';
import { billingDocUrl } from '../rules/docs.js';
import type { Blocker, BlockerCode } from '../rules/eligibility.js';
import { BillingNotAllowedError } from '../services/billingSetup.js';

const offerNames: Record<string, string> = {
  'PayAsYouGo_2014-09-01': 'Pay-As-You-Go',
  'FreeTrial_2014-09-01': 'Free Trial',
  'MSDN_2014-09-01': 'Visual Studio subscriber',
  'EnterpriseAgreement_2014-09-01': 'Enterprise Agreement',
  'CSP_2015-05-01': 'Cloud Solution Provider',
  'MPN_2014-09-01': 'Microsoft Partner Network',
};

const blockerLabels: Record<BlockerCode, string> = {
  free_trial: 'Free Trial',
  spending_limit: 'Spending limit',
  subscription_disabled: 'Disabled subscription',
  other_tenant: 'Another tenant',
  missing_role: 'Owner or Contributor role',
  not_pca: 'Project Collection Administrator',
};

/** Each fix once, however many subscriptions share the blocker: a long list then stays readable and small. */
export function distinctFixes(blockers: Blocker[]): Array<{ label: string; fix: string; docUrl: string }> {
  const byCode = new Map(blockers.map((blocker) => [blocker.code, blocker]));
  return [...byCode.values()].map((blocker) => ({ label: blockerLabels[blocker.code], fix: blocker.fix, docUrl: blocker.docUrl }));
}

export function describeSubscription(subscription: AzureSubscription, role: SubscriptionRole): string {
  const offer = offerNames[subscription.quotaId] ?? subscription.quotaId;
  const yourRole = role === 'None' ? 'no Owner/Contributor role for you' : `you are ${role}`;
  return `${offer} · ${subscription.state} · ${yourRole} · ${subscription.subscriptionId}`;
}

/**
 * A refusal from the billing service (a blocker, missing rights, billing changed meanwhile) becomes a card with the
 * reason and the fix. Anything else goes up to the turn error handler, which logs it with a reference and shows
 * the actionable message of an Azure error.
 */
export async function explainRefusal(context: TurnContext, cards: CardRenderer, error: unknown, action: string): Promise<void> {
  if (!(error instanceof BillingNotAllowedError)) throw error;
  await context.sendActivity({
    attachments: [
      cards.attachment('billing-blocked', {
        title: `I could not ${action}`,
        text: error.message,
        blockers: error.blockers,
        links: [{ title: 'Billing FAQ', url: billingDocUrl('billing-faq') }],
      }),
    ],
  });
}
