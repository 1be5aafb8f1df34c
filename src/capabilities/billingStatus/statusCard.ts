import { escapeUserText } from '../../cards/escape.js';
import { withinMessageLimit, type CardRenderer } from '../../cards/renderer.js';
import type { CostEstimate } from '../../rules/cost.js';
import { formatUsd, prices } from '../../rules/prices.js';
import type { BillingStatusCardData } from '../../cards/views.js';
import type { BillingSetupService, OrganizationBilling } from '../../services/billingSetup.js';
import type { CommandHandler } from '../../bot/contracts.js';

/** The status card's Refresh button (`Action.Execute`), handled by `actions/refresh.ts`. */
export const refreshVerb = 'billingStatus/refresh';

/** One card per organization, sent as a single message so a long list stays within the channel's rate limit. */
export function billingStatusCommand(deps: { billing: BillingSetupService; cards: CardRenderer; now: () => Date }): CommandHandler {
  return async ({ context, caller, recognized }) => {
    const wanted = recognized.entities.organization?.toLowerCase();
    const all = await deps.billing.status(caller);
    const statuses = wanted ? all.filter((s) => s.organization.name.toLowerCase() === wanted) : all;
    if (statuses.length === 0) {
      await context.sendActivity(
        all.length === 0
          ? 'I cannot find an Azure DevOps organization you belong to, so there is no billing to show.'
          : `None of your organizations is called "${recognized.entities.organization ?? ''}". Type **billing status** to see them all.`,
      );
      return;
    }
    const checkedAt = deps.now();
    const attachments = statuses.map((status) => deps.cards.attachment('billing-status', statusCardData(status, checkedAt)));
    for (const batch of withinMessageLimit(attachments)) await context.sendActivity({ attachmentLayout: 'list', attachments: batch });
  };
}

/** One organization's status card: the link, the seats and their monthly estimate, and what to do next. */
export function statusCardData(
  { organization, link, subscription, cost, uncheckedSubscriptionIds, multiOrganizationBilling, sharedWith }: OrganizationBilling,
  checkedAt: Date,
): BillingStatusCardData {
  return {
    organization: organization.name,
    linked: link !== null,
    freeTierSummary: freeTierSummary(),
    facts: [
      ...(link
        ? [
            { title: 'Subscription', value: subscription ? escapeUserText(subscription.displayName) : '(not visible to you)' },
            { title: 'Subscription id', value: link.subscriptionId },
            { title: 'State', value: subscription?.state ?? 'unknown' },
            { title: 'Resource group', value: link.resourceGroup },
          ]
        : []),
      ...(link ? [multiOrganizationFact(multiOrganizationBilling, sharedWith)] : []),
      ...(!link && uncheckedSubscriptionIds.length > 0
        ? [{ title: 'Not checked', value: `${uncheckedSubscriptionIds.join(', ')} (Azure refused the read; billing may be set up there)` }]
        : []),
      ...(cost ? costFacts(cost, organization.name) : []),
    ],
    buttons: link
      ? [
          { title: 'Change subscription', command: `change billing subscription for ${organization.name}` },
          { title: 'Remove billing', command: `remove billing for ${organization.name}` },
          { title: 'Cost sweep', command: `cost sweep for ${organization.name}` },
        ]
      : [{ title: 'Set up billing', command: `set up billing for ${organization.name}` }],
    refresh: { verb: refreshVerb, data: { organizationId: organization.id } },
    checkedAt: `${checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}

function multiOrganizationFact(enabled: boolean | undefined, sharedWith: string[] | undefined): { title: string; value: string } {
  const title = 'Multi-organization billing';
  if (enabled === undefined) return { title, value: 'not known (no documented API reports it); the estimate assumes it is off' };
  if (!enabled) return { title, value: 'off: this organization has its own free Basic users' };
  const others = (sharedWith ?? []).length;
  return {
    title,
    value: `on: one grant of ${prices.userPlans.basic.freeUsersPerOrganization} free Basic users and one charge per person for the subscription's organizations (figures below cover the ${others} you can see)`,
  };
}

/** Seat counts and the monthly estimate, so "what do we pay today" is answered on the same card. */
function costFacts(cost: CostEstimate, organization: string): Array<{ title: string; value: string }> {
  const count = (basis: string) => cost.lines.filter((line) => line.basis === basis).length;
  const facts = [
    { title: 'Free Basic users', value: `${cost.freeBasicUsersUsed} of ${cost.freeBasicUsersPerGrant} used` },
    { title: 'Paid Basic users', value: String(count('basic')) },
    { title: 'Basic + Test Plans users', value: String(count('basic_test_plans')) },
    { title: 'Visual Studio subscribers', value: `${count('visual_studio')} (paid by their subscription)` },
    { title: 'GitHub Enterprise users', value: `${count('github_enterprise')} (Basic at no charge)` },
    { title: 'Stakeholders', value: `${count('stakeholder_free')} (free)` },
    { title: 'Users this month', value: `about ${formatUsd(cost.monthlyTotal)} a month (estimate, list prices as of ${cost.priceAsOf})` },
  ];
  if (cost.multiOrganizationBilling) {
    const share = cost.byOrganization.find((row) => row.organization === organization)?.monthly ?? 0;
    facts.push({ title: `${organization}'s share`, value: `about ${formatUsd(share)} a month` });
  }
  if (cost.firstSignIn.users > 0) {
    facts.push({
      title: 'Not signed in yet',
      value: `${cost.firstSignIn.users} group-rule user(s) would add ${formatUsd(cost.firstSignIn.addedMonthly)} a month at first sign-in`,
    });
  }
  return facts;
}

function freeTierSummary(): string {
  const { basic } = prices.userPlans;
  const { microsoftHostedFreeParallelJobs, microsoftHostedFreeMinutesPerMonth } = prices.pipelines;
  return (
    `the organization uses the free tier only: ${basic.freeUsersPerOrganization} Basic users, unlimited Stakeholders, ` +
    `${microsoftHostedFreeParallelJobs} Microsoft-hosted parallel job for private projects (${microsoftHostedFreeMinutesPerMonth} minutes a month; ` +
    'a new organization must first request this free grant, which takes a few business days) ' +
    `and ${prices.artifacts.freeStorageGiB} GiB of Artifacts storage.`
  );
}
