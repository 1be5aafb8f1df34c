import { defineAction } from '../../../bot/contracts.js';
import { describeStatus } from '../../../approvals/seatRequest.js';
import { verbs } from '../views.js';
import { decisionSchema, respond, type SeatActionDeps } from './respond.js';

/** Retry an assignment that failed for some people; people already assigned are not touched again. */
export function retryAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.retry,
    data: decisionSchema,
    async handle({ caller }, { requestId, version }) {
      const outcome = await deps.service.retry(caller, requestId, version);
      return respond(deps, caller, outcome, (request) => `Your seat request ${request.number} was retried: it is ${describeStatus(request.status)}.`);
    },
  });
}
