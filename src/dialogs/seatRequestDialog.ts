import { randomUUID } from 'node:crypto';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from './sdk.js';
import { z } from 'zod';
import type { Organization } from '../azure/ports.js';
import { escapeUserText } from '../cards/escape.js';
import type { CardRenderer } from '../cards/renderer.js';
import { accessLevel, parseAccessLevel, type AccessLevelId } from '../rules/accessLevels.js';
import { maxJustificationLength, type SeatPreview, type SeatRequestService } from '../services/seatRequests.js';
import type { SeatRequest } from '../approvals/seatRequest.js';
import { cancelled, chooseOrganizationStep, chosenOrganization, requireCaller, submit, type BillingFlowValues } from './billingFlow.js';
import { CardPrompt, cancelChoice, type CardPromptOptions } from './cardPrompt.js';
import { FormPrompt, type FormPromptOptions } from './formPrompt.js';
import { personRow } from './seatRows.js';

export const seatRequestDialogId = 'seatRequest';

export interface SeatRequestOptions {
  organizationName?: string;
  /** Addresses named in the message. */
  people?: string[];
  /** The level as typed ("basic", "test manager"); parsed by the rules module. */
  levelText?: string;
  /** Set when the flow starts over to show the form again with what was wrong. */
  justification?: string;
  problems?: string[];
}

interface SeatValues extends BillingFlowValues {
  people: string[];
  level?: AccessLevelId;
  justification: string;
  problems: string[];
  /** The monthly figure the requester was shown; a different one at submit time means showing the preview again. */
  previewedMonthlyDelta?: number;
}

/** Someone or something that gets the finished request to approvers; the seat-request capability supplies it. */
export type AnnounceRequest = (step: WaterfallStepContext, request: SeatRequest) => Promise<void>;

const promptId = 'seatRequestPrompt';
const formPromptId = 'seatRequestForm';
const steps = { organization: 'organization', form: 'form', preview: 'preview' } as const;
const sendChoice = 'send';
const requestableLevels: AccessLevelId[] = ['basic', 'basicTestPlans'];

const formSchema = z.object({
  people: z.string().max(6000).default(''),
  level: z.enum(['basic', 'basicTestPlans']).optional(),
  justification: z.string().max(maxJustificationLength * 4).default(''),
});

/**
 * Ask for an access level for people: organization → (form, when who or which level is missing or wrong) →
 * cost preview from live entitlements → send for approval. Nothing is assigned here: approvers decide.
 */
export class SeatRequestDialog extends ComponentDialog {
  constructor(
    private readonly deps: { service: SeatRequestService; cards: CardRenderer; announce: AnnounceRequest; newRunId?: () => string },
  ) {
    super(seatRequestDialogId);
    this.addDialog(new CardPrompt(promptId));
    this.addDialog(new FormPrompt(formPromptId, formSchema));
    this.addDialog(
      new WaterfallDialog(`${seatRequestDialogId}.steps`, [
        this.start.bind(this),
        chooseOrganizationStep({
          organizations: (caller) => deps.service.organizations(caller),
          cards: deps.cards,
          newRunId: deps.newRunId ?? randomUUID,
          promptId,
          purpose: 'the people should get access in',
        }),
        this.form.bind(this),
        this.preview.bind(this),
        this.send.bind(this),
      ]),
    );
    this.initialDialogId = `${seatRequestDialogId}.steps`;
  }

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as SeatRequestOptions;
    const values = step.values as SeatValues;
    values.people = options.people ?? [];
    values.justification = options.justification ?? '';
    values.problems = options.problems ?? [];
    if (options.levelText) {
      const parsed = parseAccessLevel(options.levelText);
      if (parsed.ok && requestableLevels.includes(parsed.level.id)) values.level = parsed.level.id;
      else if (parsed.ok) values.problems.push(`${parsed.level.uiName} is free and needs no approval; pick Basic or Basic + Test Plans.`);
      else values.problems.push(parsed.message);
    }
    return step.next();
  }

  private async form(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const organization = chosenOrganization(step);
    if (!organization) return cancelled(step);
    const values = step.values as SeatValues;
    if (values.people.length > 0 && values.level && values.problems.length === 0) return step.next({ cancelled: false, values: undefined });
    return step.prompt(formPromptId, this.formPrompt(values, organization));
  }

  private async preview(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as { cancelled: boolean; values?: z.infer<typeof formSchema> };
    if (result.cancelled) return cancelled(step);
    const values = step.values as SeatValues;
    const organization = values.organization as Organization;
    if (result.values) {
      values.people = splitPeople(result.values.people);
      values.level = result.values.level;
      values.justification = result.values.justification.trim();
    }
    if (!values.level) return this.startOver(step, organization, ['Pick an access level.']);
    const priced = await this.deps.service.preview(requireCaller(step), {
      organization,
      principalNames: values.people,
      level: values.level,
      justification: values.justification,
    });
    if (priced.kind === 'invalid') return this.startOver(step, organization, priced.problems.map(escapeUserText));
    if (priced.kind === 'nothing_to_do') {
      const lines = priced.unchanged.map((person) => `- ${escapeUserText(person.principalName)}: ${person.why}`).join('\n');
      await step.context.sendActivity(`There is nothing to request: nobody would change.\n\n${lines}\n\nNothing was sent.`);
      return step.endDialog();
    }
    values.previewedMonthlyDelta = priced.preview.cost.monthlyDelta;
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: steps.preview,
      card: this.deps.cards.attachment('seat-request-preview', previewCardData(values, priced.preview)),
      accepted: { [sendChoice]: ['send', 'yes', 'submit'] },
    };
    return step.prompt(promptId, prompt);
  }

  private async send(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as SeatValues;
    if (step.result === cancelChoice) return cancelled(step);
    const organization = values.organization as Organization;
    const outcome = await this.deps.service.submit(
      requireCaller(step),
      { organization, principalNames: values.people, level: values.level as AccessLevelId, justification: values.justification },
      { monthlyDelta: values.previewedMonthlyDelta, requestedIn: step.context.activity.conversation?.id },
    );
    if (outcome.kind === 'submitted') {
      await this.deps.announce(step, outcome.request);
    } else if (outcome.kind === 'nothing_to_do') {
      await step.context.sendActivity('Meanwhile everyone got what you asked for, so there is nothing left to request. Nothing was sent.');
    } else if (outcome.kind === 'invalid') {
      await step.context.sendActivity(`I could not send the request: ${outcome.problems.map(escapeUserText).join(' ')}`);
    } else {
      await step.context.sendActivity('The cost changed since your preview, so nothing was sent. Here is the new preview.');
      return this.startOver(step, organization, []);
    }
    return step.endDialog();
  }

  /** The form again, filled with what was given and what was wrong with it. */
  private startOver(step: WaterfallStepContext, organization: Organization, problems: string[]): Promise<DialogTurnResult> {
    const values = step.values as SeatValues;
    const options: SeatRequestOptions = {
      organizationName: organization.name,
      people: values.people,
      levelText: values.level,
      justification: values.justification,
      problems,
    };
    return step.replaceDialog(`${seatRequestDialogId}.steps`, options);
  }

  private formPrompt(values: SeatValues, organization: Organization): FormPromptOptions {
    return {
      runId: values.runId,
      step: steps.form,
      card: this.deps.cards.attachment('seat-request-form', {
        title: `Request access in ${organization.name}`,
        text: 'Who needs which access level? Approvers see the monthly cost before anything is assigned.',
        problems: values.problems,
        people: values.people.join(', '),
        level: values.level ?? '',
        levels: requestableLevels.map((id) => ({ title: `${accessLevel(id).uiName}`, value: id })),
        justification: values.justification,
        submit: submit(values, steps.form, 'submit'),
        cancel: submit(values, steps.form, cancelChoice),
      }),
    };
  }
}

function previewCardData(values: SeatValues, preview: SeatPreview) {
  const level = accessLevel(preview.level).uiName;
  return {
    title: `Request ${level} in ${preview.organization.name}?`,
    facts: [
      { title: 'Organization', value: preview.organization.name },
      { title: 'Access level', value: level },
      { title: 'People', value: String(preview.people.length) },
      { title: 'Why', value: values.justification ? escapeUserText(values.justification) : '(no reason given)' },
    ],
    people: preview.people.map((seat) => personRow(seat, preview.level)),
    unchanged: preview.unchanged.map((person) => ({ name: escapeUserText(person.principalName), detail: person.why })),
    costSummary: preview.cost.summary,
    notes: [
      'Assigning an access level is the purchase: it is billed daily from the day it is assigned, signed in or not.',
      'An approver (a configured approver or a Project Collection Administrator) decides; you will hear from me.',
    ],
    confirm: submit(values, steps.preview, sendChoice),
    cancel: submit(values, steps.preview, cancelChoice),
  };
}

/** Addresses separated by commas, semicolons, spaces or new lines, as people paste them. */
export function splitPeople(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.replace(/^<|>$/g, '').replace(/^mailto:/i, ''))
    .filter((part) => part.length > 0);
}

