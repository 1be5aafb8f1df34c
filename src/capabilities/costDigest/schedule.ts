import type { Activity } from 'botbuilder';
import { AzureError } from '../../azure/ports.js';
import type { ConversationReferenceStore } from '../../bot/conversationReferences.js';
import type { ProactiveMessenger } from '../../bot/proactive.js';
import type { CardRenderer } from '../../cards/renderer.js';
import type { Logger } from '../../logger.js';
import type { CostDigestService } from '../../services/costDigest.js';
import type { ApprovalChannels } from '../seatRequests/approvalChannels.js';
import { digestCardData } from './digestCard.js';

export interface DigestSenderDeps {
  service: CostDigestService;
  channels: ApprovalChannels;
  references: ConversationReferenceStore;
  proactive: ProactiveMessenger;
  cards: CardRenderer;
  logger: Logger;
  now: () => Date;
}

/**
 * Posts every digest that is due. Each is claimed (compare-and-set, next run moved on) before anything is read or
 * sent, so a restart or a second instance never posts one twice; the price is that a digest whose post fails is not
 * retried until next month. A digest stopped while it was being prepared is not posted. Its outcome is recorded for
 * "cost digest status" and the log.
 */
export async function sendDueDigests(deps: DigestSenderDeps): Promise<void> {
  for (const schedule of await deps.service.claimDue()) {
    const organizationId = schedule.organization.id;
    const dueAt = schedule.lastRun?.dueAt ?? '';
    try {
      const channelId = await deps.channels.get(organizationId);
      const reference = channelId ? await deps.references.get(channelId) : undefined;
      if (!reference) {
        deps.logger.warn({ organization: schedule.organization.name }, 'a cost digest was due but no approvals conversation is set');
        await deps.service.recordOutcome(organizationId, dueAt, 'failed', 'no approvals conversation is set (type "send approvals here" where it should go)');
        continue;
      }
      const content = await deps.service.compose(schedule);
      const card = deps.cards.render('cost-digest', digestCardData(schedule, content, deps.now()));
      if (!(await deps.service.stillDue(organizationId, dueAt))) {
        deps.logger.info({ organization: schedule.organization.name }, 'a cost digest was stopped while it was being prepared; not posted');
        await deps.service.recordOutcome(organizationId, dueAt, 'failed', 'the digest was stopped while it was being prepared, so it was not posted');
        continue;
      }
      const activity: Partial<Activity> = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
      await deps.proactive.send(reference, activity);
      await deps.service.recordOutcome(organizationId, dueAt, 'sent');
    } catch (error) {
      deps.logger.error({ err: error, organization: schedule.organization.name }, 'a cost digest could not be posted');
      const detail = error instanceof AzureError ? error.message : 'an unexpected error (the bot log has the details)';
      await deps.service.recordOutcome(organizationId, dueAt, 'failed', detail);
    }
  }
}
