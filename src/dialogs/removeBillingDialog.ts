import { randomUUID } from 'node:crypto';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from './sdk.js';
import type { BillingLink, Organization } from '../azure/ports.js';
import { escapeUserText } from '../cards/escape.js';
import type { CardRenderer } from '../cards/renderer.js';
import { billingDocUrl } from '../rules/docs.js';
import { prices } from '../rules/prices.js';
import type { BillingSetupService, RemoveOutcome } from '../services/billingSetup.js';
import { explainRefusal } from './billingViews.js';
import { CardPrompt, cancelChoice, type CardPromptOptions } from './cardPrompt.js';
import {
  chooseOrganizationStep,
  cancelled,
  chosenOrganization,
  requireCaller,
  submit,
  type BillingFlowValues,
} from './billingFlow.js';

export const removeBillingDialogId = 'removeBilling';

interface RemoveValues extends BillingFlowValues {
  current?: BillingLink;
}

const promptId = 'removeBillingPrompt';
const confirmStep = 'confirmRemove';
const removeChoice = 'remove';

/** Removing billing downgrades paid features at once, so the consequences are spelled out and need a click. */
export class RemoveBillingDialog extends ComponentDialog {
  constructor(
    private readonly deps: { billing: BillingSetupService; cards: CardRenderer; newRunId?: () => string },
  ) {
    super(removeBillingDialogId);
    this.addDialog(new CardPrompt(promptId));
    this.addDialog(
      new WaterfallDialog(`${removeBillingDialogId}.steps`, [
        chooseOrganizationStep({
          organizations: (caller) => deps.billing.organizations(caller),
          cards: deps.cards,
          newRunId: deps.newRunId ?? randomUUID,
          promptId,
          purpose: 'whose billing you want to remove',
        }),
        this.confirm.bind(this),
        this.remove.bind(this),
      ]),
    );
    this.initialDialogId = `${removeBillingDialogId}.steps`;
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const organization = chosenOrganization(step);
    if (!organization) return cancelled(step);
    const values = step.values as RemoveValues;
    const status = await this.deps.billing.removalCheck(requireCaller(step), organization);
    if (!status.link) {
      await step.context.sendActivity(`Billing is not set up for ${organization.name}, so there is nothing to remove.`);
      return step.endDialog();
    }
    if (!status.decision.allowed) {
      // Said before any confirm button, so a missing right never turns into a refusal after the user decided.
      await step.context.sendActivity({
        attachments: [
          this.deps.cards.attachment('billing-blocked', {
            title: `I cannot remove billing for ${organization.name}`,
            text: status.decision.denials.map((denial) => denial.message).join(' '),
            blockers: [],
            links: [{ title: 'Change or remove billing', url: billingDocUrl('change-azure-subscription') }],
          }),
        ],
      });
      return step.endDialog();
    }
    values.current = status.link;
    const { freeStorageGiB } = prices.artifacts;
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: confirmStep,
      card: this.deps.cards.attachment('billing-remove-confirm', {
        title: `Remove billing from ${organization.name}?`,
        facts: [
          { title: 'Organization', value: organization.name },
          { title: 'Billed to', value: escapeUserText(status.subscription?.displayName ?? status.link.subscriptionId) },
          { title: 'Subscription id', value: status.link.subscriptionId },
        ],
        consequences: [
          `Paid Basic users beyond the ${prices.userPlans.basic.freeUsersPerOrganization} free ones lose their access level.`,
          'Basic + Test Plans users lose Azure Test Plans.',
          'Extra Microsoft-hosted and self-hosted parallel jobs go back to the free grant.',
          `Azure Artifacts above ${freeStorageGiB} GiB becomes read-only.`,
        ],
        // What deleting this ARM resource does beyond billing is not documented (docs/design.md, REST calls): say how
        // the bot removes billing and where the documented way is, rather than promise that nothing else changes.
        method:
          `How: I delete the organization's billing resource (Microsoft.VisualStudio/account) in subscription ${status.link.subscriptionId}. ` +
          'Microsoft documents removing billing only in Organization settings > Billing and does not document what else deleting ' +
          'that resource does. To use the documented way, choose Keep billing and remove it there.',
        leftover: `The subscription keeps an empty resource group named ${status.link.resourceGroup}; it is safe to delete afterwards.`,
        docUrl: billingDocUrl('change-azure-subscription'),
        confirm: submit(values, confirmStep, removeChoice),
        cancel: submit(values, confirmStep, cancelChoice),
      }),
      accepted: { [removeChoice]: ['remove', 'remove billing', 'yes'] },
    };
    return step.prompt(promptId, prompt);
  }

  private async remove(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== removeChoice) {
      await step.context.sendActivity('OK, billing stays as it is. Nothing was changed.');
      return step.endDialog();
    }
    const values = step.values as RemoveValues;
    const organization = values.organization as Organization;
    let outcome: RemoveOutcome;
    try {
      outcome = await this.deps.billing.remove(requireCaller(step), {
        organization,
        confirmedSubscriptionId: values.current?.subscriptionId ?? null,
        correlationId: step.context.activity.id,
      });
    } catch (error) {
      await explainRefusal(step.context, this.deps.cards, error, 'remove billing');
      return step.endDialog();
    }
    if (outcome.kind === 'alreadyRemoved') {
      await step.context.sendActivity(`Billing for ${organization.name} had already been removed, so nothing was changed.`);
      return step.endDialog();
    }
    await step.context.sendActivity({
      attachments: [
        this.deps.cards.attachment('billing-result', {
          title: 'Billing removed',
          text: `${organization.name} is no longer billed to an Azure subscription and now uses the free tier.`,
          facts: [
            { title: 'Organization', value: organization.name },
            { title: 'Previously billed to', value: outcome.previous.subscriptionId },
          ],
          nextSteps: [
            `Delete the resource group ${outcome.previous.resourceGroup} from subscription ${outcome.previous.subscriptionId} when convenient.`,
            'To pay again later, ask me to "set up billing".',
          ],
          links: [{ title: 'Change or remove billing', url: billingDocUrl('change-azure-subscription') }],
        }),
      ],
    });
    return step.endDialog();
  }

}
