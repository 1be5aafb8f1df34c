import { randomUUID } from 'node:crypto';
import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from './sdk.js';
import type { AzureSubscription } from '../azure/ports.js';
import { escapeUserText } from '../cards/escape.js';
import type { CardRenderer } from '../cards/renderer.js';
import { billingDocUrl } from '../rules/docs.js';
import type { Blocker } from '../rules/eligibility.js';
import type { LinkingEffect } from '../rules/cost.js';
import { formatUsd } from '../rules/prices.js';
import type { BillingChoices, BillingSetupService, LinkOutcome } from '../services/billingSetup.js';
import { CardPrompt, cancelChoice, type CardPromptOptions } from './cardPrompt.js';
import { describeSubscription, distinctFixes, explainRefusal } from './billingViews.js';
import {
  chooseOrganizationStep,
  cancelled,
  chosenOrganization,
  requireCaller,
  submit,
  type BillingFlowOptions,
  type BillingFlowValues,
} from './billingFlow.js';

export const linkBillingDialogId = 'linkBilling';

export interface LinkBillingOptions extends BillingFlowOptions {
  /** "change": the user asked to move billing, so an existing link is the starting point, not a stop. */
  mode: 'link' | 'change';
}

interface LinkValues extends BillingFlowValues {
  choices?: BillingChoices;
  subscriptionId?: string;
}

const promptId = 'linkBillingPrompt';
const steps = { alreadyLinked: 'alreadyLinked', subscription: 'subscription', confirm: 'confirm' } as const;
const changeChoice = 'change';
/** Tried in order until the picker fits the card limit; beyond these, subscriptions are chosen by typed id. */
const listSizes = [
  { eligible: 12, ineligible: 6 },
  { eligible: 8, ineligible: 4 },
  { eligible: 4, ineligible: 2 },
  { eligible: 1, ineligible: 0 },
];
const confirmChoice = 'confirm';

/**
 * Link an organization to an Azure subscription: organization → (already linked?) → subscription → confirm →
 * link → result. The pre-flight checks come from the rules module; the link itself re-checks them at the moment
 * of the change.
 */
export class LinkBillingDialog extends ComponentDialog {
  constructor(
    private readonly deps: { billing: BillingSetupService; cards: CardRenderer; newRunId?: () => string },
  ) {
    super(linkBillingDialogId);
    this.addDialog(new CardPrompt(promptId));
    this.addDialog(
      new WaterfallDialog(`${linkBillingDialogId}.steps`, [
        chooseOrganizationStep({
          organizations: (caller) => deps.billing.organizations(caller),
          cards: deps.cards,
          newRunId: deps.newRunId ?? randomUUID,
          promptId,
          purpose: 'whose billing you want to set up',
        }),
        this.checkCurrentLink.bind(this),
        this.chooseSubscription.bind(this),
        this.confirm.bind(this),
        this.link.bind(this),
      ]),
    );
    this.initialDialogId = `${linkBillingDialogId}.steps`;
  }

  private async checkCurrentLink(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const organization = chosenOrganization(step);
    if (!organization) return cancelled(step);
    const values = step.values as LinkValues;
    const choices = await this.deps.billing.choices(requireCaller(step), organization);
    values.choices = choices;

    if (!choices.isProjectCollectionAdmin) {
      const blocker = notAdminBlocker(choices);
      await step.context.sendActivity({
        attachments: [
          this.deps.cards.attachment('billing-blocked', {
            title: `You cannot set up billing for ${organization.name}`,
            text: 'Only a Project Collection Administrator of the organization can link it to an Azure subscription.',
            blockers: blocker ? [blocker] : [],
            links: [{ title: 'Who can set up billing', url: billingDocUrl('set-up-billing-for-your-organization-vs') }],
          }),
        ],
      });
      return step.endDialog();
    }

    const { mode } = (step.options ?? { mode: 'link' }) as LinkBillingOptions;
    if (choices.current && mode === 'link') {
      const prompt: CardPromptOptions = {
        runId: values.runId,
        step: steps.alreadyLinked,
        card: this.deps.cards.attachment('billing-confirm', {
          title: `${organization.name} is already billed to ${subscriptionName(choices)}`,
          facts: currentFacts(choices),
          notes: ['Do you want to move its billing to another subscription?'],
          confirmTitle: 'Change subscription',
          confirm: submit(values, steps.alreadyLinked, changeChoice),
          cancel: submit(values, steps.alreadyLinked, cancelChoice),
        }),
        accepted: { [changeChoice]: ['change', 'yes'] },
      };
      return step.prompt(promptId, prompt);
    }
    return step.next(changeChoice);
  }

  private async chooseSubscription(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== changeChoice) {
      await step.context.sendActivity('OK, billing stays as it is.');
      return step.endDialog();
    }
    const values = step.values as LinkValues;
    const choices = values.choices as BillingChoices;
    const { organization } = choices;
    if (choices.eligible.length === 0 && choices.ineligible.length === 0) {
      await step.context.sendActivity({
        attachments: [
          this.deps.cards.attachment('billing-blocked', {
            title: 'I cannot see any other Azure subscription for you',
            text: `To pay for ${organization.name}, you need an Azure subscription in the organization's Microsoft Entra tenant on which you are Owner or Contributor. Pay-As-You-Go, Enterprise Agreement and CSP subscriptions work; the Free Trial does not.`,
            blockers: [],
            links: [{ title: 'Set up billing', url: billingDocUrl('set-up-billing-for-your-organization-vs') }],
          }),
        ],
      });
      return step.endDialog();
    }
    const card = this.subscriptionPicker(values, choices);
    if (choices.eligible.length === 0) {
      await step.context.sendActivity({ attachments: [card] });
      await step.context.sendActivity(
        'None of your subscriptions can pay for Azure DevOps yet. Apply one of the fixes above, then ask me again. Nothing was changed.',
      );
      return step.endDialog();
    }
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: steps.subscription,
      card,
      accepted: Object.fromEntries(
        choices.eligible.map((option, index) => [
          option.subscription.subscriptionId,
          [option.subscription.displayName, String(index + 1)],
        ]),
      ),
    };
    return step.prompt(promptId, prompt);
  }

  /** Lists as many subscriptions as fit in one card; the rest can still be chosen by typing their id. */
  private subscriptionPicker(values: LinkValues, choices: BillingChoices): Attachment {
    const { organization } = choices;
    for (const shown of listSizes) {
      const eligible = choices.eligible.slice(0, shown.eligible);
      const ineligible = choices.ineligible.slice(0, shown.ineligible);
      const hidden = choices.eligible.length - eligible.length + choices.ineligible.length - ineligible.length;
      const card = this.deps.cards.attachmentIfFits('subscription-picker', {
        title: choices.current ? `Move ${organization.name} to which subscription?` : `Which subscription pays for ${organization.name}?`,
        text: choices.current
          ? `It is billed to ${subscriptionName(choices)} today. Charges move to the subscription you pick; pipelines and users are not touched.`
          : 'All Azure DevOps charges of the organization go to one Azure subscription.',
        advice: [choices.advice, hidden > 0 ? `${hidden} more subscriptions are not listed: type a subscription id to pick one of them.` : '']
          .filter(Boolean)
          .join(' '),
        eligible: eligible.map((option) => ({
          displayName: escapeUserText(option.subscription.displayName),
          detail: describeSubscription(option.subscription, option.role),
          submit: submit(values, steps.subscription, option.subscription.subscriptionId),
        })),
        ineligible: ineligible.map((option) => ({
          displayName: escapeUserText(option.subscription.displayName),
          detail: describeSubscription(option.subscription, option.role),
          reasons: option.blockers.map((blocker) => escapeUserText(blocker.reason)),
        })),
        fixes: distinctFixes(ineligible.flatMap((option) => option.blockers)),
        cancel: submit(values, steps.subscription, cancelChoice),
      });
      if (card) return card;
    }
    throw new Error(`The subscription picker for ${organization.name} does not fit in a card even with one subscription`);
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === cancelChoice) return cancelled(step);
    const values = step.values as LinkValues;
    const choices = values.choices as BillingChoices;
    values.subscriptionId = step.result as string;
    const option = choices.eligible.find((o) => o.subscription.subscriptionId === values.subscriptionId);
    if (!option) return cancelled(step);
    const subscription = option.subscription;
    const moving = choices.current !== null;
    const effect = await this.deps.billing.linkingEffect(requireCaller(step), choices.organization, subscription.subscriptionId);
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: steps.confirm,
      card: this.deps.cards.attachment('billing-confirm', {
        title: moving ? 'Confirm the new billing subscription' : 'Confirm billing set-up',
        facts: [
          { title: 'Organization', value: choices.organization.name },
          ...(moving ? [{ title: 'Billed to now', value: subscriptionName(choices) }] : []),
          { title: moving ? 'New subscription' : 'Subscription', value: escapeUserText(subscription.displayName) },
          { title: 'Subscription id', value: subscription.subscriptionId },
          { title: 'Microsoft Entra tenant', value: subscription.tenantId },
          { title: 'Who pays', value: 'The subscription: charges appear on its Azure invoice' },
          ...linkingCostFacts(effect),
        ],
        notes: [
          'Billing is metered daily: a user costs money only on the days they hold Basic or Basic + Test Plans, and a direct assignment bills even if the user never signs in.',
          ...(moving ? ['Charges move to the new subscription from now on; pipelines, users and their access levels are not touched.'] : []),
          effect.summary,
          ...linkingCostLines(effect),
        ],
        confirmTitle: moving ? 'Change subscription' : 'Link billing',
        confirm: submit(values, steps.confirm, confirmChoice),
        cancel: submit(values, steps.confirm, cancelChoice),
      }),
      accepted: { [confirmChoice]: ['yes', 'confirm', 'link'] },
    };
    return step.prompt(promptId, prompt);
  }

  private async link(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== confirmChoice) return cancelled(step);
    const values = step.values as LinkValues;
    const choices = values.choices as BillingChoices;
    const organization = choices.organization;
    let outcome: LinkOutcome;
    try {
      outcome = await this.deps.billing.link(requireCaller(step), {
        organization,
        subscriptionId: values.subscriptionId as string,
        confirmedSubscriptionId: choices.current?.subscriptionId ?? null,
        correlationId: step.context.activity.id,
      });
    } catch (error) {
      await explainRefusal(step.context, this.deps.cards, error, 'link billing');
      return step.endDialog();
    }
    const { link } = outcome;
    const name = subscriptionLabel(choices, link.subscriptionId);
    if (outcome.kind === 'unchanged') {
      await step.context.sendActivity(`${organization.name} was already billed to ${name}, so nothing was changed.`);
      return step.endDialog();
    }
    const previous = outcome.kind === 'changed' ? outcome.previous : undefined;
    await step.context.sendActivity({
      attachments: [
        this.deps.cards.attachment('billing-result', {
          title: previous ? 'Billing subscription changed' : 'Billing is set up',
          text: `${organization.name} is now billed to ${name}.`,
          facts: [
            { title: 'Organization', value: organization.name },
            { title: 'Subscription', value: name },
            { title: 'Subscription id', value: link.subscriptionId },
            { title: 'Status', value: 'Linked' },
            ...(previous ? [{ title: 'Previously', value: subscriptionLabel(choices, previous.subscriptionId) }] : []),
          ],
          nextSteps: [
            'Pay for users: assign Basic or Basic + Test Plans in Organization settings > Users (or ask me to request seats).',
            'Add a backup billing manager: give a second person Owner or Contributor on the subscription (Access control (IAM)).',
            previous
              ? `The previous subscription (${previous.subscriptionId}) keeps a resource group named ${previous.resourceGroup}; it is safe to delete there.`
              : 'To move billing later, ask me to "change billing subscription".',
          ],
          links: [
            { title: 'Pay for users', url: billingDocUrl('buy-basic-access-add-users') },
            { title: 'Backup billing managers', url: billingDocUrl('add-backup-billing-managers') },
            { title: 'Change the subscription', url: billingDocUrl('change-azure-subscription') },
          ],
        }),
      ],
    });
    return step.endDialog();
  }

}

/** How many users' changed charges the confirm card lists before summing up the rest. */
const maxCostLines = 5;

function linkingCostFacts(effect: LinkingEffect): Array<{ title: string; value: string }> {
  if (!effect.known) return [{ title: 'Cost of linking', value: 'unknown (see below)' }];
  const value = effect.monthlyDelta === 0 ? 'no change to user charges' : `${effect.monthlyDelta > 0 ? '+' : '-'}${formatUsd(Math.abs(effect.monthlyDelta))} a month (estimate)`;
  return [{ title: 'Cost of linking', value }];
}

function linkingCostLines(effect: LinkingEffect): string[] {
  if (!effect.known || effect.lines.length === 0) return [];
  const shown = effect.lines.slice(0, maxCostLines).map(
    (line) => `${escapeUserText(line.displayName)}: ${formatUsd(line.monthlyBefore)} → ${formatUsd(line.monthlyAfter)} a month (${line.why}).`,
  );
  const more = effect.lines.length - shown.length;
  return more > 0 ? [...shown, `${more} more users change too.`] : shown;
}

/** A subscription's name as the user saw it on the picker, or its id when it was not listed. */
function subscriptionLabel(choices: BillingChoices, subscriptionId: string): string {
  const all = [...choices.eligible, ...choices.ineligible].map((option) => option.subscription);
  if (choices.currentSubscription) all.push(choices.currentSubscription);
  return escapeUserText(all.find((subscription) => subscription.subscriptionId === subscriptionId)?.displayName ?? subscriptionId);
}

function subscriptionName(choices: BillingChoices): string {
  return escapeUserText(choices.currentSubscription?.displayName ?? choices.current?.subscriptionId ?? 'nothing');
}

function currentFacts(choices: BillingChoices): Array<{ title: string; value: string }> {
  const subscription: AzureSubscription | undefined = choices.currentSubscription;
  return [
    { title: 'Organization', value: choices.organization.name },
    { title: 'Subscription', value: subscription ? escapeUserText(subscription.displayName) : '(not visible to you)' },
    { title: 'Subscription id', value: choices.current?.subscriptionId ?? '' },
    ...(subscription ? [{ title: 'State', value: subscription.state }] : []),
  ];
}

function notAdminBlocker(choices: BillingChoices): Blocker | undefined {
  return [...choices.ineligible, ...choices.eligible]
    .flatMap((option) => option.blockers)
    .find((blocker) => blocker.code === 'not_pca');
}

