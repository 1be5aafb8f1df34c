import { z } from 'zod';
import { defineAction } from '../../../bot/contracts.js';
import { escapeUserText } from '../../../cards/escape.js';
import { verbs } from '../views.js';
import { decide, decisionSchema, type SeatActionDeps } from './respond.js';

/** Reject, with the reason the approver typed in the card (the requester sees it). */
export function rejectAction(deps: SeatActionDeps) {
  return defineAction({
    verb: verbs.reject,
    // Longer than the service accepts, so an over-long reason gets a sentence rather than "damaged card".
    data: decisionSchema.extend({ reason: z.string().max(10_000).optional() }),
    handle: ({ caller }, { requestId, version, reason }) =>
      decide(
        deps,
        caller,
        requestId,
        () => deps.service.reject(caller, requestId, version, reason ?? ''),
        (request) => `${escapeUserText(caller.displayName ?? 'An approver')} rejected your seat request ${request.number}. Nothing was assigned.`,
      ),
  });
}
