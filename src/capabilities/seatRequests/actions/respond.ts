import { z } from 'zod';
import type { SeatRequest } from '../../../approvals/seatRequest.js';
import type { Caller } from '../../../azure/ports.js';
import { cardResponse, errorResponse, type ActionResponse } from '../../../bot/contracts.js';
import { escapeUserText } from '../../../cards/escape.js';
import type { CardRenderer } from '../../../cards/renderer.js';
import { signedUsd } from '../../../dialogs/seatRows.js';
import type { Logger } from '../../../logger.js';
import type { DecisionOutcome, SeatRequestService } from '../../../services/seatRequests.js';
import type { SeatRequestNotifier } from '../notifier.js';
import { approvalCardData } from '../views.js';

export interface SeatActionDeps {
  service: SeatRequestService;
  notifier: SeatRequestNotifier;
  cards: CardRenderer;
  logger: Logger;
  /** Past this, an invoke is answered with "assigning now" and the card is updated when the assignment ends. */
  invokeBudgetMs: number;
}

/** What every approval-card button carries: the request and the version its viewer saw. Nothing else is trusted. */
export const decisionSchema = z.object({
  requestId: z.string().min(1).max(100),
  version: z.number().int().positive(),
});

/**
 * Runs a decision and answers the click. Teams gives an invoke a few seconds: when the decision (with its
 * assignment) takes longer, the approver gets "approved, assigning now" and every copy of the card, theirs
 * included, is updated when it ends. Side effects (every copy updated, the requester told) happen either way.
 */
export async function decide(
  deps: SeatActionDeps,
  actor: Caller,
  requestId: string,
  work: () => Promise<DecisionOutcome>,
  told: (request: SeatRequest) => string,
): Promise<ActionResponse> {
  const finished = work().then(async (outcome) => {
    if (outcome.kind === 'done') {
      await deps.notifier.updateCards(outcome.request);
      await deps.notifier.tellRequester(outcome.request, told(outcome.request));
    } else if (outcome.kind === 'repriced') {
      await deps.notifier.updateCards(outcome.request);
    }
    return outcome;
  });
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), deps.invokeBudgetMs);
    timer.unref();
  });
  const first = await Promise.race([finished, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return respond(deps, actor, first);
  finished.catch((error: unknown) => deps.logger.error({ err: error, requestId }, 'a seat decision failed after its card was answered'));
  const request = await deps.service.get(actor, requestId);
  if (!request) return errorResponse(404, 'RequestNotFound', 'I have no seat request behind this card.');
  return card(deps, request, 'readOnly', 'Working on it: this card updates itself when the assignment is done.');
}

/**
 * The card the clicking user sees for an outcome. Refusals are cards too (the current state with the reason on
 * top), so nobody is left with a stale card; only a request that does not exist (for this user) is an error.
 */
export async function respond(deps: SeatActionDeps, actor: Caller, outcome: DecisionOutcome): Promise<ActionResponse> {
  switch (outcome.kind) {
    case 'not_found':
      return errorResponse(404, 'RequestNotFound', 'I have no seat request behind this card. Type **pending approvals** to see the open ones.');
    case 'not_allowed':
      return card(deps, outcome.request, 'readOnly', `${escapeUserText(outcome.message)} Nothing was changed.`);
    case 'already_decided':
      return card(deps, outcome.request, 'readOnly', escapeUserText(outcome.message));
    case 'stale':
      return card(deps, outcome.request, await viewOf(deps, actor, outcome.request), 'This card was out of date, so nothing was changed. Here is the request as it is now.');
    case 'repriced':
      return card(
        deps,
        outcome.request,
        'approver',
        outcome.previousMonthlyDelta === outcome.request.cost.monthlyDelta
          ? 'Who the request changes is not the same as when this card was sent (see the people below), so nothing was assigned yet. Approve again to accept it.'
          : `The cost changed since this card was sent (${signedUsd(outcome.previousMonthlyDelta)} a month then, ${signedUsd(outcome.request.cost.monthlyDelta)} now), so nothing was assigned yet. Approve again to accept the new figure.`,
      );
    case 'invalid':
    case 'failed':
      return card(deps, outcome.request, await viewOf(deps, actor, outcome.request), escapeUserText(outcome.message));
    case 'done':
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
