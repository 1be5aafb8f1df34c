import { describeStatus } from '../../../approvals/seatRequest.js';
import { defineAction } from '../../../bot/contracts.js';
import { verbs } from '../views.js';
import { decide, decisionSchema, type SeatActionDeps } from './respond.js';

/** Retry an assignment that failed for some people; people already assigned are not touched again. */
export function retryAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.retry,
    data: decisionSchema,
    handle: ({ caller }, { requestId, version }) =>
      decide(
        deps,
        caller,
        requestId,
        () => deps.service.retry(caller, requestId, version),
        (request) => `Your seat request ${request.number} was retried: it is ${describeStatus(request.status)}.`,
      ),
  });
}
