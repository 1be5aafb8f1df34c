import { describeStatus } from '../../../approvals/seatRequest.js';
import { defineAction } from '../../../bot/contracts.js';
import { escapeUserText } from '../../../cards/escape.js';
import { verbs } from '../views.js';
import { decide, decisionSchema, type SeatActionDeps } from './respond.js';

/** Approve: exactly one click wins (compare-and-set on the stored request); the level is then assigned. */
export function approveAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.approve,
    data: decisionSchema,
    handle: ({ caller }, { requestId, version }) =>
      decide(
        deps,
        caller,
        requestId,
        () => deps.service.approve(caller, requestId, version),
        (request) => `${escapeUserText(caller.displayName ?? 'An approver')} approved your seat request ${request.number}: it is ${describeStatus(request.status)}.`,
      ),
  });
}
