import { z } from 'zod';
import { defineAction } from '../../../bot/contracts.js';
import { maxJustificationLength } from '../../../services/seatRequests.js';
import { verbs } from '../views.js';
import { decisionSchema, respond, type SeatActionDeps } from './respond.js';

/** Reject, with the reason the approver typed in the card (the requester sees it). */
export function rejectAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.reject,
    data: decisionSchema.extend({ reason: z.string().max(maxJustificationLength * 4).optional() }),
    async handle({ caller }, { requestId, version, reason }) {
      const outcome = await deps.service.reject(caller, requestId, version, reason ?? '');
      return respond(deps, caller, outcome, (request) =>
        `${caller.displayName ?? 'An approver'} rejected your seat request ${request.number}. Nothing was assigned.`,
      );
    },
  });
}
