import { cardResponse, defineAction, errorResponse } from '../../../bot/contracts.js';
import { approvalCardData, verbs } from '../views.js';
import { decisionSchema, viewOf, type SeatActionDeps } from './respond.js';

/**
 * Teams' refresh of an approval card, per viewer: approvers get the buttons, everyone else the status. The answer
 * never carries `refresh` itself, or Teams would refresh it again.
 */
export function viewAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.view,
    data: decisionSchema,
    async handle({ caller }, { requestId }) {
      const request = await deps.service.get(caller, requestId);
      if (!request) return errorResponse(404, 'RequestNotFound', 'I have no seat request behind this card.');
      return cardResponse(deps.cards.render('seat-approval', approvalCardData(request, await viewOf(deps, caller, request))));
    },
  });
}
