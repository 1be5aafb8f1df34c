import { z } from 'zod';
import { cardResponse, defineAction, errorResponse } from '../../../bot/contracts.js';
import type { CardRenderer } from '../../../cards/renderer.js';
import type { BillingSetupService } from '../../../services/billingSetup.js';
import { refreshVerb, statusCardData } from '../statusCard.js';

/**
 * Refresh on a status card: re-reads the organization's billing for the person who clicked (their rights, not
 * the sender's) and answers with the updated card, which Teams swaps in place.
 */
export function refreshBillingStatusAction(deps: { billing: BillingSetupService; cards: CardRenderer; now: () => Date }) {
  return defineAction({
    verb: refreshVerb,
    data: z.object({ organizationId: z.string().min(1).max(100) }),
    async handle({ caller }, { organizationId }) {
      const status = await deps.billing.statusOf(caller, organizationId);
      if (!status) {
        return errorResponse(
          404,
          'OrganizationNotVisible',
          'I cannot find this organization among yours any more (or you are not its Project Collection Administrator). Type **billing status** to see the ones you manage.',
        );
      }
      return cardResponse(deps.cards.render('billing-status', statusCardData(status, deps.now())));
    },
  });
}
