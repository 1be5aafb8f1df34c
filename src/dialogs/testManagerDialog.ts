import { randomUUID } from 'node:crypto';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from './sdk.js';
import { z } from 'zod';
import type { SeatRequest } from '../approvals/seatRequest.js';
import { AzureError, type Caller, type Organization } from '../azure/ports.js';
import { escapeUserText } from '../cards/escape.js';
import type { CardRenderer } from '../cards/renderer.js';
import type { DetailRow } from '../cards/views.js';
import { accessLevel } from '../rules/accessLevels.js';
import { parseServerVersion, type ServerVersion } from '../rules/serverVersions.js';
import {
  deploymentIn,
  needsUpdateNumber,
  notSupportedAdvice,
  personSituation,
  serverVersionChoices,
  serverVersionIn,
  testManagerDocUrl,
  testManagerOutcome,
  testPlansTrialNote,
  tfs2015UpdateChoices,
  type Deployment,
  type TestManagerTarget,
} from '../rules/testManager.js';
import type { BillingSetupService } from '../services/billingSetup.js';
import { maxJustificationLength, type SeatPreview, type SeatRequestService } from '../services/seatRequests.js';
import { cancelled, chooseOrganizationStep, chosenOrganization, requireCaller, submit, type BillingFlowValues } from './billingFlow.js';
import { CardPrompt, cancelChoice, type CardPromptOptions } from './cardPrompt.js';
import { FormPrompt, type FormPromptOptions } from './formPrompt.js';
import type { AnnounceRequest } from './seatRequestDialog.js';
import { splitPeople } from './seatRequestDialog.js';
import { personRow } from './seatRows.js';
import { ServerVersionPrompt, type ServerVersionPromptOptions } from './testManagerPrompts.js';

export const testManagerDialogId = 'testManager';

export interface TestManagerOptions {
  organizationName?: string;
  people?: string[];
  /** The message that started the flow: "give our TFS 2018 testers Test Manager" says where they work. */
  text?: string;
  /** Set when the flow starts over to show the people form again with what was wrong. */
  deployment?: Deployment;
  serverVersion?: string;
  justification?: string;
  problems?: string[];
}

/** What the server branch hands on once the seats are settled: the capability stores and posts the checklist. */
export interface ChecklistRequest {
  version: ServerVersion;
  organization: Organization;
  people: string[];
  request?: SeatRequest;
}

export type OpenChecklist = (step: WaterfallStepContext, checklist: ChecklistRequest) => Promise<void>;

interface Values extends BillingFlowValues {
  deployment?: Deployment;
  serverVersion?: string;
  people: string[];
  justification: string;
  problems: string[];
}

const choicePromptId = 'testManagerChoice';
const versionPromptId = 'testManagerVersion';
const formPromptId = 'testManagerPeople';
const steps = { deployment: 'deployment', version: 'version', update: 'update', people: 'people', preview: 'preview' } as const;
const sendChoice = 'send';

const formSchema = z.object({
  people: z.string().max(6000).default(''),
  justification: z.string().max(maxJustificationLength * 4).default(''),
});

/**
 * Grant Test Manager (Basic + Test Plans): Services or Server → (server release; too old ends here) → organization
 * (on the server branch it must have billing) → who → what each person already has → a seat request through the
 * approval flow for those who need one → (server) the admin's checklist. Nothing is assigned here: approvers decide.
 */
export class TestManagerDialog extends ComponentDialog {
  private readonly organizationStep: (step: WaterfallStepContext) => Promise<DialogTurnResult>;

  constructor(
    private readonly deps: {
      service: SeatRequestService;
      billing: BillingSetupService;
      cards: CardRenderer;
      announce: AnnounceRequest;
      openChecklist: OpenChecklist;
      newRunId?: () => string;
    },
  ) {
    super(testManagerDialogId);
    this.organizationStep = chooseOrganizationStep({
      organizations: (caller) => deps.service.organizations(caller),
      cards: deps.cards,
      newRunId: deps.newRunId ?? randomUUID,
      promptId: choicePromptId,
      purpose: 'that pays for the testers',
    });
    this.addDialog(new CardPrompt(choicePromptId));
    this.addDialog(new ServerVersionPrompt(versionPromptId));
    this.addDialog(new FormPrompt(formPromptId, formSchema));
    this.addDialog(
      new WaterfallDialog(`${testManagerDialogId}.steps`, [
        this.start.bind(this),
        this.askVersion.bind(this),
        this.askUpdate.bind(this),
        this.checkVersion.bind(this),
        this.askPeople.bind(this),
        this.assess.bind(this),
        this.send.bind(this),
      ]),
    );
    this.initialDialogId = `${testManagerDialogId}.steps`;
  }

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as TestManagerOptions;
    const values = step.values as Values;
    values.runId = (this.deps.newRunId ?? randomUUID)();
    values.people = options.people ?? [];
    values.justification = options.justification ?? '';
    values.problems = options.problems ?? [];
    values.deployment = options.deployment ?? (options.text ? deploymentIn(options.text) : undefined);
    values.serverVersion = options.serverVersion ?? (options.text ? serverVersionIn(options.text) : undefined);
    if (values.serverVersion) values.deployment = 'server';
    if (values.deployment) return step.next(values.deployment);
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: steps.deployment,
      card: this.deps.cards.attachment('test-manager-question', {
        title: 'Where do the testers work?',
        text: 'In Azure DevOps Services (dev.azure.com), or on your own Azure DevOps Server or TFS? Server users can be paid monthly through an organization instead of client access licenses.',
        choices: [
          { title: 'Azure DevOps Services', submit: submit(values, steps.deployment, 'services') },
          { title: 'Azure DevOps Server or TFS', submit: submit(values, steps.deployment, 'server') },
        ],
        hint: '',
        cancel: submit(values, steps.deployment, cancelChoice),
      }),
      accepted: { services: ['azure devops services', 'cloud', 'dev.azure.com'], server: ['tfs', 'azure devops server', 'on-premises', 'on-prem'] },
    };
    return step.prompt(choicePromptId, prompt);
  }

  private async askVersion(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === cancelChoice) return cancelled(step);
    const values = step.values as Values;
    values.deployment = step.result as Deployment;
    if (values.deployment === 'services' || values.serverVersion) return step.next(values.serverVersion);
    return step.prompt(versionPromptId, this.versionPrompt(values, steps.version, 'Which server do the testers use?', serverVersionChoices));
  }

  private async askUpdate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === cancelChoice) return cancelled(step);
    const values = step.values as Values;
    if (values.deployment === 'services') return step.next();
    values.serverVersion = step.result as string;
    const version = versionOf(values.serverVersion);
    if (!needsUpdateNumber(values.serverVersion, version)) return step.next(values.serverVersion);
    const prompt = this.versionPrompt(
      values,
      steps.update,
      'Which update of TFS 2015?',
      tfs2015UpdateChoices,
      'Paying for server users through an organization needs TFS 2015 Update 2 or later. The update is shown under Help > About in the web portal.',
    );
    const withPrefix: ServerVersionPromptOptions = { ...prompt, typedPrefix: 'TFS 2015' };
    return step.prompt(versionPromptId, withPrefix);
  }

  private async checkVersion(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === cancelChoice) return cancelled(step);
    const values = step.values as Values;
    if (values.deployment === 'server') {
      values.serverVersion = step.result as string;
      const version = versionOf(values.serverVersion);
      const outcome = testManagerOutcome({ deployment: 'server', version }, { kind: 'needsSeat', current: '' });
      if (outcome.kind === 'not_supported') {
        await step.context.sendActivity({
          attachments: [
            this.deps.cards.attachment('test-manager-notice', {
              title: `${version.label} cannot use Test Manager paid through an organization`,
              text: 'Nothing was requested or changed.',
              people: [],
              lines: notSupportedAdvice(version),
              buttons: [],
              links: [{ title: 'Buy access to Azure DevOps Server or Test Plans', url: testManagerDocUrl }],
            }),
          ],
        });
        return step.endDialog();
      }
    }
    return this.organizationStep(step);
  }

  private async askPeople(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const organization = chosenOrganization(step);
    if (!organization) return cancelled(step);
    const values = step.values as Values;
    if (values.deployment === 'server') {
      const billing = await this.billingState(requireCaller(step), organization);
      if (billing === 'missing') {
        await step.context.sendActivity({
          attachments: [
            this.deps.cards.attachment('test-manager-notice', {
              title: `${organization.name} has no billing set up`,
              text:
                'Server users are paid through an organization whose billing is linked to an Azure subscription, so that comes first. ' +
                'Nothing was requested. Set up billing, then ask me again.',
              people: [],
              lines: ['The organization can stay empty: it only pays for the server users.'],
              buttons: [{ title: `Set up billing for ${organization.name}`, command: `set up billing for ${organization.name}` }],
              links: [{ title: 'Buy access to Azure DevOps Server or Test Plans', url: testManagerDocUrl }],
            }),
          ],
        });
        return step.endDialog();
      }
      if (billing === 'unknown') {
        await step.context.sendActivity(
          `I cannot see whether ${organization.name} has billing set up. If it has not, a Project Collection Administrator must set it up before the seats can be assigned.`,
        );
      }
    }
    if (values.people.length > 0 && values.problems.length === 0) return step.next({ cancelled: false, values: undefined });
    const prompt: FormPromptOptions = {
      runId: values.runId,
      step: steps.people,
      card: this.deps.cards.attachment('test-manager-people', {
        title: `Grant Test Manager in ${organization.name}`,
        text: 'Who needs Test Manager (Basic + Test Plans)? I check what each person already has before anything is bought.',
        problems: values.problems,
        people: values.people.join(', '),
        justification: values.justification,
        submit: submit(values, steps.people, 'submit'),
        cancel: submit(values, steps.people, cancelChoice),
      }),
    };
    return step.prompt(formPromptId, prompt);
  }

  private async assess(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as { cancelled: boolean; values?: z.infer<typeof formSchema> };
    if (result.cancelled) return cancelled(step);
    const values = step.values as Values;
    const organization = values.organization as Organization;
    if (result.values) {
      values.people = splitPeople(result.values.people);
      values.justification = result.values.justification.trim();
    }
    const caller = requireCaller(step);
    const draft = { organization, principalNames: values.people, level: 'basicTestPlans' as const, justification: values.justification };
    const priced = await this.deps.service.preview(caller, draft);
    if (priced.kind === 'invalid') return this.startOver(step, priced.problems.map(escapeUserText));

    const entitlements = await this.deps.service.entitlements(caller, organization);
    const target = this.target(values);
    const rows: DetailRow[] = values.people.map((principalName) => {
      const entitlement = entitlements.find((candidate) => candidate.principalName.toLowerCase() === principalName.toLowerCase());
      const outcome = testManagerOutcome(target, personSituation(entitlement?.accessLevel ?? null));
      return { name: escapeUserText(principalName), detail: outcome.why };
    });

    if (priced.kind === 'nothing_to_do') {
      if (target.deployment === 'server') {
        await step.context.sendActivity(`Everyone already has Test Plans in ${organization.name}, so there is nothing to buy. Here is what the server admin does.`);
        await this.deps.openChecklist(step, { version: target.version, organization, people: values.people });
        return step.endDialog();
      }
      await step.context.sendActivity({
        attachments: [
          this.deps.cards.attachment('test-manager-notice', {
            title: 'Nothing to buy',
            text: `Everyone you named already has Test Plans in ${organization.name}. Nothing was requested.`,
            people: rows,
            lines: [],
            buttons: [],
            links: [],
          }),
        ],
      });
      return step.endDialog();
    }
    const notes = [
      'Assigning an access level is the purchase: it is billed daily from the day it is assigned, signed in or not.',
      'An approver (a configured approver or a Project Collection Administrator) decides; you will hear from me.',
    ];
    if (target.deployment === 'services') {
      const trial = testPlansTrialNote(entitlements.map((entitlement) => entitlement.accessLevel));
      if (trial) notes.push(trial);
    } else {
      notes.push(`After you send it, I give you the server admin's checklist for ${target.version.label}.`);
    }
    const prompt: CardPromptOptions = {
      runId: values.runId,
      step: steps.preview,
      card: this.deps.cards.attachment('seat-request-preview', previewCardData(values, priced.preview, target, notes)),
      accepted: { [sendChoice]: ['send', 'yes', 'submit'] },
    };
    return step.prompt(choicePromptId, prompt);
  }

  private async send(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === cancelChoice) return cancelled(step);
    const values = step.values as Values;
    const organization = values.organization as Organization;
    const outcome = await this.deps.service.submit(requireCaller(step), {
      organization,
      principalNames: values.people,
      level: 'basicTestPlans',
      justification: values.justification,
    });
    const target = this.target(values);
    if (outcome.kind === 'submitted') {
      await this.deps.announce(step, outcome.request);
      if (target.deployment === 'server') {
        await this.deps.openChecklist(step, { version: target.version, organization, people: values.people, request: outcome.request });
      }
    } else if (outcome.kind === 'nothing_to_do') {
      await step.context.sendActivity('Meanwhile everyone got Test Plans, so there is nothing left to request. Nothing was sent.');
    } else if (outcome.kind === 'invalid') {
      await step.context.sendActivity(`I could not send the request: ${outcome.problems.map(escapeUserText).join(' ')}`);
    } else {
      await step.context.sendActivity('The cost changed while you were reading; ask again to see the new preview. Nothing was sent.');
    }
    return step.endDialog();
  }

  private target(values: Values): TestManagerTarget {
    return values.deployment === 'server' && values.serverVersion
      ? { deployment: 'server', version: versionOf(values.serverVersion) }
      : { deployment: 'services' };
  }

  /** Billing is read with the caller's rights; a link hidden from them reads as unknown, never as missing. */
  private async billingState(caller: Caller, organization: Organization): Promise<'linked' | 'missing' | 'unknown'> {
    try {
      const row = await this.deps.billing.statusOf(caller, organization.id);
      if (!row) return 'unknown';
      if (row.link) return 'linked';
      return row.uncheckedSubscriptionIds.length === 0 ? 'missing' : 'unknown';
    } catch (error) {
      if (error instanceof AzureError) return 'unknown';
      throw error;
    }
  }

  private versionPrompt(
    values: Values,
    stepId: string,
    title: string,
    choices: ReadonlyArray<{ title: string; value: string }>,
    text = 'Pick the release, or type it (for example "TFS 2017 Update 3" or "Azure DevOps Server 2022.1").',
  ): ServerVersionPromptOptions {
    return {
      runId: values.runId,
      step: stepId,
      card: this.deps.cards.attachment('test-manager-question', {
        title,
        text,
        choices: choices.map((choice) => ({ title: choice.title, submit: submit(values, stepId, choice.value) })),
        hint: 'Not sure? The version is shown under Help > About in the web portal of the server.',
        cancel: submit(values, stepId, cancelChoice),
      }),
    };
  }

  private startOver(step: WaterfallStepContext, problems: string[]): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const options: TestManagerOptions = {
      organizationName: values.organization?.name,
      people: values.people,
      deployment: values.deployment,
      serverVersion: values.serverVersion,
      justification: values.justification,
      problems,
    };
    return step.replaceDialog(`${testManagerDialogId}.steps`, options);
  }
}

function versionOf(text: string): ServerVersion {
  const parsed = parseServerVersion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.version;
}

function previewCardData(values: Values, preview: SeatPreview, target: TestManagerTarget, notes: string[]) {
  const level = accessLevel(preview.level).uiName;
  const where = target.deployment === 'server' ? `${target.version.label} users paid through ${preview.organization.name}` : preview.organization.name;
  return {
    title: `Request Test Manager (${level}) for ${where}?`,
    facts: [
      { title: 'Organization', value: preview.organization.name },
      { title: 'Access level', value: level },
      ...(target.deployment === 'server' ? [{ title: 'Server', value: target.version.label }] : []),
      { title: 'People', value: String(preview.people.length) },
      { title: 'Why', value: values.justification ? escapeUserText(values.justification) : '(no reason given)' },
    ],
    people: preview.people.map((seat) => personRow(seat, preview.level)),
    unchanged: preview.unchanged.map((person) => ({ name: escapeUserText(person.principalName), detail: person.why })),
    costSummary: preview.cost.summary,
    notes,
    confirm: submit(values, steps.preview, sendChoice),
    cancel: submit(values, steps.preview, cancelChoice),
  };
}
