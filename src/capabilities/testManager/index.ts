import { randomUUID } from 'node:crypto';
import { requireCaller } from '../../dialogs/billingFlow.js';
import { TestManagerDialog, testManagerDialogId, type TestManagerOptions } from '../../dialogs/testManagerDialog.js';
import type { CapabilityModule } from '../capability.js';
import { announceInDialog } from '../seatRequests/index.js';
import { seatRequestNotifier } from '../seatRequests/notifier.js';
import { cardData, toggleStepAction } from './actions/toggleStep.js';
import { ServerChecklists } from './checklists.js';
import { grantTestManagerTrigger } from './trigger.js';

/**
 * Test Manager (Basic + Test Plans) for people on Azure DevOps Services or on Azure DevOps Server / TFS paid through
 * an organization: checks what each person already has, raises one seat request through the approval flow for the
 * rest, and gives the server admin a checklist whose steps anyone in the chat can tick.
 */
export const testManager: CapabilityModule = {
  name: 'Test Manager grants',
  commands: [{ intent: 'grantTestManager', replacesFlow: true, trigger: grantTestManagerTrigger }],
  help: {
    title: 'Grant Test Manager',
    description:
      'Give people Azure Test Plans (Basic + Test Plans), on Azure DevOps Services or on Azure DevOps Server / TFS paid through an organization. I check who already has it, ask an approver for the rest, and give the server admin a checklist.',
    example: 'give our TFS 2018 testers Test Manager',
    button: 'Grant Test Manager',
    command: 'grant test manager',
  },
  create: (deps) => {
    const { seatRequests: service, cards, logger } = deps;
    const notifier = seatRequestNotifier(deps);
    const checklists = new ServerChecklists(deps.settings);
    return {
      handlers: {
        grantTestManager: async ({ startFlow, recognized, text }) => {
          const options: TestManagerOptions = { organizationName: recognized.entities.organization, people: recognized.entities.emails, text };
          await startFlow(testManagerDialogId, options);
        },
      },
      dialogs: [
        new TestManagerDialog({
          service,
          billing: deps.billing,
          cards,
          newRunId: deps.newRunId,
          announce: announceInDialog(notifier),
          openChecklist: async (step, { version, organization, people, request }) => {
            const { activity } = step.context;
            const caller = requireCaller(step);
            const checklist = {
              id: randomUUID(),
              tenantId: caller.tenantId,
              serverVersion: version.label,
              organization: { id: organization.id, name: organization.name },
              people,
              requestId: request?.id,
              createdBy: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
              createdAt: deps.now().toISOString(),
              done: {},
              cards: [],
            };
            await checklists.create(checklist);
            const card = cards.attachment('test-manager-checklist', await cardData({ seatRequests: service }, checklist));
            const sent = await step.context.sendActivity({ attachments: [card] });
            if (sent?.id && activity.conversation?.id) {
              await checklists.recordCard(checklist.id, { conversationId: activity.conversation.id, activityId: sent.id });
            }
          },
        }),
      ],
      actions: [toggleStepAction({ checklists, seatRequests: service, references: deps.references, proactive: deps.proactive, cards, logger, now: deps.now })],
    };
  },
};
