import type { SeatRequestService } from '../../services/seatRequests.js';
import type { SeatRequestNotifier } from './notifier.js';

/**
 * Reminders and expiry. The service claims each due request with a compare-and-set before this tells anyone, so a
 * restart or a second instance never sends one twice; the schedule itself is the stored `remindAt`/`expiresAt`.
 */
export async function runDueWork(service: SeatRequestService, notifier: SeatRequestNotifier): Promise<void> {
  const { reminded, expired, interrupted } = await service.processDue();
  for (const request of interrupted) await notifier.updateCards(request);
  for (const request of reminded) await notifier.remind(request);
  for (const request of expired) {
    await notifier.updateCards(request);
    await notifier.tellRequester(request, `Your seat request ${request.number} expired without a decision. Nothing was assigned; ask again if it is still needed.`);
  }
}
