import { defineAction } from '../../../bot/contracts.js';
import { describeStatus } from '../../../approvals/seatRequest.js';
import { verbs } from '../views.js';
import { decisionSchema, respond, type SeatActionDeps } from './respond.js';

/** Approve: exactly one click wins (compare-and-set on the stored request); the level is then assigned. */
export function approveAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.approve,
    data: decisionSchema,
    async handle({ caller }, { requestId, version }) {
      const outcome = await deps.service.approve(caller, requestId, version);
      return respond(deps, caller, outcome, (request) =>
        `${caller.displayName ?? 'An approver'} approved your seat request ${request.number}: it is ${describeStatus(request.status)}.`,
      );
    },
  });
}
