import { z } from 'zod';
import { cardResponse, defineAction, errorResponse } from '../../../bot/contracts.js';
import type { ConversationReferenceStore } from '../../../bot/conversationReferences.js';
import type { ProactiveMessenger } from '../../../bot/proactive.js';
import type { CardRenderer } from '../../../cards/renderer.js';
import type { Logger } from '../../../logger.js';
import type { SeatRequestService } from '../../../services/seatRequests.js';
import { checklistCardData, toggleStepVerb } from '../checklistCard.js';
import type { ServerChecklist, ServerChecklists } from '../checklists.js';

export interface ChecklistActionDeps {
  checklists: ServerChecklists;
  seatRequests: SeatRequestService;
  references: ConversationReferenceStore;
  proactive: ProactiveMessenger;
  cards: CardRenderer;
  logger: Logger;
  now: () => Date;
}

/**
 * A step's Done (or Undo) button. The card names the checklist, the step and the state asked for; the store holds
 * the truth and records who ticked it (the invoke's sender). The clicker gets the new card in the response, and
 * every other posted copy is updated so the whole chat sees the same progress.
 */
export function toggleStepAction(deps: ChecklistActionDeps) {
  return defineAction({
    verb: toggleStepVerb,
    data: z.object({ checklistId: z.string().min(1).max(100), stepId: z.string().min(1).max(50), done: z.boolean() }),
    async handle({ context, caller }, { checklistId, stepId, done }) {
      const stored = await deps.checklists.get(checklistId);
      if (!stored || stored.tenantId !== caller.tenantId) {
        return errorResponse(404, 'ChecklistNotFound', 'I have no checklist behind this card. Type **grant test manager** to start again.');
      }
      const outcome = await deps.checklists.setStep(
        checklistId,
        stepId,
        done,
        { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
        deps.now().toISOString(),
      );
      if (outcome.kind === 'unknown_step') return errorResponse(400, 'UnknownStep', 'This card names a step the checklist does not have.');
      if (outcome.kind === 'not_found') return errorResponse(404, 'ChecklistNotFound', 'This checklist no longer exists.');
      const card = deps.cards.render('test-manager-checklist', await cardData(deps, outcome.checklist));
      await updateOtherCopies(deps, outcome.checklist, card, context.activity.replyToId);
      return cardResponse(card);
    },
  });
}

export async function cardData(deps: Pick<ChecklistActionDeps, 'seatRequests'>, checklist: ServerChecklist) {
  const request = checklist.requestId
    ? await deps.seatRequests.get({ aadObjectId: checklist.createdBy.aadObjectId, tenantId: checklist.tenantId }, checklist.requestId)
    : undefined;
  return checklistCardData(checklist, request);
}

async function updateOtherCopies(deps: ChecklistActionDeps, checklist: ServerChecklist, card: object, clickedActivityId: string | undefined): Promise<void> {
  for (const posted of checklist.cards) {
    if (posted.activityId === clickedActivityId) continue;
    const reference = await deps.references.get(posted.conversationId);
    if (!reference) continue;
    try {
      await deps.proactive.update(reference, posted.activityId, {
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      });
    } catch (error) {
      deps.logger.warn({ err: error, checklistId: checklist.id, conversationId: posted.conversationId }, 'could not update a checklist card');
    }
  }
}
