import { z } from 'zod';
import type { SeatRequest } from '../../../approvals/seatRequest.js';
import type { Caller } from '../../../azure/ports.js';
import { cardResponse, errorResponse, type ActionResponse } from '../../../bot/contracts.js';
import type { CardRenderer } from '../../../cards/renderer.js';
import type { DecisionOutcome, SeatRequestService } from '../../../services/seatRequests.js';
import type { SeatRequestNotifier } from '../notifier.js';
import { signedUsd } from '../../../dialogs/seatRows.js';
import { approvalCardData } from '../views.js';

export interface SeatActionDeps {
  service: SeatRequestService;
  notifier: SeatRequestNotifier;
  cards: CardRenderer;
}

/** What every approval-card button carries: the request and the version its viewer saw. Nothing else is trusted. */
export const decisionSchema = z.object({
  requestId: z.string().min(1).max(100),
  version: z.number().int().positive(),
});

/**
 * Turns a decision's outcome into the card the clicking user sees. Refusals are cards too (the current state with
 * the reason on top), so nobody is left with a stale card; only a request that does not exist is an error.
 */
export async function respond(deps: SeatActionDeps, actor: Caller, outcome: DecisionOutcome, done: (request: SeatRequest) => string): Promise<ActionResponse> {
  switch (outcome.kind) {
    case 'not_found':
      return errorResponse(404, 'RequestNotFound', 'I have no seat request behind this card. Type **pending approvals** to see the open ones.');
    case 'not_allowed':
      return card(deps, outcome.request, 'readOnly', `${outcome.message} Nothing was changed.`);
    case 'already_decided':
      return card(deps, outcome.request, 'readOnly', outcome.message);
    case 'stale':
      return card(deps, outcome.request, await viewOf(deps, actor, outcome.request), 'This card was out of date, so nothing was changed. Here is the request as it is now.');
    case 'repriced':
      return card(
        deps,
        outcome.request,
        'approver',
        `The cost changed since this card was sent (${signedUsd(outcome.previousMonthlyDelta)} a month then, ${signedUsd(outcome.request.cost.monthlyDelta)} now), so nothing was assigned yet. Approve again to accept the new figure.`,
      );
    case 'invalid':
      return card(deps, outcome.request, 'approver', outcome.message);
    case 'done':
      await deps.notifier.updateCards(outcome.request);
      await deps.notifier.tellRequester(outcome.request, done(outcome.request));
      return card(deps, outcome.request, await viewOf(deps, actor, outcome.request), '');
  }
}

export async function viewOf(deps: SeatActionDeps, actor: Caller, request: SeatRequest): Promise<'approver' | 'readOnly'> {
  return (await deps.service.canDecide(actor, request)) ? 'approver' : 'readOnly';
}

function card(deps: SeatActionDeps, request: SeatRequest, viewer: 'approver' | 'readOnly', note: string): ActionResponse {
  const data = approvalCardData(request, viewer);
  return cardResponse(deps.cards.render('seat-approval', note ? { ...data, note } : data));
}
