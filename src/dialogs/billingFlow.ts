import type { WaterfallStepContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Caller, Organization } from '../azure/ports.js';
import { callerOf } from '../bot/turnCaller.js';
import { escapeUserText } from '../cards/escape.js';
import type { CardRenderer } from '../cards/renderer.js';
import { cancelChoice, type CardPromptOptions, type CardSubmit } from './cardPrompt.js';

export interface BillingFlowOptions {
  /** An organization named in the message ("set up billing for fabrikam"). */
  organizationName?: string;
}

/** What every billing flow keeps between turns. Plain JSON: it is stored with the dialog state. */
export interface BillingFlowValues {
  runId: string;
  organizations: Organization[];
  organization?: Organization;
}

export const organizationStepId = 'organization';

export function submit(values: BillingFlowValues, step: string, choice: string): CardSubmit {
  return { runId: values.runId, step, choice };
}

export function flowValues(step: WaterfallStepContext): BillingFlowValues {
  return step.values as BillingFlowValues;
}

export function requireCaller(step: WaterfallStepContext): Caller {
  const caller = callerOf(step.context);
  if (!caller) throw new Error('A billing flow turn arrived without an Entra user');
  return caller;
}

/**
 * First step of every flow about one organization: the organization named in the message, the only one the user has, or a
 * picker. A name that matches none of the user's organizations is said out loud, then the picker is shown.
 */
export function chooseOrganizationStep(deps: {
  organizations: (caller: Caller) => Promise<Organization[]>;
  cards: CardRenderer;
  newRunId: () => string;
  promptId: string;
  purpose: string;
}) {
  return async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
    const options = (step.options ?? {}) as BillingFlowOptions;
    const values = flowValues(step);
    values.runId = deps.newRunId();
    values.organizations = await deps.organizations(requireCaller(step));
    if (values.organizations.length === 0) {
      await step.context.sendActivity(
        'I cannot find an Azure DevOps organization you belong to. Sign in to https://dev.azure.com once with this account, or ask an organization owner to add you.',
      );
      return step.endDialog();
    }
    if (options.organizationName) {
      const named = values.organizations.find((o) => o.name.toLowerCase() === options.organizationName?.toLowerCase());
      if (named) return step.next(named.id);
      await step.context.sendActivity(
        `I could not find an organization named "${escapeUserText(options.organizationName)}" among yours.`,
      );
    } else if (values.organizations.length === 1) {
      return step.next(values.organizations[0]?.id);
    }
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: organizationStepId,
      card: deps.cards.attachment('organization-picker', {
        title: 'Which organization?',
        text: `Choose the Azure DevOps organization ${deps.purpose}.`,
        organizations: values.organizations.map((organization) => ({
          name: organization.name,
          detail: organization.url,
          submit: submit(values, organizationStepId, organization.id),
        })),
        cancel: submit(values, organizationStepId, cancelChoice),
      }),
      accepted: Object.fromEntries(
        values.organizations.map((organization, index) => [organization.id, [organization.name, String(index + 1)]]),
      ),
    };
    return step.prompt(deps.promptId, prompt);
  };
}

export async function cancelled(step: WaterfallStepContext): Promise<DialogTurnResult> {
  await step.context.sendActivity('Cancelled. Nothing was changed.');
  return step.endDialog();
}

/** Reads the organization the previous step settled on; undefined means the user cancelled. */
export function chosenOrganization(step: WaterfallStepContext): Organization | undefined {
  const values = flowValues(step);
  if (step.result === cancelChoice) return undefined;
  values.organization = values.organizations.find((organization) => organization.id === step.result);
  return values.organization;
}
